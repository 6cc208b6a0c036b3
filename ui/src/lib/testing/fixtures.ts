// Test fixtures the store and module tests share: app info for an environment, a plan step, a readiness
// row, a promise settled by hand, and the Tauri core module as the ipc tests fake it. Test-only.

import { vi } from "vitest";
import type { AppInfo } from "../bindings/AppInfo";
import type { EnvironmentView } from "../bindings/EnvironmentView";
import type { LocalizedText } from "../bindings/LocalizedText";
import type { PersonReadiness } from "../bindings/PersonReadiness";
import type { SalesRouteKind } from "../bindings/SalesRouteKind";
import type { StepId } from "../bindings/StepId";
import type { StepView } from "../bindings/StepView";

/**
 * `app_info` for an environment: a whole view, or an id ("real" is a real environment, anything else a
 * sandbox) on the given Sales-account route.
 */
export function appInfo(environment: EnvironmentView | string, route: SalesRouteKind = "http"): AppInfo {
  const view: EnvironmentView =
    typeof environment === "string"
      ? { id: environment, kind: environment === "real" ? "real" : "sandbox", sales_route: route, sales_url: null }
      : environment;
  return {
    version: "0.1.0",
    data_dir: "/tmp",
    environment: view,
    language: "en",
    os_language: "en",
    actor: "ana",
    recovery: { running: false, checked: 0, total: 0, report: null, error: null },
    secure_store: { available: true, code: null, message: null, fix: null },
    moved_aside: null,
  };
}

/** The same placeholder in both languages, for texts a test does not look at. */
export const TEXT: LocalizedText = { en: "x", es: "x" };

/** A step of the plan, not started and never checked, unless `over` says otherwise. */
export function stepView(id: StepId, over: Partial<StepView> = {}): StepView {
  return {
    id,
    kind: "step",
    persona: "marketo_admin",
    how: "manual",
    depends_on: [],
    waiting_on: [],
    title: TEXT,
    what: TEXT,
    why: TEXT,
    console_path: TEXT,
    status: { state: "not_started", reason: null, actor: null, updated_at: null, verified_by: null },
    last_check: null,
    ...over,
  };
}

/** A person with every check passed and no invitation, unless `over` says otherwise. */
export function personReadiness(email: string, over: Partial<PersonReadiness> = {}): PersonReadiness {
  return {
    email,
    name: null,
    invitation_state: null,
    salesforce_checked: true,
    sf_found: true,
    sf_active: true,
    sf_api_enabled: true,
    sf_permission_set: true,
    sf_object_read: true,
    marketo_checked: true,
    in_marketo: true,
    activated: true,
    gaps: [],
    ...over,
  };
}

/** A promise and the functions that settle it, to hold an ipc answer back while a test looks. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * `@tauri-apps/api/core` for the ipc wrapper tests: `invoke` a mock, `Channel` a bare class whose
 * `onmessage` the test calls. Use as
 * `vi.mock("@tauri-apps/api/core", async () => (await import("../testing/fixtures")).tauriCore())`.
 */
export function tauriCore() {
  class Channel<T> {
    onmessage: (message: T) => void = () => {};
  }
  return { invoke: vi.fn(), Channel, isTauri: vi.fn(() => false) };
}
