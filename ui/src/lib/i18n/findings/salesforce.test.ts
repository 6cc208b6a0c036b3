import { describe, expect, it } from "vitest";
import { findingText, fixText } from "./index";

// The step 7 codes Rust sends for the package's objects, profile access and the settings no API reads
// (`checks/salesforce/package.rs`, `STEP_7_CONFIRMATIONS`): each reads as a sentence in both languages,
// and each gap says how to fix it.
const GAPS = ["package_object_not_deployed", "profile_msi_access"];
const OTHERS = [
  "package_objects_deployed",
  "package_objects_none",
  "package_objects_unreadable",
  "profile_msi_access_legacy",
  "profile_msi_access_none",
  "profile_access_unreadable",
  "oauth_app_not_blocked_confirm",
  "login_management_confirm",
  "governance_confirm",
];

describe("step 7's package, profile and confirmation findings", () => {
  it("have a text in English and Spanish, never the bare code", () => {
    for (const code of [...GAPS, ...OTHERS]) {
      for (const lang of ["en", "es"] as const) {
        const text = findingText(lang, code, {});
        expect(text, `${lang} ${code}`).not.toBe(code);
        expect(text.startsWith(`${code}:`), `${lang} ${code}`).toBe(false);
      }
      expect(findingText("es", code, {}), code).not.toBe(findingText("en", code, {}));
    }
  });

  it("say how to fix each gap, with the profile or object named", () => {
    for (const lang of ["en", "es"] as const) {
      const profile = fixText(lang, "profile_msi_access", { profile: "Standard User", label: "Marketo App Access" });
      expect(profile).toContain("Standard User");
      expect(profile).toContain("Marketo App Access");
      const object = fixText(lang, "package_object_not_deployed", { label: "Best Bets Cache", object: "mkto_si__BestBetsCache__c" });
      expect(object).toContain("Best Bets Cache");
      expect(object).toContain("Deployed");
    }
  });

  it("quote what was read", () => {
    const finding = findingText("en", "profile_msi_access", { profile: "Standard User", count: "6", objects: "mkto_si__A__c" });
    expect(finding).toBe("The profile Standard User still gives access to 6 Marketo Sales Insight objects (mkto_si__A__c).");
    expect(findingText("es", "package_object_not_deployed", { label: "Scoring Cache", object: "mkto_si__ScoringCache__c", status: "InDevelopment" })).toBe(
      "El objeto del paquete Scoring Cache (mkto_si__ScoringCache__c) no está Deployed (estado: InDevelopment).",
    );
  });
});

describe("a Salesforce read that failed", () => {
  it("says the error in the window's language from its code, never Rust's English", () => {
    for (const code of ["package_unreadable", "remote_sites_unreadable", "people_unreadable", "p2_sync_user_unreadable"]) {
      const es = findingText("es", code, { error_code: "insufficient_access", username: "sync@acme.com" });
      expect(es, code).toContain("Este usuario de Salesforce no puede hacer eso");
      expect(es, code).not.toMatch(/\{\w+\}/);
      const en = findingText("en", code, { error_code: "insufficient_access", username: "sync@acme.com" });
      expect(en, code).toContain("This Salesforce user may not do that");
    }
  });
});
