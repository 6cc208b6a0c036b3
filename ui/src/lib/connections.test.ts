import { describe, expect, it } from "vitest";
import type { MarketoConnectionView } from "./bindings/MarketoConnectionView";
import type { SalesforceConnectionView } from "./bindings/SalesforceConnectionView";
import {
  doneText,
  loginHostChoice,
  loginHostSetting,
  marketoSummary,
  platformOf,
  portsWithCallbacks,
  salesforceSummary,
  secureStoreTexts,
  verifiedHowText,
  verifiedLine,
} from "./connections";
import { es } from "./i18n/es";

const salesforce = (over: Partial<SalesforceConnectionView> = {}): SalesforceConnectionView => ({
  status: "connected",
  details: {
    username: "admin@acme.test",
    display_name: "Ana Admin",
    user_id: "005A",
    org_id: "00DA",
    org_name: "Acme",
    instance_url: "https://acme.my.salesforce.com",
    login_host: "production",
    client_id: "key",
  },
  problem: null,
  verified_how: "identity URL",
  verified_at: "2026-11-26T13:03:00Z",
  actor: "ana",
  ...over,
});

const marketo = (over: Partial<MarketoConnectionView> = {}): MarketoConnectionView => ({
  status: "connected",
  details: { munchkin_id: "123-ABC-456", client_id: "sandbox-marketo-client", scope: "apis@acme.test" },
  verified_how: "identity token and a REST call",
  verified_at: "2026-11-26T13:03:00Z",
  actor: "ana",
  ...over,
});

describe("port_busy", () => {
  it("pairs each port with the callback URL it needs", () => {
    const urls = ["http://localhost:1717/OauthRedirect", "http://localhost:1718/OauthRedirect"];
    expect(portsWithCallbacks([1717, 1718, 1719], urls)).toEqual([
      { port: 1717, url: urls[0] },
      { port: 1718, url: urls[1] },
    ]);
  });
});

describe("how a done step reads, from verified_by", () => {
  const done = { state: "done", reason: null, actor: "ana", updated_at: "2026-11-26T14:03:00Z" } as const;

  it("says the app verified it, per step where the app says what it read", () => {
    expect(doneText("es", "2", { ...done, verified_by: "app" })).toBe(es["reason.verifiedByApp.2"]);
    expect(doneText("es", "3", { ...done, verified_by: "app" })).toMatch(/Configuración de acciones/);
    expect(doneText("en", "6", { ...done, verified_by: "app" })).toBe("Verified by the app");
  });

  it("says who confirmed a hand-off in the Sales-account console", () => {
    expect(doneText("en", "3", { ...done, verified_by: "sales_console" })).toBe("Confirmed by ana in the Sales-account console");
    expect(doneText("es", "3", { ...done, verified_by: "sales_console" })).toBe("Confirmado por ana en la consola de la cuenta de ventas");
  });

  it("says an admin's confirmation is theirs, with who and when, or their own words", () => {
    expect(doneText("en", "p1", { ...done, verified_by: "admin" }, "UTC")).toMatch(/^Confirmed by you \(ana, .*2026/);
    expect(doneText("es", "p2", { ...done, verified_by: "admin" }, "UTC")).toMatch(/^Confirmado por usted \(ana, /);
    expect(doneText("es", "2", { ...done, verified_by: "admin", reason: "Lo hizo Luis el lunes" })).toBe("Lo hizo Luis el lunes");
    // A row written before verified_by existed reads as the admin's.
    expect(doneText("en", "p1", { ...done, verified_by: null }, "UTC")).toMatch(/^Confirmed by you/);
  });

  it("never reads a reason as the app's: an English sentence typed by a person stays theirs", () => {
    const typed = { ...done, verified_by: "admin", reason: "Verified by the app: trust me" } as const;
    expect(doneText("es", "6", typed)).toBe("Verified by the app: trust me");
  });

  it("is null for a step not done", () => {
    expect(doneText("en", "6", { ...done, state: "in_progress", verified_by: null })).toBeNull();
  });
});

describe("connection status lines", () => {
  it("say who is connected to which org, and how it was checked", () => {
    expect(salesforceSummary("en", salesforce())).toBe("Connected as admin@acme.test to Acme (00DA) on https://acme.my.salesforce.com");
    const noName = salesforce({ details: { ...salesforce().details, org_name: null } });
    expect(salesforceSummary("es", noName)).toBe("Conectado como admin@acme.test a la organización 00DA en https://acme.my.salesforce.com");
    expect(verifiedLine("en", salesforce(), "UTC")).toBe("Checked through the Salesforce identity service on 26 Nov 2026 13:03 by ana");
    expect(verifiedLine("es", marketo(), "UTC")).toBe(
      "Comprobado mediante un token de acceso de Marketo y una llamada a la API el 26 nov 2026 13:03 por ana",
    );
  });

  it("say what to do when not connected, and nothing about a check that never happened", () => {
    const none = salesforce({ status: "not_connected", verified_how: null, verified_at: null, actor: null });
    expect(salesforceSummary("es", none)).toBe(es["sf.summary.not_connected"]);
    expect(verifiedLine("es", none)).toBeNull();
    expect(marketoSummary("es", marketo({ status: "disconnected" }))).toBe(es["mk.summary.disconnected"]);
    expect(marketoSummary("en", marketo())).toBe("Connected to Munchkin ID 123-ABC-456 with Client ID sandbox-marketo-client");
  });

  it("keep an unknown verification method as Rust wrote it", () => {
    expect(verifiedHowText("es", "carrier pigeon")).toBe("carrier pigeon");
  });
});

describe("login host", () => {
  it("maps the saved setting to the form's choice and back", () => {
    expect(loginHostChoice("production")).toEqual({ choice: "production", myDomain: "" });
    expect(loginHostChoice("sandbox")).toEqual({ choice: "sandbox", myDomain: "" });
    expect(loginHostChoice("https://acme.my.salesforce.com")).toEqual({ choice: "my_domain", myDomain: "https://acme.my.salesforce.com" });
    expect(loginHostSetting("my_domain", "  acme.my.salesforce.com ")).toBe("acme.my.salesforce.com");
    expect(loginHostSetting("sandbox", "acme.my.salesforce.com")).toBe("sandbox");
  });
});

describe("secure store", () => {
  it("knows the OS from the user agent", () => {
    expect(platformOf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Edg/120")).toBe("windows");
    expect(platformOf("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15")).toBe("macos");
    expect(platformOf("Mozilla/5.0 (X11; Ubuntu; Linux x86_64) AppleWebKit/605.1.15")).toBe("linux");
  });

  it("gives the reason and the fix by code and OS, in the user's language", () => {
    const status = { available: false, code: "no_secure_store", message: "no Secret Service", fix: "install gnome-keyring" };
    expect(secureStoreTexts("es", status, "linux")).toEqual({
      reason: es["secure.reason.no_secure_store"],
      fix: es["secure.fix.no_secure_store.linux"],
    });
    expect(secureStoreTexts("en", status, "linux").fix).toContain("GNOME Keyring or KWallet");
    const odd = { available: false, code: "brand_new", message: null, fix: null };
    expect(secureStoreTexts("es", odd, "macos")).toEqual({ reason: es["secure.reason.unknown"], fix: es["secure.fix.unknown"] });
  });
});
