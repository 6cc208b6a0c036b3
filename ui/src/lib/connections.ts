// Pure helpers for the connection panels (steps 2 and 3, the Sales-account route, the secure store):
// status lines, how a done step reads, the login-host choice.
// Nothing here decides whether a connection works: Rust does.

import type { ConnectionStatus } from "./bindings/ConnectionStatus";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { Language } from "./bindings/Language";
import type { MarketoConnectionView } from "./bindings/MarketoConnectionView";
import type { SalesforceConnectionView } from "./bindings/SalesforceConnectionView";
import type { SecureStoreStatus } from "./bindings/SecureStoreStatus";
import type { StepStatus } from "./bindings/StepStatus";
import type { StepId } from "./bindings/StepId";
import { formatDateTime } from "./format";
import { lookup, translate } from "./i18n";

/** Errors after which only a new sign-in helps: the window offers "Sign in again". */
export const SIGN_IN_AGAIN_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(["session_expired", "invalid_grant_refresh", "secret_corrupt"]);

/**
 * How a done step reads, from who established it (`verified_by`): "Verified by the app" (worded per step
 * where the app says what it read), "Confirmed by ana in the Sales-account console", or the admin's own
 * reason — "Confirmed by you" with who and when when they gave none. Null for a step not done.
 */
export function doneText(
  lang: Language,
  stepId: StepId,
  status: Pick<StepStatus, "state" | "reason" | "actor" | "updated_at" | "verified_by">,
  timeZone?: string,
): string | null {
  if (status.state !== "done") return null;
  switch (status.verified_by) {
    case "app":
      return lookup(lang, `reason.verifiedByApp.${stepId}`) ?? translate(lang, "reason.verifiedByApp");
    case "sales_console":
      return translate(lang, "reason.confirmedInConsole", { actor: status.actor ?? "?" });
    case "admin":
    case null: {
      if (status.reason !== null && status.reason.trim() !== "") return status.reason;
      const when = status.updated_at === null ? "?" : formatDateTime(lang, status.updated_at, timeZone);
      return translate(lang, "reason.confirmedByYou", { actor: status.actor ?? "?", when });
    }
  }
}

const VERIFIED_HOW: Readonly<Record<string, string>> = {
  "identity URL": "verifiedHow.salesforce_identity",
  "identity token and a REST call": "verifiedHow.marketo_token",
};

/** How Rust checked a connection, translated when known, else as Rust wrote it. */
export function verifiedHowText(lang: Language, how: string): string {
  const key = VERIFIED_HOW[how];
  return (key === undefined ? undefined : lookup(lang, key)) ?? how;
}

/** "Checked through the Salesforce identity service on 26 Nov 2026 14:03 by ana", or null when never checked. */
export function verifiedLine(
  lang: Language,
  view: Pick<SalesforceConnectionView, "verified_how" | "verified_at" | "actor">,
  timeZone?: string,
): string | null {
  if (view.verified_how === null || view.verified_at === null) return null;
  const params = { how: verifiedHowText(lang, view.verified_how), when: formatDateTime(lang, view.verified_at, timeZone) };
  return view.actor === null
    ? translate(lang, "conn.verified", params)
    : translate(lang, "conn.verifiedBy", { ...params, actor: view.actor });
}

export function statusLabel(lang: Language, status: ConnectionStatus): string {
  return translate(lang, `conn.status.${status}`);
}

/** The Salesforce status sentence: who, which org, where; or what to do when not connected. */
export function salesforceSummary(lang: Language, view: SalesforceConnectionView): string {
  const { username, org_id, org_name, instance_url } = view.details;
  if (view.status !== "connected") return translate(lang, `sf.summary.${view.status}`);
  const params = { user: username ?? "?", org: org_name ?? "", orgId: org_id ?? "?", instance: instance_url ?? "?" };
  return translate(lang, org_name ? "sf.connectedAs" : "sf.connectedAsNoOrgName", params);
}

/** The Marketo status sentence. */
export function marketoSummary(lang: Language, view: MarketoConnectionView): string {
  const { munchkin_id, client_id } = view.details;
  if (view.status !== "connected") return translate(lang, `mk.summary.${view.status}`);
  return translate(lang, "mk.connected", { munchkin: munchkin_id ?? "?", client: client_id ?? "?" });
}

export type LoginHostChoice = "production" | "sandbox" | "my_domain";

/** The saved login host (`production`, `sandbox` or a My Domain URL) as the form's choice. */
export function loginHostChoice(setting: string): { choice: LoginHostChoice; myDomain: string } {
  const value = setting.trim();
  if (value === "production" || value === "sandbox") return { choice: value, myDomain: "" };
  return { choice: "my_domain", myDomain: value };
}

/** What the form sends back: `production`, `sandbox` or the typed My Domain (Rust checks it). */
export function loginHostSetting(choice: LoginHostChoice, myDomain: string): string {
  return choice === "my_domain" ? myDomain.trim() : choice;
}

/** Each port offered with the callback URL it needs (Rust sends both lists in the same order). */
export function portsWithCallbacks(ports: readonly number[], urls: readonly string[]): { port: number; url: string }[] {
  return ports.flatMap((port, index) => {
    const url = urls[index];
    return url === undefined ? [] : [{ port, url }];
  });
}

export type Platform = "windows" | "macos" | "linux";

/** The OS the window runs on, from the webview's user agent (only to word instructions). */
export function platformOf(userAgent: string): Platform {
  if (/windows/i.test(userAgent)) return "windows";
  if (/mac os|macintosh/i.test(userAgent)) return "macos";
  return "linux";
}

/** Why the keyring is unusable and what to do, translated by code (and OS where the fix differs). */
export function secureStoreTexts(lang: Language, status: SecureStoreStatus, platform: Platform): { reason: string; fix: string } {
  const code = status.code ?? "";
  return {
    reason: lookup(lang, `secure.reason.${code}`) ?? translate(lang, "secure.reason.unknown"),
    fix:
      lookup(lang, `secure.fix.${code}.${platform}`) ?? lookup(lang, `secure.fix.${code}`) ?? translate(lang, "secure.fix.unknown"),
  };
}

/**
 * The sandbox's Marketo credentials (src-tauri/src/sandbox/marketo), shown so a tester can type them.
 * Public test values of the built-in simulator: the real secret never reaches the window.
 */
export const SANDBOX_MARKETO = {
  munchkin: "123-ABC-456",
  client: "sandbox-marketo-client",
  secret: "sandbox-marketo-secret",
} as const;

/** The sandbox's Actions Config tab (sandbox/marketo/mod.rs): what step 3 gives the Sales account. Not secrets. */
export const SANDBOX_ACTIONS_CONFIG = {
  munchkin: "123-ABC-456",
  client: "sandbox-actions-client",
  secret: "sandbox-actions-secret",
} as const;
