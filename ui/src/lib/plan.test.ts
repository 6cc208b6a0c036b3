import { describe, expect, it } from "vitest";
import type { StepId } from "./bindings/StepId";
import type { StepState } from "./bindings/StepState";
import type { StepView } from "./bindings/StepView";
import { actionsFor, firstOpenStep, prerequisites, steps } from "./plan";
import { stepView } from "./testing/fixtures";

const step = (id: StepId, state: StepState): StepView =>
  stepView(id, { kind: id.startsWith("p") ? "prerequisite" : "step", status: { state, reason: null, actor: null, updated_at: null, verified_by: null } });

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
