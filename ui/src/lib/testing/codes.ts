// Every code the Rust side can send, listed once for the tests. The `satisfies` clauses and the
// exhaustiveness checks below make svelte-check fail when a union in the bindings grows.

import type { CheckOutcome } from "../bindings/CheckOutcome";
import type { ConnectionStatus } from "../bindings/ConnectionStatus";
import type { EmailProblem } from "../bindings/EmailProblem";
import type { EnvironmentKind } from "../bindings/EnvironmentKind";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { ExportKind } from "../bindings/ExportKind";
import type { FindingLevel } from "../bindings/FindingLevel";
import type { HandoffFormat } from "../bindings/HandoffFormat";
import type { HowDone } from "../bindings/HowDone";
import type { InvitationState } from "../bindings/InvitationState";
import type { Persona } from "../bindings/Persona";
import type { ProblemCode } from "../bindings/ProblemCode";
import type { RowStatus } from "../bindings/RowStatus";
import type { SalesRouteKind } from "../bindings/SalesRouteKind";
import type { StepKind } from "../bindings/StepKind";
import type { StepState } from "../bindings/StepState";
import type { SyncStatus } from "../bindings/SyncStatus";
import type { Verdict } from "../bindings/Verdict";

type Exhaustive<Union, Listed> = [Exclude<Union, Listed>] extends [never] ? true : false;

export const STEP_STATES = ["not_started", "in_progress", "done", "blocked", "skipped"] as const satisfies readonly StepState[];
export const STEP_KINDS = ["prerequisite", "step"] as const satisfies readonly StepKind[];
export const PERSONAS = [
  "marketo_admin",
  "salesforce_admin",
  "marketo_or_salesforce_admin",
] as const satisfies readonly Persona[];
export const HOW_DONE = ["app", "verified", "manual", "confirmed"] as const satisfies readonly HowDone[];
export const ENVIRONMENT_KINDS = ["sandbox", "real"] as const satisfies readonly EnvironmentKind[];
export const SALES_ROUTE_KINDS = ["http", "handoff"] as const satisfies readonly SalesRouteKind[];
export const CONNECTION_STATUSES = [
  "not_connected",
  "connected",
  "disconnected",
  "failed",
  "reconnect_needed",
] as const satisfies readonly ConnectionStatus[];
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
  "unconfirmed",
  "sent",
  "accepted",
  "failed",
  "skipped",
  "expired",
  "revoked",
] as const satisfies readonly InvitationState[];

/**
 * Every `ErrorCode` (bindings/ErrorCode.ts, generated from src-tauri/src/error_code.rs) with the
 * parameters Rust sends with it (commands/error.rs). `satisfies Record<ErrorCode, …>` makes svelte-check
 * fail when a code is added or removed in Rust and not here.
 */
export const ERROR_SAMPLES = {
  unexpected: {},
  open_failed: { url: "https://toutapp.com/login" },
  internal: {},
  startup: {},
  database: {},
  about: {},
  clipboard: {},
  reason_required: {},
  not_checkable: { step: "5" },
  sandbox_only: {},
  sandbox_unreachable: {},
  unknown_team: { team: "t9" },
  nothing_to_invite: {},
  run_in_progress: {},
  recovering: {},
  data_folder_busy: { pid: "1234", program: "cli invite", purpose: "sending", started_at: "2026-11-26T14:02:00Z" },
  handoff_route: { console_path: "Marketo › Admin › Sales Insight › Actions Config" },
  missing_base_url: {},
  missing_token: {},
  sales_account_unauthorized: {},
  sales_account_invalid_email: {},
  sales_account_no_seats_left: {},
  sales_account_unknown_team: {},
  sales_account_rate_limited: { retry_after_secs: "30" },
  sales_account_server_error: {},
  sales_account_rejected: { service_code: "team_full" },
  sales_account_not_found: {},
  sales_account_sync_running: {},
  sales_account_network: {},
  sales_account_bad_response: {},
  sales_account_unknown_outcome: {},
  sales_account_paging_loop: {},
  access_denied: {},
  redirect_uri_mismatch: {},
  invalid_client: {},
  oauth_approval_error_generic: {},
  invalid_grant_code: {},
  invalid_grant_refresh: {},
  invalid_grant_not_approved: {},
  inactive_user: {},
  inactive_org: {},
  invalid_scope: {},
  oauth_error: {},
  state_mismatch: {},
  port_busy: { port: "1717", holder: "sf (pid 42)" },
  listener_failed: {},
  timed_out: {},
  cancelled: {},
  already_finished: {},
  invalid_redirect: {},
  network: {},
  bad_response: {},
  invalid_login_host: {},
  session_expired: {},
  request_limit_exceeded: {},
  api_disabled: {},
  insufficient_access: {},
  not_found: {},
  bad_request: {},
  server_error: {},
  rejected: {},
  paging_loop: {},
  invalid_munchkin: {},
  unknown_munchkin: {},
  access_denied_603: {},
  rate_limited: {},
  daily_quota: {},
  token_expired: {},
  server: {},
  refused: {},
  invalid_data_1003: {},
  no_secure_store: {},
  keyring_locked: {},
  secret_too_large: {},
  keyring_failure: {},
  secret_corrupt: {},
  invalid_secret_key: {},
  no_pending_sign_in: {},
  sign_in_in_progress: {},
  missing_consumer_key: {},
  invalid_port: {},
  missing_secret: {},
  missing_client_id: {},
  launchpoint_for_sales_account: {},
  sign_in_not_saved: {},
  path_not_chosen: { path: "/home/ana/people.csv" },
  not_a_file: { path: "/home/ana" },
  unreadable: { path: "/home/ana/people.csv" },
  empty: {},
  no_header: {},
  no_email_column: {},
  mapping_does_not_fit: {},
  not_csv: {},
  file_too_large: {},
  field_too_large: { row: "4", column: "Notes" },
  row_too_large: { row: "9" },
  too_many_rows: {},
  cannot_write: { path: "/home/ana/results.csv" },
  store: {},
  no_data_rows: {},
  import_not_found: { import_id: "7" },
  bad_option: { value: "ebcdic" },
  salesforce_not_connected: {},
  marketo_not_connected: {},
  admin_count: {},
  first_admins_only: { max: "3", existing: "1", new: "3", step: "5" },
  invalid_sync_user: {},
  permission_set_missing: {},
  not_made_by_app: {},
} as const satisfies Record<ErrorCode, Readonly<Record<string, string>>>;

