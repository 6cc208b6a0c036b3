import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckRun } from "../bindings/CheckRun";
import type { StepId } from "../bindings/StepId";
import type { StepView } from "../bindings/StepView";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  checkStep: vi.fn(),
  setupPlan: vi.fn(async () => []),
}));

import * as ipc from "../ipc";
import { errorMessage, toIpcError } from "../ipc";
import { appInfo as info, deferred, stepView } from "../testing/fixtures";
import { app } from "./app.svelte";
import { checks } from "./checks.svelte";

const step = (id: StepId, lastCheck: CheckRun | null = null): StepView =>
  stepView(id, { persona: "salesforce_admin", how: "verified", last_check: lastCheck });

const run = (outcome: CheckRun["outcome"]): CheckRun => ({
  step_id: "6",
  outcome,
  findings: [{ code: "package_old", level: "gap", params: { version: "1.7" } }],
  checked_at: "2026-11-26T14:03:00Z",
  actor: "ana",
});

beforeEach(() => {
  vi.mocked(ipc.checkStep).mockReset();
  app.info = info("sandbox");
  app.plan = [step("6"), step("7")];
  checks.reset();
});

describe("checking a step", () => {
  it("shows the plan Rust returns, with the step's new last check", async () => {
    vi.mocked(ipc.checkStep).mockResolvedValue([step("6", run("gaps")), step("7")]);
    await checks.check("6");
    expect(ipc.checkStep).toHaveBeenCalledWith("6");
    expect(app.plan[0]!.last_check?.outcome).toBe("gaps");
    expect(app.plan[0]!.last_check?.findings[0]?.code).toBe("package_old");
    expect(checks.isRunning("6")).toBe(false);
    expect(checks.errorOf("6")).toBeNull();
  });

  it("is running until the answer comes, and a second click does not call twice", async () => {
    const answer = deferred<StepView[]>();
    vi.mocked(ipc.checkStep).mockReturnValue(answer.promise);
    const first = checks.check("6");
    expect(checks.isRunning("6")).toBe(true);
    expect(checks.isRunning("7")).toBe(false);
    await checks.check("6");
    expect(ipc.checkStep).toHaveBeenCalledTimes(1);
    answer.resolve([step("6", run("ok")), step("7")]);
    await first;
    expect(checks.isRunning("6")).toBe(false);
    expect(app.plan[0]!.last_check?.outcome).toBe("ok");
  });

  it("keeps the error of the step that failed, translated by its code, and clears it on the next check", async () => {
    vi.mocked(ipc.checkStep).mockRejectedValueOnce({ code: "salesforce_not_connected", message: "not connected", detail: null });
    await checks.check("6");
    const error = checks.errorOf("6");
    expect(toIpcError(error).code).toBe("salesforce_not_connected");
    expect(errorMessage("es", error)).toContain("paso 2");
    expect(checks.errorOf("7")).toBeNull();
    expect(app.plan[0]!.last_check).toBeNull();

    vi.mocked(ipc.checkStep).mockResolvedValue([step("6", run("ok")), step("7")]);
    await checks.check("6");
    expect(checks.errorOf("6")).toBeNull();
  });

  it("shows an error only in the environment where the check failed", async () => {
    vi.mocked(ipc.checkStep).mockRejectedValueOnce({ code: "sales_account_server_error", message: "boom", detail: null });
    await checks.check("7");
    expect(checks.errorOf("7")).not.toBeNull();
    app.info = info("real");
    expect(checks.errorOf("7")).toBeNull();
    app.info = info("sandbox");
    expect(errorMessage("en", checks.errorOf("7"))).toMatch(/internal error/);
  });

  it("drops a plan that arrives after the environment was switched", async () => {
    const answer = deferred<StepView[]>();
    vi.mocked(ipc.checkStep).mockReturnValue(answer.promise);
    const pending = checks.check("6");
    app.info = info("real");
    const realPlan = [step("6"), step("7")];
    app.plan = realPlan;
    answer.resolve([step("6", run("ok")), step("7")]);
    await pending;
    expect(app.plan).toBe(realPlan);
    expect(checks.isRunning("6")).toBe(false);
  });
});
