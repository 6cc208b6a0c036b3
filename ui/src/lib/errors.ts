// How a failure reads in the window: the command's `{code, message, params, detail}` as an IpcError, and
// its text in the user's language — `error.<code>` filled with its params. Rust's English `message` is
// never the text shown (it stays for the technical details). Pure: no Tauri here, so the findings' texts
// can say a Salesforce error the same way.

import type { CommandError } from "./bindings/CommandError";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { Language } from "./bindings/Language";
import { formatDateTime } from "./format";
import { lookup, translate, type MessageKey, type Params } from "./i18n";

/** Code of a failure that did not come from a command (a bug, or no Tauri around the page). */
export const UNEXPECTED: ErrorCode = "unexpected";
/** Code of a link the system could not open in the browser. */
export const OPEN_FAILED: ErrorCode = "open_failed";

/**
 * Which service a call talked to. Some codes exist for more than one (`invalid_client`, `network`,
 * `bad_response`): the scope picks the service's own wording, `error.<scope>.<code>`, before `error.<code>`.
 */
export type ErrorScope = "salesforce" | "marketo";

/** What a rejection carries; `params` and `detail` may be left out by the window's own failures. */
export type IpcErrorInit = Pick<CommandError, "code" | "message"> & Partial<Pick<CommandError, "params" | "detail">>;

export class IpcError extends Error {
  readonly code: ErrorCode;
  /** The values the translated text quotes (a port, a row, a path…), by name. */
  readonly params: Readonly<Partial<Record<string, string>>>;
  /** English advice for the technical details; never shown as the message. */
  readonly detail: string | null;

  constructor(error: IpcErrorInit) {
    super(error.message);
    this.name = "IpcError";
    this.code = error.code;
    this.params = error.params ?? {};
    this.detail = error.detail ?? null;
  }
}

function isCommandError(value: unknown): value is IpcErrorInit {
  if (typeof value !== "object" || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === "string" && typeof message === "string";
}

export function toIpcError(error: unknown): IpcError {
  if (error instanceof IpcError) return error;
  if (isCommandError(error)) return new IpcError(error);
  const message = error instanceof Error ? error.message : String(error);
  return new IpcError({ code: UNEXPECTED, message });
}

/**
 * The dictionary key of a code. Typed so that svelte-check fails when en.ts (and so es.ts, typed against
 * it) lacks a text for any code of the generated `ErrorCode` union.
 */
export function errorKey(code: ErrorCode): MessageKey {
  return `error.${code}`;
}

/**
 * What to tell the user, in their language: `error.<code>` (or the service's own wording with `scope`)
 * filled with the error's parameters. Rust's English message is never the text shown.
 */
export function errorMessage(lang: Language, error: unknown, scope?: ErrorScope): string {
  const { code, params } = toIpcError(error);
  const values: Params = {};
  for (const [name, value] of Object.entries(params)) if (value !== undefined) values[name] = value;
  const special = specificMessage(lang, code, values);
  if (special !== null) return special;
  const scoped = scope === undefined ? undefined : lookup(lang, `error.${scope}.${code}`, values);
  // `lookup`, not `translate`: a rejection that is not a command's may carry any code at run time.
  return scoped ?? lookup(lang, errorKey(code), values) ?? translate(lang, "error.unexpected");
}

/** The codes whose text depends on which parameters came: who holds the data folder, the port's holder. */
function specificMessage(lang: Language, code: ErrorCode, params: Params): string | null {
  if (code === "data_folder_busy") return dataFolderBusy(lang, params);
  if (code === "port_busy" && params.holder !== undefined && params.port !== undefined) {
    return translate(lang, "error.port_busy.holder", params);
  }
  return null;
}

/** Who holds the data folder ({pid, program, purpose, started_at}), in the user's language; null when unknown. */
function dataFolderBusy(lang: Language, params: Params): string | null {
  const { pid, program, purpose, started_at: startedAt } = params;
  if (pid === undefined || typeof program !== "string" || typeof startedAt !== "string") return null;
  if (purpose !== "sending" && purpose !== "recovery") return null;
  const who = program === "window" ? translate(lang, "lockHolder.window") : translate(lang, "lockHolder.cli", { command: program.replace(/^cli /, "") });
  const key = purpose === "sending" ? "error.data_folder_busy.sending" : "error.data_folder_busy.recovery";
  return translate(lang, key, { holder: who, pid: String(pid), since: formatDateTime(lang, startedAt) });
}
