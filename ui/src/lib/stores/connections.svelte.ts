// The connections of the active environment (steps 2 and 3, the Real Sales-account route) and the switch
// between environments. Only renders what Rust decides: statuses, settings and prefill all come from the
// commands, and every intent goes back through them.

import type { ConnectionProblem } from "../bindings/ConnectionProblem";
import type { ConnectionsView } from "../bindings/ConnectionsView";
import type { EnvironmentKind } from "../bindings/EnvironmentKind";
import type { MarketoInput } from "../bindings/MarketoInput";
import type { MarketoPrefill } from "../bindings/MarketoPrefill";
import type { PendingSignInView } from "../bindings/PendingSignInView";
import type { SalesforceSettings } from "../bindings/SalesforceSettings";
import type { SalesforceSettingsView } from "../bindings/SalesforceSettingsView";
import type { SalesRouteInput } from "../bindings/SalesRouteInput";
import type { SalesRouteView } from "../bindings/SalesRouteView";
import * as ipc from "../ipc";
import { app } from "./app.svelte";
import { invite } from "./invite.svelte";

/** How often the window asks whether the sign-in it started is waiting for the browser yet. */
export const PENDING_POLL_MS = 400;
/** How often it checks whether a sign-in it did not start (before a reload) is still waiting. */
export const ORPHAN_POLL_MS = 1500;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type SalesforceBusy = "verify" | "disconnect" | "settings" | null;
type MarketoBusy = "connect" | "disconnect" | null;

class ConnectionsState {
  view = $state<ConnectionsView | null>(null);
  viewError = $state<unknown>(null);
  settings = $state<SalesforceSettingsView | null>(null);
  settingsError = $state<unknown>(null);
  prefill = $state<MarketoPrefill | null>(null);
  prefillError = $state<unknown>(null);
  route = $state<SalesRouteView | null>(null);
  routeError = $state<unknown>(null);

  /** The sign-in this window started is running (listener, browser, token exchange). */
  signingIn = $state(false);
  /** A sign-in waits for the browser (this window's, or one started before the window reloaded). */
  pending = $state<PendingSignInView | null>(null);
  pasted = $state(false);
  pasteError = $state<unknown>(null);
  sfBusy = $state<SalesforceBusy>(null);
  sfError = $state<unknown>(null);
  /** Why the last disconnect could not revoke the sign-in on Salesforce (the admin revokes it there). */
  notRevoked = $state<ConnectionProblem | null>(null);
  settingsSaved = $state(false);
  settingsSaveError = $state<unknown>(null);

  mkBusy = $state<MarketoBusy>(null);
  mkError = $state<unknown>(null);
  mkConnected = $state(false);

  routeBusy = $state(false);
  routeSaveError = $state<unknown>(null);
  routeSaved = $state<SalesRouteInput["route"] | null>(null);

  switching = $state(false);

  /** False when the OS keyring is unusable: Rust refuses every connection then. */
  secureStore = $derived(app.info?.secure_store.available ?? true);
  waiting = $derived(this.signingIn || this.pending !== null);

  #orphanWatch = false;
  /** Numbers each sign-in, so a poll from an earlier one never lands on a later one. */
  #signInRun = 0;

  /** Everything the panels show for the active environment; each part fails on its own. */
  async load(): Promise<void> {
    const real = app.info?.environment.kind === "real";
    if (!real) this.route = null;
    await Promise.all([
      this.loadView(),
      this.#loadSettings(),
      this.#loadPrefill(),
      real ? this.#loadRoute() : null,
      this.#checkOrphan(),
    ]);
  }

  async loadView(): Promise<void> {
    try {
      this.view = await ipc.connections();
      this.viewError = null;
    } catch (error) {
      this.viewError = error;
    }
  }

