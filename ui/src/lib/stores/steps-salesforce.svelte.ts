// Step 7's changes in Salesforce: the Adobe remote sites and the "Marketo App Access" permission set. Each
// is previewed first (a plan, read-only), applied only when the admin confirms (Rust re-plans and audits
// each change), and each change the app made can be undone from here. After any change the step's check
// runs again, so its findings show what Salesforce now holds.

import type { AppliedChange } from "../bindings/AppliedChange";
import type { ChangeReport } from "../bindings/ChangeReport";
import type { PermissionSetPlan } from "../bindings/PermissionSetPlan";
import type { RemoteSitePlan } from "../bindings/RemoteSitePlan";
import * as ipc from "../ipc";
import { checks } from "./checks.svelte";
import { EnvironmentScoped, type ScopeToken } from "./steps-common.svelte";

/** The step whose check shows what the changes did. */
export const STEP7 = "7";

type Operations<Plan> = {
  plan: () => Promise<Plan>;
  /** Applies what `plan` showed. */
  apply: (plan: Plan) => Promise<ChangeReport>;
  undo: (salesforceId: string) => Promise<AppliedChange>;
};

/** One kind of change: its plan, the last run of changes, the undone ones and the last error. */
export class PlannedChanges<Plan> extends EnvironmentScoped {
  plan = $state.raw<Plan | null>(null);
  /** What the last apply did (kept when undoing, so each undone change still shows). */
  report = $state.raw<ChangeReport | null>(null);
  /** Undone changes by the Salesforce id of the change they undid. */
  undone = $state.raw<ReadonlyMap<string, AppliedChange>>(new Map());
  planning = $state(false);
  applying = $state(false);
  /** The Salesforce id being undone. */
  undoing = $state<string | null>(null);
  error = $state<unknown>(null);

  readonly #ops: Operations<Plan>;
  readonly #after: () => Promise<unknown>;

  constructor(ops: Operations<Plan>, after: () => Promise<unknown>) {
    super();
    this.#ops = ops;
    this.#after = after;
  }

  get busy(): boolean {
    return this.planning || this.applying || this.undoing !== null;
  }

  /** Reads what the change would do; changes nothing. */
  async preview(): Promise<void> {
    if (this.busy) return;
    this.planning = true;
    this.error = null;
    const token = this.token();
    try {
      const plan = await this.#ops.plan();
      if (!this.stale(token)) this.plan = plan;
    } catch (error) {
      if (!this.stale(token)) this.error = error;
    } finally {
      if (!this.stale(token)) this.planning = false;
    }
  }

  /** Applies the previewed plan, then previews again and re-checks the step. */
  async apply(): Promise<void> {
    const plan = this.plan;
    if (this.busy || plan === null) return;
    this.applying = true;
    this.error = null;
    const token = this.token();
    try {
      const report = await this.#ops.apply(plan);
      if (this.stale(token)) return;
      this.report = report;
      this.undone = new Map();
    } catch (error) {
      if (!this.stale(token)) this.error = error;
    } finally {
      if (!this.stale(token)) this.applying = false;
    }
    if (this.stale(token)) return;
    await this.#refresh(token);
  }

  /** Undoes one change the app made (`salesforceId` of the record it created). */
  async undo(salesforceId: string): Promise<void> {
    if (this.busy || this.undone.has(salesforceId)) return;
    this.undoing = salesforceId;
    this.error = null;
    const token = this.token();
    try {
      const change = await this.#ops.undo(salesforceId);
      if (this.stale(token)) return;
      this.undone = new Map(this.undone).set(salesforceId, change);
    } catch (error) {
      if (!this.stale(token)) this.error = error;
    } finally {
      if (!this.stale(token)) this.undoing = null;
    }
    if (this.stale(token)) return;
    await this.#refresh(token);
  }

  isUndone(salesforceId: string): boolean {
    return this.undone.has(salesforceId);
  }

  /** After a change: the plan as it now stands (quietly) and the step's check. */
  async #refresh(token: ScopeToken): Promise<void> {
    try {
      const plan = await this.#ops.plan();
      if (!this.stale(token)) this.plan = plan;
    } catch {
      // The change itself is shown; the check below reports what Salesforce holds.
    }
    if (!this.stale(token)) await this.#after();
  }

  protected clear(): void {
    this.plan = null;
    this.report = null;
    this.undone = new Map();
    this.planning = false;
    this.applying = false;
    this.undoing = null;
    this.error = null;
  }
}

const recheck = () => checks.check(STEP7);

/** Remote Site Settings for the two Adobe hosts. */
export const remoteSites = new PlannedChanges<RemoteSitePlan>(
  {
    plan: () => ipc.planSalesforceRemoteSites(),
    apply: () => ipc.createSalesforceRemoteSites(),
    undo: (id) => ipc.removeSalesforceRemoteSite(id),
  },
  recheck,
);

/** "Marketo App Access" for the invited people the preview showed (and only them). */
export const permissionSet = new PlannedChanges<PermissionSetPlan>(
  {
    plan: () => ipc.planSalesforcePermissionSet(),
    apply: (plan) => ipc.assignSalesforcePermissionSet(plan.to_assign.map((person) => person.email)),
    undo: (id) => ipc.unassignSalesforcePermissionSet(id),
  },
  recheck,
);

/** Both cards of step 7 enter the environment on screen together. */
export function enterStep7(environment: string | null): void {
  remoteSites.enter(environment);
  permissionSet.enter(environment);
}
