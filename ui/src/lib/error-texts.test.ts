// Every code Rust can send is said in both languages, filled with the parameters it comes with: no
// `{placeholder}` is left and no code falls back to "something unexpected". (svelte-check already fails
// when a code has no `error.<code>` text: see `errorKey` in ipc.ts.)

import { describe, expect, it } from "vitest";
import { en } from "./i18n/en";
import { es } from "./i18n/es";
import { errorMessage, type ErrorScope } from "./ipc";
import { ERROR_CODES, ERROR_SAMPLES } from "./testing/codes";

const LEFT_PLACEHOLDER = /\{\w+\}/;
const SCOPES: (ErrorScope | undefined)[] = [undefined, "salesforce", "marketo"];

describe("every ErrorCode", () => {
  it("is listed, and the list is the generated union (svelte-check checks the other way)", () => {
    expect(ERROR_CODES.length).toBeGreaterThan(100);
    expect(ERROR_CODES).toContain("port_busy");
    expect(ERROR_CODES).toContain("sales_account_no_seats_left");
  });

  for (const lang of ["en", "es"] as const) {
    it(`has a text in ${lang} with every placeholder filled, in every scope`, () => {
      const unexpected = { en, es }[lang]["error.unexpected"];
      for (const code of ERROR_CODES) {
        const error = { code, message: "English from Rust, never shown", params: ERROR_SAMPLES[code], detail: "advice" };
        for (const scope of SCOPES) {
          const text = errorMessage(lang, error, scope);
          expect(text, `${lang} ${code} ${scope ?? ""}`).not.toMatch(LEFT_PLACEHOLDER);
          expect(text, `${lang} ${code}`).not.toContain("English from Rust");
          if (code !== "unexpected") expect(text, `${lang} ${code} falls back`).not.toBe(unexpected);
        }
      }
    });
  }

  it("has no text for a code Rust never sends (error.<code>, error.<scope>.<code>, error.<code>.<variant>)", () => {
    const codes: readonly string[] = ERROR_CODES;
    const scopes: readonly string[] = SCOPES.filter((scope) => scope !== undefined);
    for (const dictionary of [en, es]) {
      const orphans = Object.keys(dictionary)
        .filter((key) => key.startsWith("error."))
        .filter((key) => {
          const [first = "", second = ""] = key.slice("error.".length).split(".");
          return !codes.includes(first) && !(scopes.includes(first) && codes.includes(second));
        });
      expect(orphans).toEqual([]);
    }
  });

  it("quotes the parameters it comes with", () => {
    const say = (code: keyof typeof ERROR_SAMPLES, lang: "en" | "es" = "es") =>
      errorMessage(lang, { code, message: "x", params: ERROR_SAMPLES[code] });
    expect(say("port_busy")).toContain("1717");
    expect(say("port_busy")).toContain("sf (pid 42)");
    expect(say("field_too_large")).toContain("Notes");
    expect(say("unreadable")).toContain("/home/ana/people.csv");
    expect(say("cannot_write", "en")).toContain("/home/ana/results.csv");
    expect(say("data_folder_busy")).toContain("1234");
  });

  it("says a recovery's per-invitation failure and a pass that could not run in the language", () => {
    const perInvitation = { email: "ana@acme.test", code: "sales_account_server_error", params: {} } as const;
    expect(errorMessage("es", { ...perInvitation, message: "" })).toBe(es["error.sales_account_server_error"]);
    const couldNotRun = { code: "data_folder_busy", params: ERROR_SAMPLES.data_folder_busy, message: "the data folder is busy: …" } as const;
    expect(errorMessage("es", couldNotRun)).toMatch(/^El comando msi-actions-setup invite \(pid 1234\) está enviando invitaciones/);
  });
});
