// Step 1, the Sales account's first admins: the Marketo users with an admin role, the ones the Marketo
// admin picks (in the order picked: the first is the one never to delete once the sync has started), and
// the invitation — by the app on the HTTP route (recorded as step 1's check), or handed to the console.

import type { CheckRun } from "../bindings/CheckRun";
import type { MarketoAdmin } from "../bindings/MarketoAdmin";
import * as ipc from "../ipc";
import { EnvironmentScoped, reloadPlan } from "./steps-common.svelte";

/**
 * Most admins step 1 sets up (checks/marketo.rs MAX_FIRST_ADMINS; Rust refuses more, counting those already
 * there): step 1 invites the first admin(s) only, everyone else is invited in step 5.
 */
export const MAX_FIRST_ADMINS = 3;

/** "Ana López", or the email when Marketo has no name. */
export function adminName(admin: Pick<MarketoAdmin, "first_name" | "last_name" | "email">): string {
  const name = [admin.first_name, admin.last_name].filter((part) => part !== null && part.trim() !== "").join(" ");
  return name === "" ? admin.email : name;
}

class AdminsStepState extends EnvironmentScoped {
  admins = $state.raw<MarketoAdmin[] | null>(null);
  loading = $state(false);
  loadError = $state<unknown>(null);
  /** Emails in the order they were picked. */
  chosen = $state.raw<readonly string[]>([]);
  inviting = $state(false);
  inviteError = $state<unknown>(null);
  /** Step 1's check as the invitation recorded it. */
  invited = $state.raw<CheckRun | null>(null);

  /** More picked than step 1 takes: the window says why and points to step 5. */
  tooMany = $derived(this.chosen.length > MAX_FIRST_ADMINS);

  chosenAdmins = $derived((this.admins ?? []).filter((admin) => this.chosen.includes(admin.email)).sort(
    (a, b) => this.chosen.indexOf(a.email) - this.chosen.indexOf(b.email),
  ));

  async load(): Promise<void> {
    if (this.loading) return;
    this.loading = true;
    this.loadError = null;
    const token = this.token();
    try {
      const admins = await ipc.marketoAdmins();
      if (this.stale(token)) return;
      this.admins = admins;
      // A pick that is no longer an admin is dropped.
      this.chosen = this.chosen.filter((email) => admins.some((admin) => admin.email === email));
    } catch (error) {
      if (!this.stale(token)) this.loadError = error;
    } finally {
      if (!this.stale(token)) this.loading = false;
    }
  }

  isChosen(email: string): boolean {
    return this.chosen.includes(email);
  }

  toggle(email: string): void {
    this.chosen = this.isChosen(email) ? this.chosen.filter((e) => e !== email) : [...this.chosen, email];
  }

  /** HTTP route: invites the picked admins, first one first; then the plan shows step 1's new check. */
  async invite(): Promise<void> {
    if (this.inviting || this.chosen.length === 0 || this.tooMany) return;
    this.inviting = true;
    this.inviteError = null;
    this.invited = null;
    const token = this.token();
    try {
      const run = await ipc.inviteMarketoAdmins([...this.chosen]);
      if (this.stale(token)) return;
      this.invited = run;
    } catch (error) {
      if (!this.stale(token)) this.inviteError = error;
    } finally {
      if (!this.stale(token)) this.inviting = false;
    }
    if (!this.stale(token) && this.invited !== null) await reloadPlan(token.environment);
  }

  protected clear(): void {
    this.admins = null;
    this.loading = false;
    this.loadError = null;
    this.chosen = [];
    this.inviting = false;
    this.inviteError = null;
    this.invited = null;
  }
}

export const admins = new AdminsStepState();
