// Every call from the window to the Rust side, typed with the bindings ts-rs generates. Argument names are
// camelCase: Tauri maps them to the commands' snake_case parameters. A rejection becomes an IpcError
// carrying the command's {code, message, params, detail}; `errorMessage` (errors.ts) says it in the user's
// language.

import { Channel, invoke, isTauri, type InvokeArgs } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import { getCurrentWindow } from "@tauri-apps/api/window";
import { openUrl } from "@tauri-apps/plugin-opener";
import type { About } from "./bindings/About";
import type { AccountView } from "./bindings/AccountView";
import type { ActionsConfigInput } from "./bindings/ActionsConfigInput";
import type { ActionsConfigView } from "./bindings/ActionsConfigView";
import type { AppInfo } from "./bindings/AppInfo";
import type { AppliedChange } from "./bindings/AppliedChange";
import type { ChangeReport } from "./bindings/ChangeReport";
import type { CheckReport } from "./bindings/CheckReport";
import type { SalesforceDisconnected } from "./bindings/SalesforceDisconnected";
import type { CheckRun } from "./bindings/CheckRun";
import type { ConnectionsView } from "./bindings/ConnectionsView";
import type { EnvironmentKind } from "./bindings/EnvironmentKind";
import type { ExportKind } from "./bindings/ExportKind";
import type { HandoffFile } from "./bindings/HandoffFile";
import type { HandoffFormat } from "./bindings/HandoffFormat";
import type { ImportFileView } from "./bindings/ImportFileView";
import type { ImportInviteOutcome } from "./bindings/ImportInviteOutcome";
import type { ImportOptionsInput } from "./bindings/ImportOptionsInput";
import type { ImportRowsPage } from "./bindings/ImportRowsPage";
import type { ImportView } from "./bindings/ImportView";
import type { InvitationView } from "./bindings/InvitationView";
import type { InviteOutcome } from "./bindings/InviteOutcome";
import type { Language } from "./bindings/Language";
import type { MarketoAdmin } from "./bindings/MarketoAdmin";
import type { MarketoInput } from "./bindings/MarketoInput";
import type { MarketoPrefill } from "./bindings/MarketoPrefill";
import type { OverlapProgress } from "./bindings/OverlapProgress";
import type { OverlapReport } from "./bindings/OverlapReport";
import type { PendingSignInView } from "./bindings/PendingSignInView";
import type { PermissionSetPlan } from "./bindings/PermissionSetPlan";
import type { Persona } from "./bindings/Persona";
import type { PersonReadiness } from "./bindings/PersonReadiness";
import type { RecoveryStatus } from "./bindings/RecoveryStatus";
import type { RemoteSitePlan } from "./bindings/RemoteSitePlan";
import type { RowFilter } from "./bindings/RowFilter";
import type { SalesforceSettings } from "./bindings/SalesforceSettings";
import type { SalesforceSettingsView } from "./bindings/SalesforceSettingsView";
import type { SalesRouteInput } from "./bindings/SalesRouteInput";
import type { SalesRouteView } from "./bindings/SalesRouteView";
import type { SavedFile } from "./bindings/SavedFile";
import type { SendProgress } from "./bindings/SendProgress";
import type { StepChange } from "./bindings/StepChange";
import type { StepId } from "./bindings/StepId";
import type { StepView } from "./bindings/StepView";
import type { SyncField } from "./bindings/SyncField";
import type { SyncReport } from "./bindings/SyncReport";
import { IpcError, OPEN_FAILED, toIpcError } from "./errors";

export { errorKey, errorMessage, IpcError, OPEN_FAILED, toIpcError, UNEXPECTED, type ErrorScope, type IpcErrorInit } from "./errors";

async function call<T>(command: string, args?: InvokeArgs): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  }
}

/** False when the page is open in a plain browser (npm run dev) rather than in the app's window. */
/** Sets the native window title (the title bar is on screen too, so it follows the language). */
export async function setWindowTitle(title: string): Promise<void> {
  document.title = title;
  if (!insideTauri()) return;
  try {
    await getCurrentWindow().setTitle(title);
  } catch {
    // A title that did not change is not worth an error on screen.
  }
}

