// The texts of what a check found (`finding.<code>`) and of how to fix a gap (`fix.<code>`). Codes are open
// (new checks add codes without a new binding), so these maps sit beside the typed dictionaries: the
// Salesforce and Marketo checks each keep theirs, merged here (the Salesforce text wins on a shared code).
// A code without a text still reads as something — "code: key=value, …" — never as an empty line; a
// parameter holding an https address becomes a link part the window opens in the browser.

import type { ErrorCode } from "../../bindings/ErrorCode";
import type { Language } from "../../bindings/Language";
import { errorMessage } from "../../errors";
import { marketoFindings } from "./marketo";
import { readinessFindings } from "./readiness";
import { salesforceFindings } from "./salesforce";

type FindingTexts = Readonly<Record<Language, Readonly<Record<string, string>>>>;

/** One piece of a finding's text: words, or an address to open in the browser. */
export type TextPart = { kind: "text"; text: string } | { kind: "link"; url: string };

export type FindingParams = Readonly<Record<string, string>>;

const SOURCES: readonly FindingTexts[] = [salesforceFindings, marketoFindings, readinessFindings];

function merge(lang: Language, sources: readonly FindingTexts[]): Readonly<Record<string, string>> {
  const merged: Record<string, string> = {};
  for (const source of [...sources].reverse()) Object.assign(merged, source[lang]);
  return merged;
}

/** Merges the maps, the first one winning on a shared key. Exported for the tests. */
export function mergeFindingTexts(sources: readonly FindingTexts[]): FindingTexts {
  return { en: merge("en", sources), es: merge("es", sources) };
}

const TEXTS = mergeFindingTexts(SOURCES);

/** Only https addresses become links (the opener refuses anything else). */
export function isLink(value: string): boolean {
  return /^https:\/\/\S+$/.test(value);
}

function template(texts: FindingTexts, lang: Language, key: string): string | undefined {
  const chain: readonly Language[] = lang === "en" ? ["en"] : [lang, "en"];
  for (const language of chain) {
    const messages = texts[language];
    if (Object.hasOwn(messages, key)) return messages[key];
  }
  return undefined;
}

function push(parts: TextPart[], part: TextPart): void {
  const last = parts.at(-1);
  if (part.kind === "text" && last?.kind === "text") last.text += part.text;
  else if (part.kind === "link" || part.text !== "") parts.push(part);
}

function value(parts: TextPart[], text: string): void {
  push(parts, isLink(text) ? { kind: "link", url: text } : { kind: "text", text });
}

/** Fills `{name}` from the params; an unknown placeholder stays visible, as in the dictionaries. */
export function fillTemplate(text: string, params: FindingParams): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    push(parts, { kind: "text", text: text.slice(at, match.index) });
    const name = match[1] ?? "";
    const given = Object.hasOwn(params, name) ? params[name] : undefined;
    if (given !== undefined) value(parts, given);
    else push(parts, { kind: "text", text: match[0] });
    at = match.index + match[0].length;
  }
  push(parts, { kind: "text", text: text.slice(at) });
  return parts;
}

/** "code: key=value, key=value" for a code without a text (keys sorted, so it reads the same each time). */
export function fallbackParts(code: string, params: FindingParams): TextPart[] {
  const entries = Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: TextPart[] = [{ kind: "text", text: entries.length === 0 ? code : `${code}: ` }];
  entries.forEach(([key, given], i) => {
    push(parts, { kind: "text", text: `${i === 0 ? "" : ", "}${key}=` });
    value(parts, given);
  });
  return parts;
}

/** Plain text of the parts (a link reads as its address). */
export function partsText(parts: readonly TextPart[]): string {
  return parts.map((part) => (part.kind === "text" ? part.text : part.url)).join("");
}

/**
 * A finding that could not read Salesforce carries the error's code (`error_code`), never its English
 * message: `{reason}` is that error said in the language, as the window says it anywhere else.
 */
function withReason(lang: Language, params: FindingParams): FindingParams {
  const code = params.error_code;
  if (code === undefined || Object.hasOwn(params, "reason")) return params;
  return { ...params, reason: errorMessage(lang, { code: code as ErrorCode, message: "" }, "salesforce") };
}

/** What a check found, in the language (English when only English exists), else the readable fallback. */
export function findingParts(lang: Language, code: string, params: FindingParams = {}, texts: FindingTexts = TEXTS): TextPart[] {
  const text = template(texts, lang, `finding.${code}`);
  return text === undefined ? fallbackParts(code, params) : fillTemplate(text, withReason(lang, params));
}

/** How to fix it; null when the code has no fix text (nothing is shown rather than the code twice). */
export function fixParts(lang: Language, code: string, params: FindingParams = {}, texts: FindingTexts = TEXTS): TextPart[] | null {
  const text = template(texts, lang, `fix.${code}`);
  return text === undefined ? null : fillTemplate(text, params);
}

export function findingText(lang: Language, code: string, params: FindingParams = {}, texts: FindingTexts = TEXTS): string {
  return partsText(findingParts(lang, code, params, texts));
}

export function fixText(lang: Language, code: string, params: FindingParams = {}, texts: FindingTexts = TEXTS): string | null {
  const parts = fixParts(lang, code, params, texts);
  return parts === null ? null : partsText(parts);
}

/** The merged maps, for the tests that compare the two languages. */
export const findingTexts: FindingTexts = TEXTS;
