// Checking a step again: which steps are being checked and the last error of each. The result itself is
// the step's `last_check` in the plan `check_step` returns, so the pane and the rail show it at once.

import type { StepId } from "../bindings/StepId";
import * as ipc from "../ipc";
import { app } from "./app.svelte";

function currentEnvironment(): string | null {
  return app.info?.environment.id ?? null;
}

class ChecksState {
  /** Steps whose check is running (a check may go on while the admin looks at another step). */
  running = $state.raw<ReadonlySet<StepId>>(new Set());
  /** The error of each step's latest check that could not run, with its environment; cleared on the next check. */
  errors = $state.raw<ReadonlyMap<StepId, { environment: string | null; error: unknown }>>(new Map());

  isRunning(stepId: StepId): boolean {
    return this.running.has(stepId);
  }

  /** Only an error of the environment on screen: the same step of the other environment is another step. */
  errorOf(stepId: StepId): unknown {
    const entry = this.errors.get(stepId);
    return entry !== undefined && entry.environment === currentEnvironment() ? entry.error : null;
  }

  /** Runs the step's check once at a time; the plan is taken only if the environment did not change meanwhile. */
  async check(stepId: StepId): Promise<void> {
    if (this.running.has(stepId)) return;
    this.running = new Set(this.running).add(stepId);
    const environment = currentEnvironment();
    this.#setError(stepId, environment, null);
    try {
      const plan = await ipc.checkStep(stepId);
      if (currentEnvironment() === environment) app.plan = plan;
    } catch (error) {
      this.#setError(stepId, environment, error);
    } finally {
      const running = new Set(this.running);
      running.delete(stepId);
      this.running = running;
    }
  }

  /** Forgets every error (for the tests). */
  reset(): void {
    this.errors = new Map();
  }

  #setError(stepId: StepId, environment: string | null, error: unknown): void {
    const errors = new Map(this.errors);
    if (error === null) errors.delete(stepId);
    else errors.set(stepId, { environment, error });
    this.errors = errors;
  }
}

export const checks = new ChecksState();
