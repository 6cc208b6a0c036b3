// The recovery pass as the window shows it: Rust looks up interrupted invitations in the background after
// start (and after an environment switch); this store only polls `recovery_status` while it runs and keeps
// the last outcome for the banner. No rule lives here: counts and states are Rust's.

import type { RecoveryStatus } from "../bindings/RecoveryStatus";
import * as ipc from "../ipc";

/** How often the window asks while a pass runs. */
export const POLL_MS = 500;
/** Polls before a pass that has not started yet counts as "nothing to recover" (the hand-off route never runs one). */
const WAIT_FOR_START = 10;

class RecoveryState {
  status = $state.raw<RecoveryStatus | null>(null);
  dismissed = $state(false);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #waits = 0;

  running = $derived(this.status?.running ?? false);
  /** Progress of the pass, 0–100. */
  percent = $derived(
    this.status && this.status.total > 0 ? Math.min(100, Math.round((this.status.checked / this.status.total) * 100)) : 0,
  );
  /** Something worth saying once the pass ended: invitations were looked up, or the pass failed. */
  finished = $derived(
    !this.running && this.status !== null && (this.status.error !== null || (this.status.report?.checked ?? 0) > 0),
  );

  /** Starts following the pass from what `app_info` said; polls until it ends. */
  follow(initial: RecoveryStatus | null): void {
    this.stop();
    this.dismissed = false;
    this.#waits = 0;
    this.status = initial;
    void this.poll();
  }

  async poll(): Promise<void> {
    this.#timer = null;
    try {
      this.status = await ipc.recoveryStatus();
    } catch {
      // A failed poll is not worth a message: the next one (or the next run's refusal) says what matters.
    }
    const notStarted = this.status !== null && !this.status.running && this.status.report === null && this.status.error === null;
    if (this.status?.running || (notStarted && ++this.#waits < WAIT_FOR_START)) {
      this.#timer = setTimeout(() => void this.poll(), POLL_MS);
    }
  }

  stop(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  dismiss(): void {
    this.dismissed = true;
  }
}

export const recovery = new RecoveryState();
