import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ChangeReport } from "../bindings/ChangeReport";
import type { PermissionSetPlan } from "../bindings/PermissionSetPlan";
import type { RemoteSitePlan } from "../bindings/RemoteSitePlan";
import type { StepView } from "../bindings/StepView";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  planSalesforceRemoteSites: vi.fn(),
  createSalesforceRemoteSites: vi.fn(),
  removeSalesforceRemoteSite: vi.fn(),
  planSalesforcePermissionSet: vi.fn(),
  assignSalesforcePermissionSet: vi.fn(),
  unassignSalesforcePermissionSet: vi.fn(),
  checkStep: vi.fn(),
  setupPlan: vi.fn(async () => []),
}));

import * as ipc from "../ipc";
import { errorMessage, toIpcError } from "../ipc";
import { appInfo as info, stepView } from "../testing/fixtures";
import { app } from "./app.svelte";
import { checks } from "./checks.svelte";
import { enterStep7, permissionSet, remoteSites } from "./steps-salesforce.svelte";

const IMS = "https://ims-na1.adobelogin.com";
const SALES = "https://mkto-sales-connect.adobe.io";

const step7 = (outcome: "ok" | "gaps"): StepView =>
  stepView("7", {
    persona: "salesforce_admin",
    how: "verified",
    last_check: { step_id: "7", outcome, findings: [], checked_at: "2026-11-26T14:03:00Z", actor: "ana" },
  });

const missingBoth: RemoteSitePlan = {
  to_create: [
    { name: "MarketoSalesInsight1", url: IMS, salesforce_id: null },
    { name: "MarketoSalesInsight2", url: SALES, salesforce_id: null },
  ],
  already_present: [],
  inactive: [],
};
const bothPresent: RemoteSitePlan = {
  to_create: [],
  already_present: [
    { name: "MarketoSalesInsight1", url: IMS, salesforce_id: "0rp1" },
    { name: "MarketoSalesInsight2", url: SALES, salesforce_id: "0rp2" },
  ],
  inactive: [],
};
const created: ChangeReport = {
  applied: [
    { kind: "remote_site_created", salesforce_id: "0rp1", target: IMS },
    { kind: "remote_site_created", salesforce_id: "0rp2", target: SALES },
  ],
  failed: [],
};

beforeEach(() => {
  vi.clearAllMocks();
  app.info = info("sandbox");
  app.plan = [];
  checks.reset();
  remoteSites.reset();
  permissionSet.reset();
  enterStep7("sandbox");
  vi.mocked(ipc.checkStep).mockResolvedValue([step7("ok")]);
});

