import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckRun } from "../bindings/CheckRun";
import type { MarketoAdmin } from "../bindings/MarketoAdmin";
import type { StepView } from "../bindings/StepView";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  marketoAdmins: vi.fn(),
  inviteMarketoAdmins: vi.fn(),
  setupPlan: vi.fn(async () => []),
}));

import * as ipc from "../ipc";
import { errorMessage, toIpcError } from "../ipc";
import { appInfo as info, stepView } from "../testing/fixtures";
import { app } from "./app.svelte";
import { adminName, admins } from "./steps-admins.svelte";

const admin = (email: string, first: string | null, last: string | null): MarketoAdmin => ({
  id: 1,
  userid: email,
  email,
  first_name: first,
  last_name: last,
  roles: ["Admin"],
});

const list = [admin("ana@example.com", "Ana", "López"), admin("bo@example.com", "Bo", null), admin("cy@example.com", null, null)];

const run: CheckRun = {
  step_id: "1",
  outcome: "ok",
  findings: [
    { code: "admins_invited", level: "ok", params: { count: "2", emails: "bo@example.com, ana@example.com" } },
    { code: "first_admin_never_delete", level: "info", params: { email: "bo@example.com" } },
  ],
  checked_at: "2026-11-26T14:03:00Z",
  actor: "ana",
};

const step1: StepView = stepView("1", { how: "app", last_check: run });

beforeEach(() => {
  vi.clearAllMocks();
  app.info = info("sandbox");
  app.plan = [];
  admins.reset();
  admins.enter("sandbox");
});

describe("step 1 admins", () => {
  it("names an admin, or uses the email when Marketo has no name", () => {
    expect(list.map(adminName)).toEqual(["Ana López", "Bo", "cy@example.com"]);
  });

  it("loads the admins, keeps the picking order and invites them first-picked first, then reloads the plan", async () => {
    vi.mocked(ipc.marketoAdmins).mockResolvedValue(list);
    vi.mocked(ipc.inviteMarketoAdmins).mockResolvedValue(run);
    vi.mocked(ipc.setupPlan).mockResolvedValue([step1]);

    await admins.load();
    expect(admins.admins?.map((a) => a.email)).toEqual(["ana@example.com", "bo@example.com", "cy@example.com"]);

    admins.toggle("bo@example.com");
    admins.toggle("ana@example.com");
    admins.toggle("cy@example.com");
    admins.toggle("cy@example.com");
    expect(admins.chosenAdmins.map((a) => a.email)).toEqual(["bo@example.com", "ana@example.com"]);

    await admins.invite();
    expect(ipc.inviteMarketoAdmins).toHaveBeenCalledWith(["bo@example.com", "ana@example.com"]);
    expect(admins.invited?.findings[0]?.code).toBe("admins_invited");
    expect(ipc.setupPlan).toHaveBeenCalledTimes(1);
    expect(app.plan[0]?.last_check?.step_id).toBe("1");
    expect(admins.inviting).toBe(false);
  });

  it("takes the first admins only: more than 3 picked sends nothing and says step 5", async () => {
    const many = [...list, admin("dee@example.com", "Dee", null)];
    vi.mocked(ipc.marketoAdmins).mockResolvedValue(many);
    await admins.load();
    for (const a of many) admins.toggle(a.email);
    expect(admins.tooMany).toBe(true);
    await admins.invite();
    expect(ipc.inviteMarketoAdmins).not.toHaveBeenCalled();
    admins.toggle("dee@example.com");
    expect(admins.tooMany).toBe(false);
    vi.mocked(ipc.inviteMarketoAdmins).mockRejectedValue({ code: "first_admins_only", message: "3", params: { max: "3", existing: "1", new: "3", step: "5" } });
    await admins.invite();
    expect(ipc.inviteMarketoAdmins).toHaveBeenCalledTimes(1);
    expect(errorMessage("en", admins.inviteError)).toMatch(/step 5/);
    expect(errorMessage("es", admins.inviteError)).toMatch(/paso 5/);
  });

  it("invites nobody when nobody is picked", async () => {
    await admins.invite();
    expect(ipc.inviteMarketoAdmins).not.toHaveBeenCalled();
  });

  it("drops a pick that is no longer an admin when the list is read again", async () => {
    vi.mocked(ipc.marketoAdmins).mockResolvedValueOnce(list).mockResolvedValueOnce(list.slice(1));
    await admins.load();
    admins.toggle("ana@example.com");
    admins.toggle("bo@example.com");
    await admins.load();
    expect(admins.chosen).toEqual(["bo@example.com"]);
  });

  it("keeps the hand-off route's console path and the translated errors", async () => {
    vi.mocked(ipc.marketoAdmins).mockResolvedValue(list);
    await admins.load();
    admins.toggle("ana@example.com");
    vi.mocked(ipc.inviteMarketoAdmins).mockRejectedValue({
      code: "handoff_route",
      message: "console",
      params: { console_path: "Marketo › Admin › Sales Insight › Actions Config › (pick an admin) › Send Invite" },
    });
    await admins.invite();
    expect(toIpcError(admins.inviteError).params.console_path).toMatch(/Actions Config/);
    expect(admins.invited).toBeNull();
    expect(ipc.setupPlan).not.toHaveBeenCalled();

    vi.mocked(ipc.inviteMarketoAdmins).mockRejectedValue({ code: "admin_count", message: "none", detail: null });
    await admins.invite();
    expect(errorMessage("en", admins.inviteError)).toMatch(/at least one admin/);
    expect(errorMessage("es", admins.inviteError)).toMatch(/al menos un administrador/);
  });

  it("says Marketo is not connected when the list cannot be read", async () => {
    vi.mocked(ipc.marketoAdmins).mockRejectedValue({ code: "marketo_not_connected", message: "no", detail: null });
    await admins.load();
    expect(admins.admins).toBeNull();
    expect(errorMessage("es", admins.loadError)).toMatch(/paso 3/);
  });

  it("forgets the picks of another environment", async () => {
    vi.mocked(ipc.marketoAdmins).mockResolvedValue(list);
    await admins.load();
    admins.toggle("ana@example.com");
    app.info = info("real");
    admins.enter("real");
    expect(admins.admins).toBeNull();
    expect(admins.chosen).toEqual([]);
  });
});
