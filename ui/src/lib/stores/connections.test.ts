import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConnectionsView } from "../bindings/ConnectionsView";
import type { EnvironmentView } from "../bindings/EnvironmentView";
import type { PendingSignInView } from "../bindings/PendingSignInView";

vi.mock("../ipc", () => ({
  connections: vi.fn(),
  salesforceSettings: vi.fn(),
  saveSalesforceSettings: vi.fn(),
  marketoPrefill: vi.fn(),
  salesRoute: vi.fn(),
  salesforceSignIn: vi.fn(),
  salesforcePendingSignIn: vi.fn(),
  salesforcePasteRedirect: vi.fn(),
  salesforceCancelSignIn: vi.fn(),
  salesforceVerify: vi.fn(),
  salesforceDisconnect: vi.fn(),
  marketoConnect: vi.fn(),
  marketoDisconnect: vi.fn(),
  switchEnvironment: vi.fn(),
  configureSalesRoute: vi.fn(),
  setupPlan: vi.fn(async () => []),
  salesAccount: vi.fn(async () => ({ name: "Acme", seats_total: 100, seats_used: 3, seats_left: 97, teams: [] })),
  listInvitations: vi.fn(async () => []),
  checkAddresses: vi.fn(),
}));

import * as ipc from "../ipc";
import { appInfo as info, deferred } from "../testing/fixtures";
import { app } from "./app.svelte";
import { connections, PENDING_POLL_MS, ORPHAN_POLL_MS } from "./connections.svelte";

const sandbox: EnvironmentView = { id: "sandbox", kind: "sandbox", sales_route: "http", sales_url: "http://127.0.0.1:1" };
const realHandoff: EnvironmentView = { id: "real", kind: "real", sales_route: "handoff", sales_url: null };

const view = (status: "connected" | "not_connected" = "not_connected"): ConnectionsView => ({
  environment: "sandbox",
  salesforce: {
    status,
    details: {
      username: null,
      display_name: null,
      user_id: null,
      org_id: null,
      org_name: null,
      instance_url: null,
      login_host: null,
      client_id: null,
    },
    problem: null,
    verified_how: null,
    verified_at: null,
    actor: null,
  },
  marketo: { status: "not_connected", details: { munchkin_id: null, client_id: null, scope: null }, verified_how: null, verified_at: null, actor: null },
  sales_account: { route: "http", base_url: null, status: "connected", verified_at: null },
});

const pending: PendingSignInView = {
  authorize_url: "http://127.0.0.1:1/services/oauth2/authorize?client_id=k&state=s",
  redirect_uri: "http://localhost:1717/OauthRedirect",
  listening: true,
  port_problem: null,
};

beforeEach(() => {
  vi.useFakeTimers();
  vi.clearAllMocks();
  app.info = info(sandbox);
  vi.mocked(ipc.connections).mockResolvedValue(view());
  vi.mocked(ipc.salesforceSettings).mockResolvedValue({
    settings: { client_id: "sandbox-consumer-key", login_host: "http://127.0.0.1:1", port: 1717 },
    redirect_uri: "http://localhost:1717/OauthRedirect",
    alternative_ports: [1717, 1718, 1719],
    callback_urls: ["http://localhost:1717/OauthRedirect", "http://localhost:1718/OauthRedirect", "http://localhost:1719/OauthRedirect"],
  });
  vi.mocked(ipc.marketoPrefill).mockResolvedValue({ munchkin_id: "123-ABC-456", client_id: "c", secret_saved: false, identity_url: null });
  vi.mocked(ipc.salesRoute).mockResolvedValue({ route: "handoff", base_url: null, token_saved: false, console_url: "https://toutapp.com/login" });
  vi.mocked(ipc.salesforcePendingSignIn).mockResolvedValue(null);
});

afterEach(() => {
  vi.useRealTimers();
});