describe("remote sites", () => {
  it("previews, creates on confirmation, re-plans and re-checks step 7, then undoes one site", async () => {
    vi.mocked(ipc.planSalesforceRemoteSites).mockResolvedValueOnce(missingBoth).mockResolvedValue(bothPresent);
    vi.mocked(ipc.createSalesforceRemoteSites).mockResolvedValue(created);

    await remoteSites.preview();
    expect(remoteSites.plan?.to_create.map((site) => site.url)).toEqual([IMS, SALES]);
    expect(ipc.createSalesforceRemoteSites).not.toHaveBeenCalled();

    await remoteSites.apply();
    expect(ipc.createSalesforceRemoteSites).toHaveBeenCalledTimes(1);
    expect(remoteSites.report?.applied.map((change) => change.target)).toEqual([IMS, SALES]);
    expect(remoteSites.plan?.already_present).toHaveLength(2);
    expect(ipc.checkStep).toHaveBeenCalledWith("7");
    expect(app.plan[0]?.last_check?.outcome).toBe("ok");

    vi.mocked(ipc.removeSalesforceRemoteSite).mockResolvedValue({ kind: "remote_site_deactivated", salesforce_id: "0rp2", target: SALES });
    vi.mocked(ipc.checkStep).mockResolvedValue([step7("gaps")]);
    await remoteSites.undo("0rp2");
    expect(ipc.removeSalesforceRemoteSite).toHaveBeenCalledWith("0rp2");
    expect(remoteSites.isUndone("0rp2")).toBe(true);
    expect(remoteSites.isUndone("0rp1")).toBe(false);
    expect(remoteSites.report?.applied).toHaveLength(2);
    expect(ipc.checkStep).toHaveBeenCalledTimes(2);
    expect(app.plan[0]?.last_check?.outcome).toBe("gaps");

    // Undoing twice does not call Salesforce again.
    await remoteSites.undo("0rp2");
    expect(ipc.removeSalesforceRemoteSite).toHaveBeenCalledTimes(1);
  });

  it("applies nothing before a preview", async () => {
    await remoteSites.apply();
    expect(ipc.createSalesforceRemoteSites).not.toHaveBeenCalled();
  });

  it("keeps a refused undo as a translated error, and the change as not undone", async () => {
    vi.mocked(ipc.planSalesforceRemoteSites).mockResolvedValue(missingBoth);
    vi.mocked(ipc.createSalesforceRemoteSites).mockResolvedValue(created);
    await remoteSites.preview();
    await remoteSites.apply();
    vi.mocked(ipc.removeSalesforceRemoteSite).mockRejectedValue({ code: "not_made_by_app", message: "not ours", detail: null });
    await remoteSites.undo("0rp1");
    expect(remoteSites.isUndone("0rp1")).toBe(false);
    expect(toIpcError(remoteSites.error).code).toBe("not_made_by_app");
    expect(errorMessage("en", remoteSites.error)).toMatch(/did not make this change/);
    expect(errorMessage("es", remoteSites.error)).toMatch(/no lo hizo la aplicación/);
    expect(remoteSites.undoing).toBeNull();
  });

  it("shows Salesforce's error in the admin's language when the preview fails", async () => {
    vi.mocked(ipc.planSalesforceRemoteSites).mockRejectedValue({ code: "insufficient_access", message: "no", detail: null });
    await remoteSites.preview();
    expect(remoteSites.plan).toBeNull();
    expect(remoteSites.planning).toBe(false);
    expect(errorMessage("es", remoteSites.error, "salesforce")).toMatch(/Este usuario de Salesforce no puede hacer eso/);
  });

  it("drops an answer that arrives after the environment was switched", async () => {
    let answer!: (plan: RemoteSitePlan) => void;
    vi.mocked(ipc.planSalesforceRemoteSites).mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const pending = remoteSites.preview();
    app.info = info("real");
    enterStep7("real");
    answer(missingBoth);
    await pending;
    expect(remoteSites.plan).toBeNull();
    expect(remoteSites.planning).toBe(false);
  });
});

describe("permission set", () => {
  const plan: PermissionSetPlan = {
    label: "Marketo App Access",
    permission_set_id: "0PS1",
    to_assign: [{ email: "bo@example.com", user_id: "005B", username: "bo@example.com.org", assignment_id: null }],
    already_assigned: [{ email: "ana@example.com", user_id: "005A", username: "ana@example.com.org", assignment_id: "0Pa1" }],
    skipped: [{ email: "cy@example.com", reason: "user_not_found" }],
  };

  it("assigns to exactly the people the preview showed, and undoes an assignment", async () => {
    vi.mocked(ipc.planSalesforcePermissionSet).mockResolvedValue(plan);
    vi.mocked(ipc.assignSalesforcePermissionSet).mockResolvedValue({
      applied: [{ kind: "permission_set_assigned", salesforce_id: "0Pa2", target: "bo@example.com" }],
      failed: [{ target: "dee@example.com", error_code: "insufficient_access", message: "no" }],
    });
    await permissionSet.preview();
    await permissionSet.apply();
    expect(ipc.assignSalesforcePermissionSet).toHaveBeenCalledWith(["bo@example.com"]);
    expect(permissionSet.report?.applied[0]?.salesforce_id).toBe("0Pa2");
    expect(permissionSet.report?.failed[0]?.error_code).toBe("insufficient_access");
    expect(ipc.checkStep).toHaveBeenCalledWith("7");

    vi.mocked(ipc.unassignSalesforcePermissionSet).mockResolvedValue({
      kind: "permission_set_unassigned",
      salesforce_id: "0Pa2",
      target: "bo@example.com",
    });
    await permissionSet.undo("0Pa2");
    expect(ipc.unassignSalesforcePermissionSet).toHaveBeenCalledWith("0Pa2");
    expect(permissionSet.isUndone("0Pa2")).toBe(true);
  });

  it("says the permission set is missing when Rust refuses to assign", async () => {
    vi.mocked(ipc.planSalesforcePermissionSet).mockResolvedValue({ ...plan, permission_set_id: null });
    vi.mocked(ipc.assignSalesforcePermissionSet).mockRejectedValue({ code: "permission_set_missing", message: "missing", detail: null });
    await permissionSet.preview();
    await permissionSet.apply();
    expect(errorMessage("en", permissionSet.error)).toMatch(/step 6/);
    expect(permissionSet.report).toBeNull();
    expect(permissionSet.applying).toBe(false);
  });
});
