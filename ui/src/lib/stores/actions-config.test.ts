import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ActionsConfigView } from "../bindings/ActionsConfigView";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  marketoActionsConfig: vi.fn(),
  marketoActionsConnect: vi.fn(),
  marketoActionsForget: vi.fn(),
  setupPlan: vi.fn(async () => []),
  salesAccount: vi.fn(async () => null),
}));

import * as ipc from "../ipc";
import { errorMessage } from "../ipc";
import { appInfo as info } from "../testing/fixtures";
import { actionsConfig } from "./actions-config.svelte";
import { app } from "./app.svelte";

const saved: ActionsConfigView = {
  munchkin_id: "123-ABC-456",
  client_id: "sandbox-actions-client",
  secret_saved: true,
  sales_account_accepted_at: "2026-11-26T14:03:00Z",
  saved_at: "2026-11-26T14:03:00Z",
  saved_by: "ana",
};

beforeEach(() => {
  vi.clearAllMocks();
  app.info = info("sandbox");
  actionsConfig.reset();
  actionsConfig.enter("sandbox");
});

describe("step 3 Actions Config credentials", () => {
  it("sends the three values to Rust, keeps only what Rust returns (no secret) and reloads the plan", async () => {
    vi.mocked(ipc.marketoActionsConnect).mockResolvedValue(saved);
    expect(await actionsConfig.connect("123-ABC-456", "sandbox-actions-client", "s3cret")).toBe(true);
    expect(ipc.marketoActionsConnect).toHaveBeenCalledWith({ munchkin_id: "123-ABC-456", client_id: "sandbox-actions-client", client_secret: "s3cret" });
    expect(actionsConfig.view).toEqual(saved);
    expect(JSON.stringify(actionsConfig.view)).not.toContain("s3cret");
    expect(ipc.setupPlan).toHaveBeenCalledTimes(1);
  });

  it("says why the LaunchPoint credentials are refused for the Sales account", async () => {
    vi.mocked(ipc.marketoActionsConnect).mockRejectedValue({ code: "launchpoint_for_sales_account", message: "no", detail: null });
    expect(await actionsConfig.connect("123-ABC-456", "sandbox-marketo-client", "x")).toBe(false);
    expect(errorMessage("en", actionsConfig.error)).toMatch(/Actions Config/);
    expect(errorMessage("es", actionsConfig.error)).toMatch(/Configuración de acciones/);
    expect(ipc.setupPlan).not.toHaveBeenCalled();
  });
});
