import { describe, expect, it } from "vitest";
import type { StepState } from "./bindings/StepState";
import type { StepView } from "./bindings/StepView";
import { actionsFor, firstOpenStep, prerequisites, steps } from "./plan";

const text = { en: "x", es: "y" };
const step = (id: string, state: StepState): StepView => ({
  id,
  kind: id.startsWith("p") ? "prerequisite" : "step",
  persona: "marketo_admin",
  how: "manual",
  depends_on: [],
  waiting_on: [],
  title: text,
  what: text,
  why: text,
  console_path: text,
  status: { state, reason: null, actor: null, updated_at: null },
  last_check: null,
});

describe("plan helpers", () => {
  it("starts on the first step not done or skipped", () => {
    expect(firstOpenStep([step("p1", "done"), step("p2", "skipped"), step("1", "blocked"), step("2", "not_started")])).toBe("1");
    expect(firstOpenStep([step("p1", "done"), step("p2", "done")])).toBe("p1");
    expect(firstOpenStep([])).toBeNull();
  });

  it("groups prerequisites and steps", () => {
    const plan = [step("p1", "done"), step("1", "done"), step("p2", "done")];
    expect(prerequisites(plan).map((s) => s.id)).toEqual(["p1", "p2"]);
    expect(steps(plan).map((s) => s.id)).toEqual(["1"]);
  });

  it("offers reopen only for settled steps", () => {
    expect(actionsFor("done")).toEqual(["reopen"]);
    expect(actionsFor("skipped")).toEqual(["reopen"]);
    expect(actionsFor("not_started")).toEqual(["done", "in_progress", "skip", "block"]);
    expect(actionsFor("blocked")).not.toContain("block");
    expect(actionsFor("in_progress")).not.toContain("in_progress");
  });
});