export function insideTauri(): boolean {
  return isTauri();
}

export const appInfo = () => call<AppInfo>("app_info");
/** Version, data and log folders, and the licences of what the app ships (the About view). */
export const about = () => call<About>("about");
/** The background pass that looks up interrupted invitations on the Sales account (polled while it runs). */
export const recoveryStatus = () => call<RecoveryStatus>("recovery_status");

export const setLanguage = (language: Language) => call<null>("set_language", { language });

export const setupPlan = () => call<StepView[]>("setup_plan");

export const changeStepStatus = (stepId: StepId, change: StepChange) =>
  call<StepView[]>("change_step_status", { stepId, change });

export const salesAccount = () => call<AccountView>("sales_account");

export const checkAddresses = (text: string) => call<CheckReport>("check_addresses", { text });

function progressChannel(onProgress: (progress: SendProgress) => void): Channel<SendProgress> {
  const channel = new Channel<SendProgress>();
  channel.onmessage = onProgress;
  return channel;
}

/** Checks the addresses again, queues the ready ones and sends them; progress arrives on `onProgress`. */
export const inviteAddresses = (text: string, teamId: string | null, onProgress: (progress: SendProgress) => void) =>
  call<InviteOutcome>("invite_addresses", { text, teamId, onProgress: progressChannel(onProgress) });

/** Sends the invitations left queued (after a cancel or an interrupted run). */
export const sendQueued = (onProgress: (progress: SendProgress) => void) =>
  call<InviteOutcome>("send_queued", { onProgress: progressChannel(onProgress) });

/** True when a run was there to pause or resume. */
export const pauseSending = (paused: boolean) => call<boolean>("pause_sending", { paused });

/** True when a run was there to cancel; it stops after the invitation in flight. */
export const cancelSending = () => call<boolean>("cancel_sending");

/** `refresh` first asks the Sales account for the state of sent invitations. */
export const listInvitations = (refresh: boolean) => call<InvitationView[]>("list_invitations", { refresh });

/** Refused with `run_in_progress` while invitations are being sent. */
export const switchEnvironment = (kind: EnvironmentKind) => call<AppInfo>("switch_environment", { kind });

export const salesRoute = () => call<SalesRouteView>("sales_route");

/** Real environment only; the HTTP route is checked with the Sales account before it is saved. */
export const configureSalesRoute = (input: SalesRouteInput) => call<AppInfo>("configure_sales_route", { input });

export const connections = () => call<ConnectionsView>("connections");

export const salesforceSettings = () => call<SalesforceSettingsView>("salesforce_settings");

export const saveSalesforceSettings = (settings: SalesforceSettings) =>
  call<SalesforceSettingsView>("save_salesforce_settings", { settings });

/** Resolves when the whole sign-in is over (browser redirect or pasted address), up to 5 minutes later. */
export const salesforceSignIn = () => call<ConnectionsView>("salesforce_sign_in");

/** The sign-in waiting for its redirect, if any. */
export const salesforcePendingSignIn = () => call<PendingSignInView | null>("salesforce_pending_sign_in");

/** Hands the waiting sign-in the address the browser ended on; the sign-in itself then finishes. */
export const salesforcePasteRedirect = (url: string) => call<null>("salesforce_paste_redirect", { url });

/** True when a sign-in was waiting and is now cancelled. */
export const salesforceCancelSignIn = () => call<boolean>("salesforce_cancel_sign_in");

export const salesforceVerify = () => call<ConnectionsView>("salesforce_verify");

/** Disconnects; `report.not_revoked` says what Salesforce could not be told to revoke. */
export const salesforceDisconnect = () => call<SalesforceDisconnected>("salesforce_disconnect");

export const marketoPrefill = () => call<MarketoPrefill>("marketo_prefill");

/** Tests the credentials first; an empty `client_secret` keeps the saved one. */
export const marketoConnect = (input: MarketoInput) => call<ConnectionsView>("marketo_connect", { input });

