// Every code the Rust side can send, listed once for the tests. The `satisfies` clauses and the
// exhaustiveness checks below make svelte-check fail when a union in the bindings grows.

import type { EmailProblem } from "../bindings/EmailProblem";
import type { EnvironmentKind } from "../bindings/EnvironmentKind";
import type { HowDone } from "../bindings/HowDone";
import type { InvitationState } from "../bindings/InvitationState";
import type { Persona } from "../bindings/Persona";
import type { StepKind } from "../bindings/StepKind";
import type { StepState } from "../bindings/StepState";
import type { Verdict } from "../bindings/Verdict";

type Exhaustive<Union, Listed> = [Exclude<Union, Listed>] extends [never] ? true : false;

export const STEP_STATES = ["not_started", "in_progress", "done", "blocked", "skipped"] as const satisfies readonly StepState[];
export const STEP_KINDS = ["prerequisite", "step"] as const satisfies readonly StepKind[];
export const PERSONAS = [
  "marketo_admin",
  "salesforce_admin",
  "marketo_or_salesforce_admin",
] as const satisfies readonly Persona[];
export const HOW_DONE = ["app", "manual"] as const satisfies readonly HowDone[];
export const ENVIRONMENT_KINDS = ["sandbox", "real"] as const satisfies readonly EnvironmentKind[];
export const VERDICTS = [
  "ready",
  "invalid",
  "duplicate_in_input",
  "already_invited",
  "already_member",
  "over_seats",
] as const satisfies readonly Verdict[];
export const EMAIL_PROBLEMS = [
  "empty",
  "missing_at",
  "several_at",
  "empty_local_part",
  "local_part_too_long",
  "invalid_local_part",
  "empty_domain",
  "invalid_domain",
  "too_long",
] as const satisfies readonly EmailProblem[];
export const INVITATION_STATES = [
  "draft",
  "queued",
  "sending",
  "sent",
  "accepted",
  "failed",
  "skipped",
  "expired",
  "revoked",
] as const satisfies readonly InvitationState[];

/** `CommandError.code` (src-tauri/src/commands/error.rs). */
export const ERROR_CODES = [
  "database",
  "sales_account",
  "unknown_step",
  "reason_required",
  "unknown_team",
  "nothing_to_invite",
  "run_in_progress",
  "startup",
] as const;

/** `CommandError.detail` for code sales_account: SalesActionsError::code() (services/sales_actions/error.rs). */
export const SALES_ACCOUNT_CODES = [
  "unauthorized",
  "invalid_email",
  "no_seats_left",
  "unknown_team",
  "rate_limited",
  "server_error",
  "network",
  "bad_response",
] as const;

/** `InvitationView.reason_code`: the engine's own codes plus every Sales-account code. */
export const REASON_CODES = [
  "already_invited",
  "already_member",
  "reconciled",
  "not_found_on_service",
  "bounced",
  ...SALES_ACCOUNT_CODES,
] as const;

export const exhaustive: Record<string, true> = {
  stepStates: true satisfies Exhaustive<StepState, (typeof STEP_STATES)[number]>,
  stepKinds: true satisfies Exhaustive<StepKind, (typeof STEP_KINDS)[number]>,
  personas: true satisfies Exhaustive<Persona, (typeof PERSONAS)[number]>,
  howDone: true satisfies Exhaustive<HowDone, (typeof HOW_DONE)[number]>,
  environments: true satisfies Exhaustive<EnvironmentKind, (typeof ENVIRONMENT_KINDS)[number]>,
  verdicts: true satisfies Exhaustive<Verdict, (typeof VERDICTS)[number]>,
  problems: true satisfies Exhaustive<EmailProblem, (typeof EMAIL_PROBLEMS)[number]>,
  invitationStates: true satisfies Exhaustive<InvitationState, (typeof INVITATION_STATES)[number]>,
};
