import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  p2SyncUser: vi.fn(),
  saveP2SyncUser: vi.fn(),
}));

import * as ipc from "../ipc";
import { errorMessage } from "../ipc";
import { appInfo as info } from "../testing/fixtures";
import { app } from "./app.svelte";
import { syncUser } from "./steps-p2.svelte";

beforeEach(() => {
  vi.clearAllMocks();
  app.info = info("sandbox");
  syncUser.reset();
  syncUser.enter("sandbox");
});

describe("P2 sync user", () => {
  it("loads the saved name into the field and saves a new one as Rust returns it", async () => {
    vi.mocked(ipc.p2SyncUser).mockResolvedValue(null);
    await syncUser.load();
    expect([syncUser.saved, syncUser.draft, syncUser.loaded]).toEqual([null, "", true]);
    syncUser.draft = " sync@acme.com ";
    expect(syncUser.dirty).toBe(true);
    vi.mocked(ipc.saveP2SyncUser).mockResolvedValue("sync@acme.com");
    expect(await syncUser.save()).toBe(true);
    expect(ipc.saveP2SyncUser).toHaveBeenCalledWith(" sync@acme.com ");
    expect(syncUser.saved).toBe("sync@acme.com");
    expect(syncUser.dirty).toBe(false);
  });

  it("keeps the field and says why when Rust refuses the name", async () => {
    syncUser.draft = "not a username";
    vi.mocked(ipc.saveP2SyncUser).mockRejectedValue({ code: "invalid_sync_user", message: "bad", detail: null });
    expect(await syncUser.save()).toBe(false);
    expect(syncUser.draft).toBe("not a username");
    expect(errorMessage("en", syncUser.error)).toMatch(/Salesforce username/);
    expect(errorMessage("es", syncUser.error)).toMatch(/nombre de usuario de Salesforce/);
  });

  it("forgets the name of another environment", async () => {
    vi.mocked(ipc.p2SyncUser).mockResolvedValue("sync@acme.com");
    await syncUser.load();
    app.info = info("real");
    syncUser.enter("real");
    expect([syncUser.saved, syncUser.draft]).toEqual([null, ""]);
  });
});