export const marketoDisconnect = () => call<ConnectionsView>("marketo_disconnect");

/** Rust copies the saved secret to the clipboard: the window never sees it. */
export const copyMarketoSecret = () => call<null>("copy_marketo_secret");

// CSV import (step 5, "Invite users via CSV"). Rust opens the file dialogs: the window never reads a file.

/** Opens the native file dialog; null when the admin cancelled it. */
export const importPickFile = () => call<string | null>("import_pick_file");

/** Reads the start of the file: its encoding, separator, header and the mapping (each null option = detect). */
export const importOpen = (path: string, options: ImportOptionsInput) =>
  call<ImportFileView>("import_open", { path, options });

/** Reads and checks every row and stages them; `team` names the team of rows without one (null = default). */
export const importStage = (path: string, options: ImportOptionsInput, team: string | null) =>
  call<ImportView>("import_stage", { path, options, team });

export const importView = (importId: number) => call<ImportView>("import_view", { importId });

/** The active environment's latest import, to show it again after a restart. */
export const importLatest = () => call<ImportView | null>("import_latest");

/** A page of the rows matching `filter`, in file order. */
export const importRows = (importId: number, filter: RowFilter, offset: number, limit: number) =>
  call<ImportRowsPage>("import_rows", { importId, filter, offset, limit });

/** Invites the import's rows still to invite; paused and cancelled with pauseSending / cancelSending. */
export const importInvite = (importId: number, onProgress: (progress: SendProgress) => void) =>
  call<ImportInviteOutcome>("import_invite", { importId, onProgress: progressChannel(onProgress) });

/** Rust asks where to save; null when the admin cancelled the dialog. */
export const importExport = (importId: number, kind: ExportKind) => call<SavedFile | null>("import_export", { importId, kind });

/** Hand-off route: saves the clean file for the console and opens the console's page; null when cancelled. */
export const importHandoffFile = (importId: number) => call<HandoffFile | null>("import_handoff_file", { importId });

/** Records that the admin imported the console file, with who and when. */
export const importMarkHandedOff = (importId: number) => call<ImportView>("import_mark_handed_off", { importId });

// Checks, people readiness and the hand-off between the two admins.

/** Reads Salesforce / Marketo to verify a step; resolves to the new plan, the step's `last_check` updated. */
export const checkStep = (stepId: StepId) => call<StepView[]>("check_step", { stepId });
/** Sandbox only: the app plays the AppExchange upgrade of the MSI package, then checks step 6 again. */
export const sandboxInstallPackage = () => call<StepView[]>("sandbox_install_package");

/** Every invited person across the Sales account, Salesforce and Marketo, with their gaps. */
export const readiness = () => call<PersonReadiness[]>("readiness");

/** Rust asks where to save the readiness CSV; null when the admin cancelled the dialog. */
export const exportReadiness = () => call<SavedFile | null>("export_readiness");

/** The admins a hand-off is written for (a step either of them may do goes to both). */
export type HandoffPersona = Extract<Persona, "marketo_admin" | "salesforce_admin">;

/** Writes that admin's steps (no secret) in the saved language; null when the save dialog was cancelled. */
export const exportHandoff = (persona: HandoffPersona, format: HandoffFormat, language: Language | null = null) =>
  call<SavedFile | null>("export_handoff", { persona, format, language });

// Step-specific actions: step 1 (Marketo admins → Sales-account admins), step 4 (the data sync) and step 7
// (Salesforce changes, each planned first, audited and undoable). Those that record a step check say so.

/** Step 1: the Marketo users holding an admin role (API-only users left out). */
export const marketoAdmins = () => call<MarketoAdmin[]>("marketo_admins");

/** Step 1, HTTP route: invites them as Sales-account admins; recorded as step 1's check. Hand-off route: `handoff_route`. */
export const inviteMarketoAdmins = (emails: string[]) => call<CheckRun>("invite_marketo_admins", { emails });

/** Step 3: the Actions Config credential set (for the Sales account; never the secret). */
export const marketoActionsConfig = () => call<ActionsConfigView>("marketo_actions_config");

