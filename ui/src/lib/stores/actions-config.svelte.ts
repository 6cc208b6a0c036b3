// Step 3's second credential set: what Marketo shows on Admin › Sales Insight › Actions Config, which the
// Sales account is connected with — kept apart from the app's own LaunchPoint access (connections store).
// The secret is typed once, goes to Rust (keyring) and never comes back; Rust decides everything else.

import type { ActionsConfigView } from "../bindings/ActionsConfigView";
import * as ipc from "../ipc";
import { app } from "./app.svelte";
import { EnvironmentScoped, reloadPlan } from "./steps-common.svelte";

class ActionsConfigState extends EnvironmentScoped {
  view = $state.raw<ActionsConfigView | null>(null);
  busy = $state(false);
  error = $state<unknown>(null);
  /** Set after a save the admin just made (a notice), cleared by the next attempt. */
  saved = $state(false);

  async load(): Promise<void> {
    const token = this.token();
    try {
      const view = await ipc.marketoActionsConfig();
      if (!this.stale(token)) this.view = view;
    } catch (error) {
      if (!this.stale(token)) this.error = error;
    }
  }

  /** Saves (and on the HTTP route connects the Sales account); true when it worked. Reloads the plan: step 3 may be done. */
  async connect(munchkinId: string, clientId: string, secret: string): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.error = null;
    this.saved = false;
    const token = this.token();
    try {
      const view = await ipc.marketoActionsConnect({ munchkin_id: munchkinId, client_id: clientId, client_secret: secret });
      if (this.stale(token)) return false;
      this.view = view;
      this.saved = true;
    } catch (error) {
      if (!this.stale(token)) this.error = error;
    } finally {
      if (!this.stale(token)) this.busy = false;
    }
    // Step 3 may be done now, and the Sales account's own view of its Marketo connection changed.
    if (this.saved) await Promise.all([reloadPlan(token.environment), app.reloadAccount()]);
    return this.saved;
  }

  async forget(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    this.saved = false;
    const token = this.token();
    try {
      const view = await ipc.marketoActionsForget();
      if (!this.stale(token)) this.view = view;
    } catch (error) {
      if (!this.stale(token)) this.error = error;
    } finally {
      if (!this.stale(token)) this.busy = false;
    }
  }

  protected clear(): void {
    this.view = null;
    this.busy = false;
    this.error = null;
    this.saved = false;
  }
}

export const actionsConfig = new ActionsConfigState();