describe("Salesforce sign-in", () => {
  it("shows the waiting link while it runs, then the connection and the refreshed plan", async () => {
    const signIn = deferred<ConnectionsView>();
    vi.mocked(ipc.salesforceSignIn).mockReturnValue(signIn.promise);
    vi.mocked(ipc.salesforcePendingSignIn).mockResolvedValueOnce(null).mockResolvedValue(pending);

    const done = connections.signIn();
    expect(connections.signingIn).toBe(true);
    expect(connections.waiting).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(connections.pending).toBeNull();
    await vi.advanceTimersByTimeAsync(PENDING_POLL_MS);
    expect(connections.pending).toEqual(pending);
    const polls = vi.mocked(ipc.salesforcePendingSignIn).mock.calls.length;
    await vi.advanceTimersByTimeAsync(PENDING_POLL_MS * 3);
    expect(vi.mocked(ipc.salesforcePendingSignIn).mock.calls.length).toBe(polls);

    signIn.resolve(view("connected"));
    await done;
    expect(connections.view?.salesforce.status).toBe("connected");
    expect(connections.waiting).toBe(false);
    expect(connections.pending).toBeNull();
    expect(ipc.setupPlan).toHaveBeenCalled();
  });

  it("keeps the error and reloads the status when the sign-in fails", async () => {
    const failure = { code: "port_busy", message: "port 1717 on this computer is already in use", detail: null };
    vi.mocked(ipc.salesforceSignIn).mockRejectedValue(failure);
    await connections.signIn();
    expect(connections.sfError).toEqual(failure);
    expect(ipc.connections).toHaveBeenCalled();
    expect(connections.waiting).toBe(false);
  });

  it("switches to another port, saves it and signs in there", async () => {
    await connections.load();
    vi.mocked(ipc.saveSalesforceSettings).mockImplementation(async (settings) => ({
      ...(await ipc.salesforceSettings()),
      settings,
    }));
    vi.mocked(ipc.salesforceSignIn).mockResolvedValue(view("connected"));
    await connections.signInOnPort(1718);
    expect(ipc.saveSalesforceSettings).toHaveBeenCalledWith({ client_id: "sandbox-consumer-key", login_host: "http://127.0.0.1:1", port: 1718 });
    expect(ipc.salesforceSignIn).toHaveBeenCalledTimes(1);
  });

  it("passes a pasted address on and says so; a wrong one shows its error", async () => {
    vi.mocked(ipc.salesforcePasteRedirect).mockResolvedValueOnce(null);
    await connections.pasteRedirect("  http://localhost:1717/OauthRedirect?code=c&state=s ");
    expect(ipc.salesforcePasteRedirect).toHaveBeenCalledWith("http://localhost:1717/OauthRedirect?code=c&state=s");
    expect(connections.pasted).toBe(true);
    const wrong = { code: "state_mismatch", message: "state mismatch", detail: null };
    vi.mocked(ipc.salesforcePasteRedirect).mockRejectedValueOnce(wrong);
    await connections.pasteRedirect("http://localhost:1717/OauthRedirect?code=c&state=other");
    expect(connections.pasteError).toEqual(wrong);
  });

  it("follows a sign-in left waiting by an earlier page load until it ends", async () => {
    vi.mocked(ipc.salesforcePendingSignIn).mockResolvedValueOnce(pending).mockResolvedValueOnce(pending).mockResolvedValue(null);
    await connections.load();
    expect(connections.pending).toEqual(pending);
    expect(connections.waiting).toBe(true);
    const loads = vi.mocked(ipc.connections).mock.calls.length;
    await vi.advanceTimersByTimeAsync(ORPHAN_POLL_MS * 2);
    expect(connections.pending).toBeNull();
    expect(vi.mocked(ipc.connections).mock.calls.length).toBeGreaterThan(loads);
  });
});

describe("Salesforce disconnect", () => {
  it("shows what Salesforce could not revoke, and clears it on the next disconnect", async () => {
    vi.mocked(ipc.salesforceDisconnect).mockResolvedValueOnce({
      connections: view(),
      report: { not_revoked: { code: "network", message: "Salesforce could not be reached" } },
    });
    await connections.disconnectSalesforce();
    expect(connections.notRevoked).toEqual({ code: "network", message: "Salesforce could not be reached" });
    expect(connections.view?.salesforce.status).toBe("not_connected");

    vi.mocked(ipc.salesforceDisconnect).mockResolvedValueOnce({ connections: view(), report: { not_revoked: null } });
    await connections.disconnectSalesforce();
    expect(connections.notRevoked).toBeNull();
  });
});

