// P2, the Salesforce user Marketo's sync runs as: Marketo's APIs do not say who it is, and the user signed
// into this app is someone else, so the admin names it (saved per environment, audited by Rust) and the
// P2 check reads exactly that user. Rust validates the name; this store only carries it.

import * as ipc from "../ipc";
import { EnvironmentScoped } from "./steps-common.svelte";

class SyncUserState extends EnvironmentScoped {
  /** The username saved for this environment; null = not named yet. */
  saved = $state<string | null>(null);
  /** What is in the field. */
  draft = $state("");
  loaded = $state(false);
  saving = $state(false);
  error = $state<unknown>(null);

  /** The field differs from what is saved. */
  dirty = $derived(this.draft.trim() !== (this.saved ?? ""));

  async load(): Promise<void> {
    const token = this.token();
    try {
      const saved = await ipc.p2SyncUser();
      if (this.stale(token)) return;
      this.saved = saved;
      this.draft = saved ?? "";
      this.loaded = true;
    } catch (error) {
      if (!this.stale(token)) this.error = error;
    }
  }

  /** Saves the field (empty forgets the name); true when saved. */
  async save(): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    this.error = null;
    const token = this.token();
    try {
      const saved = await ipc.saveP2SyncUser(this.draft);
      if (this.stale(token)) return false;
      this.saved = saved;
      this.draft = saved ?? "";
      return true;
    } catch (error) {
      if (!this.stale(token)) this.error = error;
      return false;
    } finally {
      if (!this.stale(token)) this.saving = false;
    }
  }

  protected clear(): void {
    this.saved = null;
    this.draft = "";
    this.loaded = false;
    this.saving = false;
    this.error = null;
  }
}

export const syncUser = new SyncUserState();
