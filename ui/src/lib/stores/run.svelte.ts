// The sending run as a store shows it: the address box and the CSV import both send through Rust's one run,
// hear its progress on a Channel and pause or cancel it with the same commands. Holds only what the
// commands said; whether a run may start, and what it sends, is still Rust's to decide.

import type { InviteOutcome } from "../bindings/InviteOutcome";
import type { SendProgress } from "../bindings/SendProgress";
import * as ipc from "../ipc";

/** Starts a run in Rust, which reports its progress to `onProgress`; resolves to the run's outcome. */
export type StartRun = (onProgress: (progress: SendProgress) => void) => Promise<InviteOutcome>;

/** A store's sending run: its state, pause / resume / cancel, and the outcome or error it ended with. */
export class SendingRun {
  running = $state(false);
  progress = $state.raw<SendProgress | null>(null);
  pauseRequested = $state(false);
  cancelRequested = $state(false);
  outcome = $state.raw<InviteOutcome | null>(null);
  runError = $state<unknown>(null);

  /**
   * Runs `start` unless this store's run is already on, then `after` (what the run may have changed, even
   * when it failed half way). The outcome, or null when the run failed (see `runError`) or did not start.
   */
  protected async send(start: StartRun, after: () => Promise<unknown>): Promise<InviteOutcome | null> {
    if (this.running) return null;
    this.running = true;
    this.progress = null;
    this.outcome = null;
    this.runError = null;
    this.pauseRequested = false;
    this.cancelRequested = false;
    let outcome: InviteOutcome | null = null;
    try {
      outcome = await start((progress) => {
        this.progress = progress;
      });
      this.outcome = outcome;
    } catch (error) {
      this.runError = error;
    } finally {
      this.running = false;
      this.progress = null;
    }
    await after();
    return outcome;
  }

  async togglePause(): Promise<void> {
    const paused = !this.pauseRequested;
    try {
      if (await ipc.pauseSending(paused)) this.pauseRequested = paused;
    } catch (error) {
      this.runError = error;
    }
  }

  async cancel(): Promise<void> {
    try {
      if (await ipc.cancelSending()) this.cancelRequested = true;
    } catch (error) {
      this.runError = error;
    }
  }

  dismissOutcome(): void {
    this.outcome = null;
    this.runError = null;
  }
}
