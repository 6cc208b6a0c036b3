// Step 5's state: the address box and its live check, the sending run, and the invitations record.
// Only renders what Rust decides: the check, the outcome and the record all come from the commands.

import type { CheckReport } from "../bindings/CheckReport";
import type { InvitationView } from "../bindings/InvitationView";
import type { InviteOutcome } from "../bindings/InviteOutcome";
import * as ipc from "../ipc";
import { app } from "./app.svelte";
import { SendingRun, type StartRun } from "./run.svelte";

/** How long typing must pause before the addresses are checked. */
export const CHECK_DELAY_MS = 300;

class InviteState extends SendingRun {
  text = $state("");
  teamId = $state<string | null>(null);

  report = $state<CheckReport | null>(null);
  /** A check is scheduled or on its way: the report may not match the text yet. */
  checking = $state(false);
  checkError = $state<unknown>(null);

  invitations = $state<InvitationView[]>([]);
  loadingInvitations = $state(false);
  invitationsError = $state<unknown>(null);
  queuedCount = $derived(this.invitations.filter((invitation) => invitation.state === "queued").length);

  canSend = $derived(!this.running && !this.checking && (this.report?.counts.ready ?? 0) > 0);

  #timer: ReturnType<typeof setTimeout> | undefined;
  #checkSeq = 0;

  /** The admin typed: check again once typing pauses. */
  setText(text: string): void {
    this.text = text;
    clearTimeout(this.#timer);
    const seq = ++this.#checkSeq;
    if (text.trim() === "") {
      this.report = null;
      this.checkError = null;
      this.checking = false;
      return;
    }
    this.checking = true;
    this.#timer = setTimeout(() => void this.#check(seq, text), CHECK_DELAY_MS);
  }

  async #check(seq: number, text: string): Promise<void> {
    try {
      const report = await ipc.checkAddresses(text);
      if (seq !== this.#checkSeq) return;
      this.report = report;
      this.checkError = null;
    } catch (error) {
      if (seq !== this.#checkSeq) return;
      this.checkError = error;
    }
    this.checking = false;
  }

  /** `refresh` asks the Sales account first; when it cannot, the local record still shows, with the error. */
  async loadInvitations(refresh: boolean): Promise<void> {
    this.loadingInvitations = true;
    try {
      this.invitations = await ipc.listInvitations(refresh);
      this.invitationsError = null;
    } catch (error) {
      this.invitationsError = error;
      if (refresh) {
        try {
          this.invitations = await ipc.listInvitations(false);
        } catch {
          // Keep what is on screen; the error above says what failed.
        }
      }
    } finally {
      this.loadingInvitations = false;
    }
  }

  /** Sends the ready addresses of the box to the chosen team. */
  async invite(): Promise<void> {
    const text = this.text;
    const outcome = await this.#run((onProgress) => ipc.inviteAddresses(text, this.teamId, onProgress));
    if (outcome !== null && this.text === text) this.setText("");
  }

  /** Sends what was left queued. */
  async sendQueued(): Promise<void> {
    await this.#run((onProgress) => ipc.sendQueued(onProgress));
  }

  async #run(start: StartRun): Promise<InviteOutcome | null> {
    // A run changes the record, the seats and step 5's status, even when it failed half way.
    return this.send(start, () => Promise.all([this.loadInvitations(false), app.reloadPlan(), app.reloadAccount()]));
  }
}

export const invite = new InviteState();
