// What the step-specific actions (steps 1, 4 and 7) share: the environment they belong to, the plan reload
// after a command that recorded a step check, and a tolerant reading of counts.

import * as ipc from "../ipc";
import { app } from "./app.svelte";

/** The environment on screen; an answer that arrives after a switch belongs to the other one. */
export function currentEnvironment(): string | null {
  return app.info?.environment.id ?? null;
}

/** The Sales account is reached through its console here: the app prepares, the admin does it. */
export function handoffRoute(): boolean {
  return app.info?.environment.sales_route === "handoff";
}

/**
 * Reads the plan again after a command recorded a step check, so the step's CheckPanel and the rail show
 * it; dropped when the environment changed meanwhile. A failed read leaves the plan as it was.
 */
export async function reloadPlan(environment: string | null): Promise<void> {
  try {
    const plan = await ipc.setupPlan();
    if (currentEnvironment() === environment) app.plan = plan;
  } catch {
    // The next check or status change reloads it.
  }
}

/** A count from Rust (a JSON number); 0 when absent. */
export function num(value: bigint | number | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

/** Which environment and which generation of a store's state a call was started for. */
export type ScopeToken = { readonly environment: string | null; readonly generation: number };

/**
 * Holds one environment's state: `enter(environment)` forgets the previous environment's state the first
 * time another one shows, and `stale(token)` tells an answer of a superseded call or environment.
 */
export abstract class EnvironmentScoped {
  #environment: string | null | undefined = undefined;
  #generation = 0;

  /** Called on mount and after an environment switch. */
  enter(environment: string | null): void {
    if (environment === this.#environment) return;
    this.#environment = environment;
    this.#generation += 1;
    this.clear();
  }

  /** A token for a call started now. */
  protected token(): ScopeToken {
    return { environment: currentEnvironment(), generation: this.#generation };
  }

  /** The call's answer no longer belongs on screen. */
  protected stale(token: ScopeToken): boolean {
    return token.generation !== this.#generation || token.environment !== currentEnvironment();
  }

  /** Forgets everything (another environment, or the tests). */
  reset(): void {
    this.#environment = undefined;
    this.#generation += 1;
    this.clear();
  }

  protected abstract clear(): void;
}