describe("Marketo", () => {
  it("reports success, reloads the prefill and the plan", async () => {
    vi.mocked(ipc.marketoConnect).mockResolvedValue(view());
    const input = { munchkin_id: "123-ABC-456", client_id: "c", client_secret: "s" };
    expect(await connections.connectMarketo(input)).toBe(true);
    expect(ipc.marketoConnect).toHaveBeenCalledWith(input);
    expect(connections.mkConnected).toBe(true);
    expect(ipc.marketoPrefill).toHaveBeenCalled();
    expect(ipc.setupPlan).toHaveBeenCalled();
  });

  it("keeps the error of a failed test", async () => {
    const failure = { code: "access_denied_603", message: "Marketo denied access (603)", detail: null };
    vi.mocked(ipc.marketoConnect).mockRejectedValue(failure);
    expect(await connections.connectMarketo({ munchkin_id: "1", client_id: "c", client_secret: "" })).toBe(false);
    expect(connections.mkError).toEqual(failure);
    expect(connections.mkConnected).toBe(false);
  });
});

describe("environments", () => {
  it("switching reloads everything of the other environment, and no account on the hand-off route", async () => {
    vi.mocked(ipc.switchEnvironment).mockResolvedValue(info(realHandoff));
    expect(await connections.switchEnvironment("real")).toBeNull();
    expect(ipc.switchEnvironment).toHaveBeenCalledWith("real");
    expect(app.info?.environment.kind).toBe("real");
    expect(ipc.setupPlan).toHaveBeenCalled();
    expect(ipc.connections).toHaveBeenCalled();
    expect(ipc.salesforceSettings).toHaveBeenCalled();
    expect(ipc.marketoPrefill).toHaveBeenCalled();
    expect(ipc.salesRoute).toHaveBeenCalled();
    expect(ipc.listInvitations).toHaveBeenCalledWith(false);
    expect(ipc.salesAccount).not.toHaveBeenCalled();
    expect(app.account).toBeNull();
    expect(connections.route?.console_url).toBe("https://toutapp.com/login");
  });

  it("switching back to the sandbox reloads its account and drops the route", async () => {
    app.info = info(realHandoff);
    vi.mocked(ipc.switchEnvironment).mockResolvedValue(info(sandbox));
    expect(await connections.switchEnvironment("sandbox")).toBeNull();
    expect(ipc.salesAccount).toHaveBeenCalled();
    expect(ipc.salesRoute).not.toHaveBeenCalled();
    expect(connections.route).toBeNull();
  });

  it("a refused switch (a run in progress) leaves the window as it was", async () => {
    const refused = { code: "run_in_progress", message: "a sending run is already in progress", detail: null };
    vi.mocked(ipc.switchEnvironment).mockRejectedValue(refused);
    expect(await connections.switchEnvironment("real")).toEqual(refused);
    expect(app.info?.environment.kind).toBe("sandbox");
    expect(ipc.setupPlan).not.toHaveBeenCalled();
    expect(connections.switching).toBe(false);
  });

  it("saving the HTTP route takes the new app info and reloads", async () => {
    app.info = info(realHandoff);
    const realHttp: EnvironmentView = { id: "real", kind: "real", sales_route: "http", sales_url: "https://sales.example.com" };
    vi.mocked(ipc.configureSalesRoute).mockResolvedValue(info(realHttp));
    const input = { route: "http" as const, base_url: "https://sales.example.com", token: "t" };
    expect(await connections.configureRoute(input)).toBe(true);
    expect(ipc.configureSalesRoute).toHaveBeenCalledWith(input);
    expect(connections.routeSaved).toBe("http");
    expect(ipc.salesAccount).toHaveBeenCalled();
  });

  it("a refused route keeps its error", async () => {
    app.info = info(realHandoff);
    const refused = { code: "missing_base_url", message: "the Sales account's base URL is missing or not https", detail: null };
    vi.mocked(ipc.configureSalesRoute).mockRejectedValue(refused);
    expect(await connections.configureRoute({ route: "http", base_url: "ftp://x", token: null })).toBe(false);
    expect(connections.routeSaveError).toEqual(refused);
  });
});
