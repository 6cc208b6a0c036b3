// The window's two dictionaries and the pure functions that read them.
//
// Why not svelte-i18n: version 4 works with Svelte 5, but only through stores (`$_`), its message keys
// are plain strings (a typo is found on screen, not by svelte-check), it brings an ICU message-format
// runtime we do not need, and it depends on esbuild 0.19, which `npm audit` flags and Vite 8 no longer
// needs. Two typed dictionaries, Intl.PluralRules and one rune (stores/locale.svelte.ts) do the job: a
// missing Spanish key or a misspelt key is a compile error.

import type { Language } from "../bindings/Language";
import { en } from "./en";
import { es } from "./es";

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;
export type Params = Record<string, string | number>;

/** Names of plural messages: `check.ready` for `check.ready.one` / `check.ready.other`. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never;

export const LANGUAGES: readonly Language[] = ["en", "es"];
export const dictionaries: Readonly<Record<Language, Messages>> = { en, es };

/**
 * The locale Intl formats with. Fixed per language so dates read the same for every admin
 * ("26 Nov 2026 14:03", day before month, 24-hour clock) whatever the region of the OS.
 */
export function intlLocale(lang: Language): string {
  return lang === "es" ? "es-ES" : "en-GB";
}

const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(lang: Language, value: number, maximumFractionDigits = 0): string {
  const id = `${lang}:${maximumFractionDigits}`;
  let format = numberFormats.get(id);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(lang), { maximumFractionDigits, minimumFractionDigits: 0 });
    numberFormats.set(id, format);
  }
  return format.format(value);
}

function interpolate(lang: Language, template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatNumber(lang, value) : value;
  });
}

export function translate(lang: Language, key: MessageKey, params?: Params): string {
  return interpolate(lang, dictionaries[lang][key], params);
}

/** A message whose key is only known at run time (a code from the Rust side); undefined when unknown. */
export function lookup(lang: Language, key: string, params?: Params): string | undefined {
  const messages: Readonly<Record<string, string>> = dictionaries[lang];
  const template = Object.hasOwn(messages, key) ? messages[key] : undefined;
  return template === undefined ? undefined : interpolate(lang, template, params);
}

const pluralRules = new Map<Language, Intl.PluralRules>();

/** The plural form of `key` for `count` ({count} is filled in, formatted for the language). */
export function plural(lang: Language, key: PluralKey, count: number, params?: Params): string {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(intlLocale(lang));
    pluralRules.set(lang, rules);
  }
  const all = { ...params, count };
  return lookup(lang, `${key}.${rules.select(count)}`, all) ?? translate(lang, `${key}.other` as MessageKey, all);
}
