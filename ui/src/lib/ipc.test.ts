import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", async () => (await import("./testing/fixtures")).tauriCore());
vi.mock("@tauri-apps/plugin-opener", () => ({ openUrl: vi.fn() }));

import { Channel, invoke } from "@tauri-apps/api/core";
import { openUrl } from "@tauri-apps/plugin-opener";
import type { SendProgress } from "./bindings/SendProgress";
import { en } from "./i18n/en";
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
    ["switchEnvironment", () => ipc.switchEnvironment("real"), "switch_environment", { kind: "real" }],
    ["salesRoute", () => ipc.salesRoute(), "sales_route", undefined],
    [
      "configureSalesRoute",
      () => ipc.configureSalesRoute({ route: "http", base_url: "https://sales.example.com", token: null }),
      "configure_sales_route",
      { input: { route: "http", base_url: "https://sales.example.com", token: null } },
    ],
    ["connections", () => ipc.connections(), "connections", undefined],
    ["salesforceSettings", () => ipc.salesforceSettings(), "salesforce_settings", undefined],
    [
      "saveSalesforceSettings",
      () => ipc.saveSalesforceSettings({ client_id: "key", login_host: "sandbox", port: 1718 }),
      "save_salesforce_settings",
      { settings: { client_id: "key", login_host: "sandbox", port: 1718 } },
    ],
    ["salesforceSignIn", () => ipc.salesforceSignIn(), "salesforce_sign_in", undefined],
    ["salesforcePendingSignIn", () => ipc.salesforcePendingSignIn(), "salesforce_pending_sign_in", undefined],
    [
      "salesforcePasteRedirect",
      () => ipc.salesforcePasteRedirect("http://localhost:1717/OauthRedirect?code=c&state=s"),
      "salesforce_paste_redirect",
      { url: "http://localhost:1717/OauthRedirect?code=c&state=s" },
    ],
    ["salesforceCancelSignIn", () => ipc.salesforceCancelSignIn(), "salesforce_cancel_sign_in", undefined],
    ["salesforceVerify", () => ipc.salesforceVerify(), "salesforce_verify", undefined],
    ["salesforceDisconnect", () => ipc.salesforceDisconnect(), "salesforce_disconnect", undefined],
    ["marketoPrefill", () => ipc.marketoPrefill(), "marketo_prefill", undefined],
    [
      "marketoConnect",
      () => ipc.marketoConnect({ munchkin_id: "123-ABC-456", client_id: "id", client_secret: "" }),
      "marketo_connect",
      { input: { munchkin_id: "123-ABC-456", client_id: "id", client_secret: "" } },
    ],
    ["marketoDisconnect", () => ipc.marketoDisconnect(), "marketo_disconnect", undefined],
    ["copyMarketoSecret", () => ipc.copyMarketoSecret(), "copy_marketo_secret", undefined],
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

  it("translate a Sales-account failure by its own code", async () => {
    invokeMock.mockRejectedValueOnce({ code: "sales_account_no_seats_left", message: "the Sales account has no seat left", params: {}, detail: null });
    const error = await ipc.inviteAddresses("a@x.com", null, () => {}).catch((e: unknown) => e);
    expect(errorMessage("es", error)).toBe(es["error.sales_account_no_seats_left"]);
    expect(errorMessage("es", error)).not.toContain("seat");
  });

  it("says where a CSV import stopped, in either language, from the params", () => {
    const error = new IpcError({ code: "field_too_large", message: "row 4", params: { row: "4", column: "Notes" } });
    expect(errorMessage("en", error)).toBe(
      "Row 4, column “Notes”: a cell is larger than 1 MB, or a quote opened there is never closed. Fix that cell in the file, then import it again.",
    );
    expect(errorMessage("es", error)).toContain("Fila 4, columna «Notes»");
    const rows = new IpcError({ code: "row_too_large", message: "row 9", params: { row: "9" } });
    expect(errorMessage("es", rows)).toContain("La fila 9");
  });

  it("use the general Sales-account refusal for a service code the window has no text for", () => {
    const error = { code: "sales_account_rejected", message: "the Sales account refused the request (422 team_full)", params: { service_code: "team_full" } };
    expect(errorMessage("es", error)).toBe(es["error.sales_account_rejected"]);
  });

  it("never shows Rust's English message, even for a code this window would not know", () => {
    const unknown = { code: "brand_new", message: "something new happened", detail: null };
    expect(errorMessage("en", unknown)).toBe(en["error.unexpected"]);
    expect(errorMessage("es", unknown)).toBe(es["error.unexpected"]);
  });

  it("word a code two services share for the service the call went to", () => {
    const error = { code: "invalid_client", message: "refused", detail: "Check the Client ID…" };
    expect(errorMessage("en", error, "marketo")).toContain("Marketo refused the Client ID");
    expect(errorMessage("en", error, "salesforce")).toContain("consumer key");
    expect(errorMessage("es", error, "marketo")).toBe(es["error.marketo.invalid_client"]);
    expect(errorMessage("es", error)).toBe(es["error.invalid_client"]);
  });

  it("use a code's own message when the scope has none for it", () => {
    expect(errorMessage("es", { code: "state_mismatch", message: "x", detail: null }, "salesforce")).toBe(es["error.state_mismatch"]);
    const error = { code: "port_busy", message: "port busy", params: { port: "1717" } };
    expect(errorMessage("es", error, "salesforce")).toContain("El puerto 1717");
  });

  it("say which process holds the data folder, in the user's language, from the params", () => {
    const params = { pid: "1234", program: "cli invite", purpose: "sending", started_at: "2024-05-01T14:02:00Z" };
    const busy = { code: "data_folder_busy", message: "the data folder is busy: …", params };
    expect(errorMessage("en", busy)).toMatch(/^The command msi-actions-setup invite \(pid 1234\) has been sending invitations since .+\. Wait/);
    expect(errorMessage("es", busy)).toMatch(/^El comando msi-actions-setup invite \(pid 1234\) está enviando invitaciones desde /);
    const window = { pid: "7", program: "window", purpose: "recovery", started_at: "2024-05-01T14:02:00Z" };
    expect(errorMessage("en", { ...busy, params: window })).toContain("Another window of this app (pid 7) has been recovering");
    expect(errorMessage("es", { ...busy, params: {} })).toBe(es["error.data_folder_busy"]);
    expect(errorMessage("en", { ...busy, params: { pid: "7" } })).toBe(en["error.data_folder_busy"]);
  });

  it("name the busy port and the program holding it, in the user's language, from the params", () => {
    const held = { code: "port_busy", message: "in English, never read", params: { port: "1717", holder: "sf (pid 42)" } };
    expect(errorMessage("en", held, "salesforce")).toBe(
      "Port 1717 on this computer is already in use by sf (pid 42). Close that program, or sign in on another port.",
    );
    expect(errorMessage("es", held)).toContain("El puerto 1717 de este equipo ya lo usa sf (pid 42)");
    const free = { code: "port_busy", message: "port 1718 on this computer is already in use by nobody", params: { port: "1718" } };
    expect(errorMessage("es", free)).toBe(
      "El puerto 1718 de este equipo ya está en uso. Cierre el programa que lo usa o inicie sesión en otro puerto.",
    );
    expect(errorMessage("en", free)).not.toContain("nobody");
  });

  it("never show Rust's English what-to-do (detail) for a connection code", () => {
    const error = { code: "unknown_munchkin", message: "no Marketo instance answers at 1-2-3", detail: "Check the Munchkin ID in Admin" };
    expect(errorMessage("es", error, "marketo")).toBe(es["error.unknown_munchkin"]);
  });

  it("turn a browser that could not open into open_failed", async () => {
    vi.mocked(openUrl).mockRejectedValueOnce("no browser");
    const error = await ipc.openExternal("https://toutapp.com/login").catch((e: unknown) => e);
    expect((error as IpcError).code).toBe("open_failed");
    expect(errorMessage("es", error)).toBe(es["error.open_failed"]);
    vi.mocked(openUrl).mockResolvedValueOnce();
    await ipc.openExternal("https://toutapp.com/login");
    expect(openUrl).toHaveBeenLastCalledWith("https://toutapp.com/login");
  });

  it("translate a failure that is not a CommandError", async () => {
    invokeMock.mockRejectedValueOnce(new TypeError("window.__TAURI_INTERNALS__ is undefined"));
    const error = await ipc.appInfo().catch((e: unknown) => e);
    expect((error as IpcError).code).toBe("unexpected");
    expect(errorMessage("es", error)).toBe(es["error.unexpected"]);
  });
});
