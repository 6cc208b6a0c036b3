// Step 4, the data sync: preview the fields that sync, count the people present in both Salesforce and
// Marketo (a long run with progress, paused and cancelled like a sending run), start the sync and follow
// its job until it is done or failed. The count and the sync are recorded by Rust as step 4's check: the
// plan is read again after each so the CheckPanel shows them.

import type { OverlapProgress } from "../bindings/OverlapProgress";
import type { OverlapReport } from "../bindings/OverlapReport";
import type { SyncField } from "../bindings/SyncField";
import type { SyncJob } from "../bindings/SyncJob";
import type { SyncStatus } from "../bindings/SyncStatus";
import * as ipc from "../ipc";
import { EnvironmentScoped, reloadPlan } from "./steps-common.svelte";

/** How often a running sync job is looked at. */
export const POLL_MS = 1500;

export function isFinished(status: SyncStatus): boolean {
  return status === "done" || status === "failed";
}

class SyncStepState extends EnvironmentScoped {
  fields = $state.raw<SyncField[] | null>(null);
  fieldsLoading = $state(false);
  fieldsError = $state<unknown>(null);

  counting = $state(false);
  progress = $state.raw<OverlapProgress | null>(null);
  pauseRequested = $state(false);
  cancelRequested = $state(false);
  overlap = $state.raw<OverlapReport | null>(null);
  countError = $state<unknown>(null);

  job = $state.raw<SyncJob | null>(null);
  starting = $state(false);
  syncError = $state<unknown>(null);
  /** A look at the job is scheduled or under way. */
  following = $state(false);

  #timer: ReturnType<typeof setTimeout> | undefined;

  async loadFields(): Promise<void> {
    if (this.fieldsLoading) return;
    this.fieldsLoading = true;
    this.fieldsError = null;
    const token = this.token();
    try {
      const fields = await ipc.syncFields();
      if (!this.stale(token)) this.fields = fields;
    } catch (error) {
      if (!this.stale(token)) this.fieldsError = error;
    } finally {
      if (!this.stale(token)) this.fieldsLoading = false;
    }
  }

  /** Counts the people in both systems; progress arrives while it runs. */
  async count(): Promise<void> {
    if (this.counting) return;
    this.counting = true;
    this.progress = null;
    this.pauseRequested = false;
    this.cancelRequested = false;
    this.countError = null;
    const token = this.token();
    try {
      const report = await ipc.countOverlap((progress) => {
        if (!this.stale(token)) this.progress = progress;
      });
      if (!this.stale(token)) this.overlap = report;
    } catch (error) {
      if (!this.stale(token)) this.countError = error;
    } finally {
      if (!this.stale(token)) {
        this.counting = false;
        this.progress = null;
      }
    }
    if (!this.stale(token)) await reloadPlan(token.environment);
  }

  async togglePause(): Promise<void> {
    const paused = !this.pauseRequested;
    try {
      if (await ipc.pauseSending(paused)) this.pauseRequested = paused;
    } catch (error) {
      this.countError = error;
    }
  }

  async cancel(): Promise<void> {
    try {
      if (await ipc.cancelSending()) this.cancelRequested = true;
    } catch (error) {
      this.countError = error;
    }
  }

  /** Starts the sync (or finds the one already running) and follows it. */
  async start(): Promise<void> {
    if (this.starting || (this.job !== null && !isFinished(this.job.status))) return;
    this.starting = true;
    this.syncError = null;
    const token = this.token();
    try {
      const report = await ipc.startSync();
      if (this.stale(token)) return;
      this.job = report.job;
    } catch (error) {
      if (!this.stale(token)) this.syncError = error;
    } finally {
      if (!this.stale(token)) this.starting = false;
    }
    if (this.stale(token)) return;
    await reloadPlan(token.environment);
    this.follow();
  }

  /** Looks at the job every POLL_MS while it is queued or running (the panel calls it when it shows). */
  follow(): void {
    if (this.following || this.job === null || isFinished(this.job.status)) return;
    this.following = true;
    this.syncError = null;
    this.#schedule();
  }

  /** Stops looking (the panel left the screen); `follow` picks it up again. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.following = false;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#poll(), POLL_MS);
  }

  async #poll(): Promise<void> {
    this.#timer = undefined;
    const job = this.job;
    if (!this.following || job === null) return;
    const token = this.token();
    try {
      const report = await ipc.syncProgress(job.id);
      if (this.stale(token) || !this.following) return;
      this.job = report.job;
      if (isFinished(report.job.status)) {
        this.following = false;
        await reloadPlan(token.environment);
      } else {
        this.#schedule();
      }
    } catch (error) {
      if (this.stale(token)) return;
      this.syncError = error;
      this.following = false;
    }
  }

  protected clear(): void {
    this.stop();
    this.fields = null;
    this.fieldsLoading = false;
    this.fieldsError = null;
    this.counting = false;
    this.progress = null;
    this.pauseRequested = false;
    this.cancelRequested = false;
    this.overlap = null;
    this.countError = null;
    this.job = null;
    this.starting = false;
    this.syncError = null;
  }
}

export const sync = new SyncStepState();