  async #loadSettings(): Promise<void> {
    try {
      this.settings = await ipc.salesforceSettings();
      this.settingsError = null;
    } catch (error) {
      this.settings = null;
      this.settingsError = error;
    }
  }

  async #loadPrefill(): Promise<void> {
    try {
      this.prefill = await ipc.marketoPrefill();
      this.prefillError = null;
    } catch (error) {
      this.prefill = null;
      this.prefillError = error;
    }
  }

  async #loadRoute(): Promise<void> {
    try {
      this.route = await ipc.salesRoute();
      this.routeError = null;
    } catch (error) {
      this.route = null;
      this.routeError = error;
    }
  }

  // ---- Salesforce -------------------------------------------------------------------------------

  /** Runs the whole sign-in; while it waits, the pending view (link, paste, cancel) is polled in. */
  async signIn(): Promise<void> {
    if (this.waiting) return;
    this.signingIn = true;
    this.pending = null;
    this.pasted = false;
    this.pasteError = null;
    this.sfError = null;
    const run = ++this.#signInRun;
    void this.#watchPending(run);
    try {
      this.view = await ipc.salesforceSignIn();
    } catch (error) {
      this.sfError = error;
      await this.loadView();
    } finally {
      this.signingIn = false;
      this.pending = null;
      this.pasted = false;
    }
    // The Sales account's own view of its connections changes too (HTTP route).
    await Promise.all([app.reloadPlan(), app.reloadAccount()]);
  }

  async #watchPending(run: number): Promise<void> {
    const current = () => this.signingIn && run === this.#signInRun;
    while (current() && this.pending === null) {
      try {
        const pending = await ipc.salesforcePendingSignIn();
        if (current()) this.pending = pending;
      } catch {
        // The next poll tries again; the sign-in's own result says what went wrong.
      }
      if (current() && this.pending === null) await sleep(PENDING_POLL_MS);
    }
  }

  /** A sign-in left waiting by an earlier page load: shown, and followed (not awaited) until it ends. */
  async #checkOrphan(): Promise<void> {
    if (this.signingIn || this.#orphanWatch) return;
    try {
      const pending = await ipc.salesforcePendingSignIn();
      if (pending === null || this.signingIn) return;
      this.pending = pending;
    } catch {
      return;
    }
    this.#orphanWatch = true;
    void this.#followOrphan();
  }

  async #followOrphan(): Promise<void> {
    while (!this.signingIn && this.pending !== null) {
      await sleep(ORPHAN_POLL_MS);
      try {
        const pending = await ipc.salesforcePendingSignIn();
        if (!this.signingIn) this.pending = pending;
      } catch {
        // Try again at the next poll.
      }
    }
    this.#orphanWatch = false;
    await Promise.all([this.loadView(), app.reloadPlan()]);
  }

  async pasteRedirect(url: string): Promise<void> {
    this.pasteError = null;
    try {
      await ipc.salesforcePasteRedirect(url.trim());
      this.pasted = true;
    } catch (error) {
      this.pasteError = error;
    }
  }

  async cancelSignIn(): Promise<void> {
    try {
      await ipc.salesforceCancelSignIn();
    } catch (error) {
      this.sfError = error;
    }
  }

  async #salesforce(busy: SalesforceBusy, action: () => Promise<ConnectionsView>): Promise<void> {
    this.sfBusy = busy;
    this.sfError = null;
    try {
      this.view = await action();
    } catch (error) {
      this.sfError = error;
      await this.loadView();
    } finally {
      this.sfBusy = null;
    }
    await app.reloadPlan();
  }

  verify(): Promise<void> {
    return this.#salesforce("verify", ipc.salesforceVerify);
  }

  disconnectSalesforce(): Promise<void> {
    this.notRevoked = null;
    return this.#salesforce("disconnect", async () => {
      const { connections, report } = await ipc.salesforceDisconnect();
      this.notRevoked = report.not_revoked;
      return connections;
    });
  }

  /** Saves the sign-in settings; true when saved. */
  async saveSettings(settings: SalesforceSettings): Promise<boolean> {
    this.sfBusy = "settings";
    this.settingsSaved = false;
    this.settingsSaveError = null;
    try {
      this.settings = await ipc.saveSalesforceSettings(settings);
      this.settingsSaved = true;
      return true;
    } catch (error) {
      this.settingsSaveError = error;
      return false;
    } finally {
      this.sfBusy = null;
    }
  }

  /** After `port_busy`: save another port, then sign in on it. */
  async signInOnPort(port: number): Promise<void> {
    const current = this.settings?.settings;
    if (!current) return;
    if (await this.saveSettings({ ...current, port })) await this.signIn();
    else this.sfError = this.settingsSaveError;
  }

  // ---- Marketo ----------------------------------------------------------------------------------

  async connectMarketo(input: MarketoInput): Promise<boolean> {
    this.mkBusy = "connect";
    this.mkError = null;
    this.mkConnected = false;
    let connected = false;
    try {
      this.view = await ipc.marketoConnect(input);
      this.mkConnected = connected = true;
    } catch (error) {
      this.mkError = error;
      await this.loadView();
    } finally {
      this.mkBusy = null;
    }
    await Promise.all([this.#loadPrefill(), app.reloadPlan(), app.reloadAccount()]);
    return connected;
  }

  async disconnectMarketo(): Promise<void> {
    this.mkBusy = "disconnect";
    this.mkError = null;
    this.mkConnected = false;
    try {
      this.view = await ipc.marketoDisconnect();
    } catch (error) {
      this.mkError = error;
    } finally {
      this.mkBusy = null;
    }
    await Promise.all([this.#loadPrefill(), app.reloadPlan()]);
  }

  // ---- Environment and Sales-account route ------------------------------------------------------

  /** Resolves to the error to show, or null once the window shows the other environment. */
  async switchEnvironment(kind: EnvironmentKind): Promise<unknown> {
    this.switching = true;
    try {
      app.info = await ipc.switchEnvironment(kind);
    } catch (error) {
      return error;
    } finally {
      this.switching = false;
    }
    await this.#afterEnvironmentChange();
    return null;
  }

  async configureRoute(input: SalesRouteInput): Promise<boolean> {
    this.routeBusy = true;
    this.routeSaveError = null;
    this.routeSaved = null;
    try {
      app.info = await ipc.configureSalesRoute(input);
    } catch (error) {
      this.routeSaveError = error;
      return false;
    } finally {
      this.routeBusy = false;
    }
    this.routeSaved = input.route;
    await this.#afterEnvironmentChange();
    return true;
  }

  /** Everything on screen belongs to one environment: reload it all. */
  async #afterEnvironmentChange(): Promise<void> {
    this.sfError = null;
    this.mkError = null;
    this.mkConnected = false;
    this.settingsSaved = false;
    this.settingsSaveError = null;
    invite.teamId = null;
    invite.dismissOutcome();
    await Promise.all([app.reloadPlan(), app.reloadAccount(), this.load(), invite.loadInvitations(false)]);
    invite.setText(invite.text);
  }
}

export const connections = new ConnectionsState();