/** Step 3: saves the Actions Config credentials; on the HTTP route the Sales account is connected with them. */
export const marketoActionsConnect = (input: ActionsConfigInput) => call<ActionsConfigView>("marketo_actions_connect", { input });

export const marketoActionsForget = () => call<ActionsConfigView>("marketo_actions_forget");

/** P2: the Salesforce username Marketo's sync runs as, as named for this environment. */
export const p2SyncUser = () => call<string | null>("p2_sync_user");

/** P2: names (or, empty, forgets) the sync user. */
export const saveP2SyncUser = (username: string) => call<string | null>("save_p2_sync_user", { username });

/** Step 4's preview: the fields the sync brings from Marketo (HTTP route; else `handoff_route`). */
export const syncFields = () => call<SyncField[]>("sync_fields");

/**
 * Step 4: counts the Salesforce people (with an owner and an email) Marketo also holds; paused and
 * cancelled with pauseSending / cancelSending; recorded as step 4's check.
 */
export function countOverlap(onProgress: (progress: OverlapProgress) => void): Promise<OverlapReport> {
  const channel = new Channel<OverlapProgress>();
  channel.onmessage = onProgress;
  return call<OverlapReport>("count_overlap", { onProgress: channel });
}

/** Step 4, HTTP route: starts the sync, or follows the one already running; recorded. */
export const startSync = () => call<SyncReport>("start_sync");

/** Step 4: one look at a sync job; recorded once it has finished. */
export const syncProgress = (jobId: string) => call<SyncReport>("sync_progress", { jobId });

/** Step 7: which Adobe remote sites would be created (read-only). */
export const planSalesforceRemoteSites = () => call<RemoteSitePlan>("plan_salesforce_remote_sites");

/** Step 7: creates the missing remote sites (as planned at that moment), one audit event each. */
export const createSalesforceRemoteSites = () => call<ChangeReport>("create_salesforce_remote_sites");

/** Step 7, undo: removes a remote site the app created (refused with `not_made_by_app` otherwise). */
export const removeSalesforceRemoteSite = (salesforceId: string) =>
  call<AppliedChange>("remove_salesforce_remote_site", { salesforceId });

/** Step 7: who would get "Marketo App Access" among the invited people, and who is left out (read-only). */
export const planSalesforcePermissionSet = () => call<PermissionSetPlan>("plan_salesforce_permission_set");

/** Step 7: assigns it to `emails` (null: every invited person), one audit event each. */
export const assignSalesforcePermissionSet = (emails: string[] | null) =>
  call<ChangeReport>("assign_salesforce_permission_set", { emails });

/** Step 7, undo: removes an assignment the app made. */
export const unassignSalesforcePermissionSet = (assignmentId: string) =>
  call<AppliedChange>("unassign_salesforce_permission_set", { assignmentId });

/** Files dragged over the window (`over`), taken away (`leave`) or dropped (`drop`, with their paths). */
export type FileDrop = { type: "over" } | { type: "leave" } | { type: "drop"; paths: string[] };

/**
 * Listens for files dragged onto the window (the webview gets no file paths from HTML drag and drop).
 * Resolves to the function that stops listening; outside the app there is nothing to listen to.
 */
export async function listenFileDrops(onDrop: (drop: FileDrop) => void): Promise<() => void> {
  if (!insideTauri()) return () => {};
  try {
    return await getCurrentWebview().onDragDropEvent(({ payload }) => {
      if (payload.type === "drop") onDrop({ type: "drop", paths: payload.paths });
      else if (payload.type === "leave") onDrop({ type: "leave" });
      else onDrop({ type: "over" });
    });
  } catch {
    // Without the listener the Choose button still opens files.
    return () => {};
  }
}

/** Opens an https link in the system browser. */
export async function openExternal(url: string): Promise<void> {
  try {
    await openUrl(url);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new IpcError({ code: OPEN_FAILED, message, params: { url } });
  }
}

/** Copies text the window may see (never a secret: see copyMarketoSecret). */
export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}
