import { describe, expect, it } from "vitest";
import {
  fallbackParts,
  fillTemplate,
  findingParts,
  findingText,
  findingTexts,
  fixParts,
  fixText,
  isLink,
  mergeFindingTexts,
  partsText,
} from "./index";
import { marketoFindings } from "./marketo";
import { salesforceFindings } from "./salesforce";

const salesforce = {
  en: {
    "finding.package_old": "MSI package {version} is installed; {minimum} or later is needed.",
    "fix.package_old": "Upgrade it from {url} with the recommended options.",
    "finding.shared": "Salesforce wording",
  },
  es: {
    "finding.package_old": "El paquete MSI {version} está instalado; se necesita {minimum} o posterior.",
    "fix.package_old": "Actualícelo desde {url} con las opciones recomendadas.",
  },
};
const marketo = {
  en: { "finding.lead_without_sfdc": "{count} leads have no Salesforce id.", "finding.shared": "Marketo wording" },
  es: { "finding.lead_without_sfdc": "{count} clientes potenciales no tienen id de Salesforce.", "finding.shared": "Texto de Marketo" },
};
const texts = mergeFindingTexts([salesforce, marketo]);
const URL = "https://appexchange.salesforce.com/appxListingDetail?listingId=a0N30000001SUEwEAO";

describe("merging the Salesforce and Marketo maps", () => {
  it("finds codes of both services in each language", () => {
    expect(findingText("en", "lead_without_sfdc", { count: "12" }, texts)).toBe("12 leads have no Salesforce id.");
    expect(findingText("es", "package_old", { version: "1.7", minimum: "1.8000" }, texts)).toBe(
      "El paquete MSI 1.7 está instalado; se necesita 1.8000 o posterior.",
    );
  });

  it("lets the first map win on a code both define, per language", () => {
    expect(findingText("en", "shared", {}, texts)).toBe("Salesforce wording");
    // Salesforce has no Spanish text for it: the Marketo one is Spanish, so it is used.
    expect(findingText("es", "shared", {}, texts)).toBe("Texto de Marketo");
  });

  it("falls back to English when a Spanish text is missing, then to the code", () => {
    const englishOnly = mergeFindingTexts([{ en: { "finding.x": "English only" }, es: {} }]);
    expect(findingText("es", "x", {}, englishOnly)).toBe("English only");
    expect(findingText("es", "y", {}, englishOnly)).toBe("y");
  });

  it("the real maps have the same keys and placeholders in both languages", () => {
    for (const source of [salesforceFindings, marketoFindings]) {
      const en: Readonly<Record<string, string>> = source.en;
      const es: Readonly<Record<string, string>> = source.es;
      expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [key, text] of Object.entries(en)) {
        expect(key, key).toMatch(/^(finding|fix)\.[a-z0-9_]+$/);
        expect(text.trim(), key).not.toBe("");
        expect(names(es[key] ?? ""), key).toEqual(names(text));
      }
    }
    expect(Object.keys(findingTexts.en).length).toBeGreaterThanOrEqual(Object.keys(salesforceFindings.en).length);
  });
});

describe("step 4's sync findings", () => {
  it("say each state in the language, with no status word left in English", () => {
    expect(findingText("es", "sync_queued", { id: "job-1" })).toBe("La sincronización de datos está en espera de empezar (tarea job-1).");
    expect(findingText("es", "sync_in_progress", { synced: "20", total: "100" })).toBe(
      "La sincronización de datos está en curso: 20 de 100 personas sincronizadas.",
    );
    expect(findingText("en", "sync_in_progress", { synced: "20", total: "100" })).toBe("The data sync is running: 20 of 100 people synced.");
  });

  it("quote the service's reason for a failure, and say when it gave none, with the same fix", () => {
    expect(findingText("es", "sync_failed", { synced: "20", total: "100", error: "connection lost" })).toBe(
      "La sincronización de datos falló tras 20 de 100 personas. La cuenta de Sales dijo: «connection lost»",
    );
    expect(findingText("en", "sync_failed_no_reason", { synced: "20", total: "100" })).toBe(
      "The data sync failed after 20 of 100 people; the Sales account gave no reason.",
    );
    for (const lang of ["en", "es"] as const) {
      expect(fixText(lang, "sync_failed_no_reason")).toBe(fixText(lang, "sync_failed"));
      expect(fixText(lang, "sync_failed")).toContain("Sync › Start Sync");
    }
  });
});

describe("placeholders", () => {
  it("fills every occurrence and keeps an unknown one visible", () => {
    expect(partsText(fillTemplate("{a} and {a}, not {b}", { a: "x" }))).toBe("x and x, not {b}");
  });

  it("turns an https parameter into a link part between text parts", () => {
    expect(fixParts("en", "package_old", { url: URL }, texts)).toEqual([
      { kind: "text", text: "Upgrade it from " },
      { kind: "link", url: URL },
      { kind: "text", text: " with the recommended options." },
    ]);
    expect(fixText("en", "package_old", { url: URL }, texts)).toBe(`Upgrade it from ${URL} with the recommended options.`);
  });

  it("leaves other addresses as text", () => {
    expect(isLink("http://example.com")).toBe(false);
    expect(isLink("javascript:alert(1)")).toBe(false);
    expect(isLink("https://example.com and more")).toBe(false);
    expect(isLink(URL)).toBe(true);
    expect(fillTemplate("see {url}", { url: "http://example.com" })).toEqual([{ kind: "text", text: "see http://example.com" }]);
  });

  it("does not read placeholder syntax inside a parameter's value", () => {
    expect(partsText(fillTemplate("{a}{b}", { a: "{b}", b: "2" }))).toBe("{b}2");
  });
});

describe("a code without a text", () => {
  it("reads as the code and its parameters, sorted", () => {
    expect(findingText("en", "remote_site_missing", { site: "Adobe", host: "sales.adobe.com" }, texts)).toBe(
      "remote_site_missing: host=sales.adobe.com, site=Adobe",
    );
    expect(findingText("es", "nothing_else", {}, texts)).toBe("nothing_else");
  });

  it("still links an https parameter", () => {
    expect(fallbackParts("package_missing", { url: URL })).toEqual([
      { kind: "text", text: "package_missing: url=" },
      { kind: "link", url: URL },
    ]);
    expect(findingParts("en", "package_missing", { url: URL, a: "1" }, texts)).toEqual([
      { kind: "text", text: "package_missing: a=1, url=" },
      { kind: "link", url: URL },
    ]);
  });

  it("has no fix text rather than repeating the code", () => {
    expect(fixParts("en", "remote_site_missing", {}, texts)).toBeNull();
    expect(fixText("es", "remote_site_missing", {}, texts)).toBeNull();
  });
});
