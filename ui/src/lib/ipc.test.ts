import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", () => {
  class Channel<T> {
    onmessage: (message: T) => void = () => {};
  }
  return { invoke: vi.fn(), Channel, isTauri: vi.fn(() => false) };
});

import { Channel, invoke } from "@tauri-apps/api/core";
import type { SendProgress } from "./bindings/SendProgress";
import { es } from "./i18n/es";
import * as ipc from "./ipc";
import { errorMessage, IpcError } from "./ipc";

const invokeMock = vi.mocked(invoke);

beforeEach(() => {
  invokeMock.mockReset();
  invokeMock.mockResolvedValue(null);
});

describe("each wrapper sends its command with camelCase argument names", () => {
  const cases: [string, () => Promise<unknown>, string, Record<string, unknown> | undefined][] = [
    ["appInfo", () => ipc.appInfo(), "app_info", undefined],
    ["setLanguage", () => ipc.setLanguage("es"), "set_language", { language: "es" }],
    ["setupPlan", () => ipc.setupPlan(), "setup_plan", undefined],
    [
      "changeStepStatus",
      () => ipc.changeStepStatus("p2", { state: "skipped", reason: "done elsewhere" }),
      "change_step_status",
      { stepId: "p2", change: { state: "skipped", reason: "done elsewhere" } },
    ],
    ["salesAccount", () => ipc.salesAccount(), "sales_account", undefined],
    ["checkAddresses", () => ipc.checkAddresses("a@x.com"), "check_addresses", { text: "a@x.com" }],
    ["pauseSending", () => ipc.pauseSending(true), "pause_sending", { paused: true }],
    ["cancelSending", () => ipc.cancelSending(), "cancel_sending", undefined],
    ["listInvitations", () => ipc.listInvitations(true), "list_invitations", { refresh: true }],
  ];
  for (const [name, run, command, args] of cases) {
    it(name, async () => {
      await run();
      expect(invokeMock).toHaveBeenCalledTimes(1);
      expect(invokeMock).toHaveBeenCalledWith(command, args);
    });
  }

  it("inviteAddresses passes the team and a progress channel", async () => {
    const seen: SendProgress[] = [];
    await ipc.inviteAddresses("a@x.com b@x.com", "team-1", (p) => seen.push(p));
    const [command, args] = invokeMock.mock.calls[0]!;
    expect(command).toBe("invite_addresses");
    expect(Object.keys(args as object).sort()).toEqual(["onProgress", "teamId", "text"]);
    const { text, teamId, onProgress } = args as { text: string; teamId: string; onProgress: Channel<SendProgress> };
    expect(text).toBe("a@x.com b@x.com");
    expect(teamId).toBe("team-1");
    expect(onProgress).toBeInstanceOf(Channel);
    const update: SendProgress = {
      done: 1,
      total: 2,
      sent: 1,
      failed: 0,
      skipped: 0,
      per_second: 1,
      eta_seconds: 1,
      current: "b@x.com",
      paused: false,
    };
    onProgress.onmessage(update);
    expect(seen).toEqual([update]);
  });

  it("inviteAddresses sends null for the default team", async () => {
    await ipc.inviteAddresses("a@x.com", null, () => {});
    expect((invokeMock.mock.calls[0]![1] as { teamId: unknown }).teamId).toBeNull();
  });

  it("sendQueued passes only a progress channel", async () => {
    await ipc.sendQueued(() => {});
    const [command, args] = invokeMock.mock.calls[0]!;
    expect(command).toBe("send_queued");
    expect(Object.keys(args as object)).toEqual(["onProgress"]);
  });
});

describe("errors", () => {
  it("turn a rejected CommandError into an IpcError translated by code", async () => {
    invokeMock.mockRejectedValueOnce({ code: "reason_required", message: "a reason is needed to mark a step skipped", detail: null });
    const error = await ipc.changeStepStatus("1", { state: "skipped", reason: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect((error as IpcError).code).toBe("reason_required");
    expect(errorMessage("es", error)).toBe(es["error.reason_required"]);
    expect(errorMessage("en", error)).toBe("A reason is needed to skip or block a step. Write one, then confirm.");
  });

  it("translate a Sales-account failure by the service's code", async () => {
    invokeMock.mockRejectedValueOnce({ code: "sales_account", message: "the Sales account has no seat left", detail: "no_seats_left" });
    const error = await ipc.inviteAddresses("a@x.com", null, () => {}).catch((e: unknown) => e);
    expect(errorMessage("es", error)).toBe(es["error.sales_account.no_seats_left"]);
    expect(errorMessage("es", error)).not.toContain("seat");
  });

  it("use the general Sales-account message for a service code the window does not know", () => {
    const error = { code: "sales_account", message: "the Sales account refused the request (409 sync_running)", detail: "sync_running" };
    expect(errorMessage("es", error)).toBe(es["error.sales_account"]);
  });

  it("fall back to the message for an unknown command code", () => {
    expect(errorMessage("en", { code: "brand_new", message: "something new happened", detail: null })).toBe(
      "something new happened",
    );
  });

  it("translate a failure that is not a CommandError", async () => {
    invokeMock.mockRejectedValueOnce(new TypeError("window.__TAURI_INTERNALS__ is undefined"));
    const error = await ipc.appInfo().catch((e: unknown) => e);
    expect((error as IpcError).code).toBe("unexpected");
    expect(errorMessage("es", error)).toBe(es["error.unexpected"]);
  });
});
