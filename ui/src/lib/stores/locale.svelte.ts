// The language in force, as one rune: every `t(…)` read in a template re-renders when it changes.

import type { Language } from "../bindings/Language";
import { plural, translate, type MessageKey, type Params, type PluralKey } from "../i18n";

class Locale {
  lang = $state<Language>("en");
}

export const locale = new Locale();

export function t(key: MessageKey, params?: Params): string {
  return translate(locale.lang, key, params);
}

export function tp(key: PluralKey, count: number, params?: Params): string {
  return plural(locale.lang, key, count, params);
}