export const ERROR_CODES = Object.keys(ERROR_SAMPLES) as ErrorCode[];

/** Codes more than one service sends: each has a general wording and one per service. */
export const SHARED_CODES = ["invalid_client", "network", "bad_response"] as const;

/** SalesActionsError::code() (services/sales_actions/error.rs): what the invitation record keeps as `reason_code`. */
export const SALES_ACCOUNT_CODES = [
  "unauthorized",
  "invalid_email",
  "no_seats_left",
  "unknown_team",
  "rate_limited",
  "server_error",
  "network",
  "bad_response",
  "unknown_outcome",
  "paging_loop",
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

/** RowStatus: a CSV row's verdict (csv_import/check.rs). */
export const ROW_STATUSES = ["valid", "invalid", "duplicate", "already", "over_seats"] as const satisfies readonly RowStatus[];

/** ProblemCode: what is wrong with a CSV row (csv_import/check.rs). */
export const PROBLEM_CODES = [
  "email_missing",
  "email_invalid",
  "email_too_long",
  "name_too_long",
  "role_too_long",
  "team_unknown",
] as const satisfies readonly ProblemCode[];

export const EXPORT_KINDS = ["results", "failed"] as const satisfies readonly ExportKind[];

/** CheckOutcome and FindingLevel: a step check's verdict and how each finding reads (setup/checks). */
export const CHECK_OUTCOMES = ["ok", "gaps", "failed"] as const satisfies readonly CheckOutcome[];
export const FINDING_LEVELS = ["ok", "gap", "info", "error"] as const satisfies readonly FindingLevel[];

export const HANDOFF_FORMATS = ["markdown", "html"] as const satisfies readonly HandoffFormat[];

/** SyncStatus: a sync job's state (services/sales_actions). */
export const SYNC_STATUSES = ["queued", "running", "done", "failed"] as const satisfies readonly SyncStatus[];

/** PersonSkip.reason: why a permission set plan leaves someone out (checks/salesforce/changes.rs). */
export const PERSON_SKIP_REASONS = ["user_not_found", "user_inactive"] as const;

export const exhaustive: Record<string, true> = {
  stepStates: true satisfies Exhaustive<StepState, (typeof STEP_STATES)[number]>,
  stepKinds: true satisfies Exhaustive<StepKind, (typeof STEP_KINDS)[number]>,
  personas: true satisfies Exhaustive<Persona, (typeof PERSONAS)[number]>,
  howDone: true satisfies Exhaustive<HowDone, (typeof HOW_DONE)[number]>,
  environments: true satisfies Exhaustive<EnvironmentKind, (typeof ENVIRONMENT_KINDS)[number]>,
  salesRoutes: true satisfies Exhaustive<SalesRouteKind, (typeof SALES_ROUTE_KINDS)[number]>,
  connectionStatuses: true satisfies Exhaustive<ConnectionStatus, (typeof CONNECTION_STATUSES)[number]>,
  verdicts: true satisfies Exhaustive<Verdict, (typeof VERDICTS)[number]>,
  problems: true satisfies Exhaustive<EmailProblem, (typeof EMAIL_PROBLEMS)[number]>,
  invitationStates: true satisfies Exhaustive<InvitationState, (typeof INVITATION_STATES)[number]>,
  rowStatuses: true satisfies Exhaustive<RowStatus, (typeof ROW_STATUSES)[number]>,
  problemCodes: true satisfies Exhaustive<ProblemCode, (typeof PROBLEM_CODES)[number]>,
  exportKinds: true satisfies Exhaustive<ExportKind, (typeof EXPORT_KINDS)[number]>,
  checkOutcomes: true satisfies Exhaustive<CheckOutcome, (typeof CHECK_OUTCOMES)[number]>,
  findingLevels: true satisfies Exhaustive<FindingLevel, (typeof FINDING_LEVELS)[number]>,
  handoffFormats: true satisfies Exhaustive<HandoffFormat, (typeof HANDOFF_FORMATS)[number]>,
  syncStatuses: true satisfies Exhaustive<SyncStatus, (typeof SYNC_STATUSES)[number]>,
};
