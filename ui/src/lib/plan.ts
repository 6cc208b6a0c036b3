// Pure helpers over the plan the Rust side sends: grouping for the rail, where to start, and which status
// changes to offer for a state. Rules about steps (reasons, dependencies) stay in Rust.

import type { StepId } from "./bindings/StepId";
import type { StepState } from "./bindings/StepState";
import type { StepView } from "./bindings/StepView";

export function prerequisites(plan: readonly StepView[]): StepView[] {
  return plan.filter((step) => step.kind === "prerequisite");
}

export function steps(plan: readonly StepView[]): StepView[] {
  return plan.filter((step) => step.kind === "step");
}

/** The first step neither done nor skipped, else the first step. */
export function firstOpenStep(plan: readonly StepView[]): StepId | null {
  const open = plan.find((step) => step.status.state !== "done" && step.status.state !== "skipped");
  return (open ?? plan[0])?.id ?? null;
}

export type StepAction = "done" | "in_progress" | "skip" | "block" | "reopen";

/** The status changes offered for a step in `state`, in display order. */
export function actionsFor(state: StepState): StepAction[] {
  switch (state) {
    case "not_started":
      return ["done", "in_progress", "skip", "block"];
    case "in_progress":
      return ["done", "skip", "block"];
    case "blocked":
      return ["done", "in_progress", "skip"];
    case "done":
    case "skipped":
      return ["reopen"];
  }
}
