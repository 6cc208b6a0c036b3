import { describe, expect, it } from "vitest";
import { READINESS_FILTERS } from "../readiness";
import {
  CHECK_OUTCOMES,
  CONNECTION_STATUSES,
  EMAIL_PROBLEMS,
  ENVIRONMENT_KINDS,
  ERROR_CODES,
  FINDING_LEVELS,
  HANDOFF_FORMATS,
  HOW_DONE,
  INVITATION_STATES,
  PERSONAS,
  REASON_CODES,
  SALES_ROUTE_KINDS,
  SHARED_CODES,
  STEP_KINDS,
  STEP_STATES,
  VERDICTS,
} from "../testing/codes";
import { en } from "./en";
import { es } from "./es";
import { dictionaries, lookup, plural, translate } from "./index";

/** Values that are the same word in both languages on purpose. */
const SAME_IN_BOTH = new Set([
  "header.env.sandbox", // the product term, kept in Spanish too
  "header.env.real", // the same word in Spanish
  "sfs.host.sandbox", // "Sandbox (test.salesforce.com)": Salesforce's own term and host
  "mk.munchkin", // Marketo's name for the instance id, untranslated in its console
  "lang.en",
  "lang.es",
  "lang.en.name", // each language is named in itself
  "lang.es.name",
  "progress.rate",
  "duration.seconds",
  "duration.minutes",
  "duration.hours",
]);

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe("dictionaries", () => {
  it("have exactly the same keys", () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it("have no empty value", () => {
    for (const [lang, messages] of Object.entries(dictionaries)) {
      for (const [key, value] of Object.entries(messages)) {
        expect(value.trim(), `${lang} ${key}`).not.toBe("");
      }
    }
  });

  it("translate every Spanish value, except the allow-list", () => {
    const untranslated = Object.keys(en).filter(
      (key) => en[key as keyof typeof en] === es[key as keyof typeof en] && !SAME_IN_BOTH.has(key),
    );
    expect(untranslated).toEqual([]);
    for (const key of SAME_IN_BOTH) expect(Object.hasOwn(en, key), key).toBe(true);
  });

  it("use the same placeholders in both languages", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(es[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it("give every plural message a .one and an .other form", () => {
    for (const messages of Object.values(dictionaries)) {
      const keys = Object.keys(messages);
      const bases = new Set(keys.filter((k) => /\.(one|other|many)$/.test(k)).map((k) => k.replace(/\.\w+$/, "")));
      expect(bases.size).toBeGreaterThan(10);
      for (const base of bases) {
        expect(keys, base).toContain(`${base}.one`);
        expect(keys, base).toContain(`${base}.other`);
      }
    }
  });
});

describe("every code the Rust side sends has a message in both languages", () => {
  const families: [string, readonly string[]][] = [
    ["stepState", STEP_STATES],
    ["step.kicker", STEP_KINDS],
    ["persona", PERSONAS],
    ["how", HOW_DONE],
    ["verdict", VERDICTS],
    ["problem", EMAIL_PROBLEMS],
    ["invitationState", INVITATION_STATES],
    ["reasonCode", REASON_CODES],
    ["error", ERROR_CODES],
    ["error.salesforce", SHARED_CODES],
    ["error.marketo", SHARED_CODES],
    ["conn.status", CONNECTION_STATUSES],
    ["sf.summary", CONNECTION_STATUSES],
    ["mk.summary", CONNECTION_STATUSES],
    ["route", SALES_ROUTE_KINDS],
    ["route.saved", SALES_ROUTE_KINDS],
    ["header.switchTo", ENVIRONMENT_KINDS],
    ["envSwitch.title", ENVIRONMENT_KINDS],
    ["envSwitch.note", ENVIRONMENT_KINDS],
    ["envSwitch.confirm", ENVIRONMENT_KINDS],
    ["handoff.body", ["2", "3"]],
    ["reason.verifiedByApp", ["2", "3"]],
    ["sfs.host", ["production", "sandbox", "my_domain"]],
    ["stepCheck.outcome", CHECK_OUTCOMES],
    ["stepCheck.level", FINDING_LEVELS],
    ["adminHandoff.format", HANDOFF_FORMATS],
    ["readiness.filter", READINESS_FILTERS],
  ];
  for (const [prefix, codes] of families) {
    it(prefix, () => {
      for (const lang of ["en", "es"] as const) {
        for (const code of codes) {
          expect(lookup(lang, `${prefix}.${code}`), `${lang} ${prefix}.${code}`).toBeTypeOf("string");
        }
      }
    });
  }

  it("environment kinds", () => {
    for (const kind of ENVIRONMENT_KINDS) {
      expect(lookup("es", `header.env.${kind}`)).toBeTypeOf("string");
    }
    expect(translate("es", "header.env.sandbox")).toBe("Sandbox");
    expect(translate("es", "header.env.real")).toBe("Real");
  });

  it("secure-store fixes for every OS, for the codes start-up reports", () => {
    for (const lang of ["en", "es"] as const) {
      for (const code of ["no_secure_store", "keyring_locked"]) {
        expect(lookup(lang, `secure.reason.${code}`), `${lang} ${code}`).toBeTypeOf("string");
        for (const os of ["windows", "macos", "linux"]) {
          expect(lookup(lang, `secure.fix.${code}.${os}`), `${lang} ${code} ${os}`).toBeTypeOf("string");
        }
      }
    }
  });

  it("a code two services share is worded for each, and generally", () => {
    for (const code of SHARED_CODES) {
      expect(translate("en", `error.salesforce.${code}`)).toContain("Salesforce");
      expect(translate("en", `error.marketo.${code}`)).not.toContain("Salesforce");
      expect(translate("en", `error.${code}`)).not.toMatch(/Salesforce|Marketo/);
    }
  });
});

describe("Spanish reads as Spanish", () => {
  // Words that only an untranslated English sentence would contain.
  const ENGLISH = /\b(the|and|your|with|then|again|Sign in|Check|Connect|Disconnect|Save|Copy|Waiting|saved)\b/;

  it("has no English sentence left in a value", () => {
    const leaks = Object.entries(es).filter(([, value]) => ENGLISH.test(value));
    expect(leaks).toEqual([]);
    // …and the pattern does find English where there is some.
    expect(Object.values(en).filter((value) => ENGLISH.test(value)).length).toBeGreaterThan(50);
  });
});

describe("translate", () => {
  it("fills placeholders and formats numbers for the language", () => {
    expect(translate("en", "header.seats", { used: 37, total: 100 })).toBe("37 of 100 seats used");
    expect(translate("es", "header.seats", { used: 37, total: 100 })).toBe("37 de 100 puestos usados");
    expect(translate("en", "progress.count", { done: 12345, total: 20000 })).toBe("12,345 of 20,000");
    expect(translate("es", "progress.count", { done: 12345, total: 20000 })).toBe("12.345 de 20.000");
  });

  it("leaves an unknown placeholder visible rather than inventing a value", () => {
    expect(translate("en", "header.seats", { used: 1 })).toBe("1 of {total} seats used");
  });

  it("looks up run-time keys and says when there is none", () => {
    expect(lookup("es", "reasonCode.bounced")).toBe("El correo fue devuelto: compruebe la dirección");
    expect(lookup("es", "reasonCode.no_such_code")).toBeUndefined();
    expect(lookup("en", "toString")).toBeUndefined();
  });
});

describe("plural", () => {
  it("picks the form for the count", () => {
    expect(plural("en", "outcome.sent", 1)).toBe("1 invitation sent");
    expect(plural("en", "outcome.sent", 2)).toBe("2 invitations sent");
    expect(plural("en", "outcome.sent", 0)).toBe("0 invitations sent");
    expect(plural("es", "outcome.sent", 1)).toBe("1 invitación enviada");
    expect(plural("es", "outcome.sent", 0)).toBe("0 invitaciones enviadas");
  });

  it("falls back to .other for Spanish 'many' (a million)", () => {
    expect(plural("es", "outcome.sent", 1_000_000)).toBe("1.000.000 invitaciones enviadas");
  });

  it("passes extra parameters through", () => {
    expect(plural("en", "reconcile.note", 3, { confirmed: 2, requeued: 1 })).toBe(
      "Checked 3 invitations interrupted last time: 2 confirmed sent, 1 queued again.",
    );
  });
});
