import { describe, expect, it } from "vitest";
import type { MarketoConnectionView } from "./bindings/MarketoConnectionView";
import type { SalesforceConnectionView } from "./bindings/SalesforceConnectionView";
import {
  doneReasonText,
  doneText,
  handoffReason,
  loginHostChoice,
  loginHostSetting,
  marketoSummary,
  platformOf,
  portBusyParams,
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
  it("reads the port and the process from Rust's message", () => {
    expect(portBusyParams("port 1717 on this computer is already in use by sf (pid 42)")).toEqual({ port: 1717, holder: "sf (pid 42)" });
    expect(portBusyParams("port 1718 on this computer is already in use")).toEqual({ port: 1718, holder: null });
    expect(portBusyParams("something else")).toEqual({ port: null, holder: null });
  });

  it("pairs each port with the callback URL it needs", () => {
    const urls = ["http://localhost:1717/OauthRedirect", "http://localhost:1718/OauthRedirect"];
    expect(portsWithCallbacks([1717, 1718, 1719], urls)).toEqual([
      { port: 1717, url: urls[0] },
      { port: 1718, url: urls[1] },
    ]);
  });
});

describe("reasons of a done step", () => {
  it("translate the app's own verification", () => {
    const reason = "Verified by the app: signed in to Salesforce and the Sales account reports the org connected";
    expect(doneReasonText("es", "2", reason)).toBe(es["reason.verifiedByApp.2"]);
    expect(doneReasonText("es", "7", "Verified by the app: something new")).toBe("Verificado por la aplicación");
  });

  it("translate a confirmed hand-off, keeping who confirmed it", () => {
    expect(handoffReason("ana")).toBe("Confirmed by ana in the Sales-account console");
    expect(doneReasonText("es", "3", handoffReason("ana"))).toBe("Confirmado por ana en la consola de la cuenta de ventas");
  });

  it("say a step the admin marked done was confirmed by them, and one a check settled was verified by the app", () => {
    const confirmed = { state: "done", reason: null, actor: "ana", updated_at: "2026-11-26T14:03:00Z" };
    expect(doneText("en", "p1", confirmed, "UTC")).toMatch(/^Confirmed by you \(ana, .*2026/);
    expect(doneText("es", "p2", confirmed, "UTC")).toMatch(/^Confirmado por usted \(ana, /);
    const verified = { ...confirmed, reason: "Verified by the app: every fact of this step was read and is in place" };
    expect(doneText("en", "6", verified)).toBe("Verified by the app");
    const step3 = { ...confirmed, reason: "Verified by the app: the Sales account accepted the Actions Config credentials" };
    expect(doneText("es", "3", step3)).toMatch(/Configuración de acciones/);
    expect(doneText("en", "6", { ...confirmed, state: "in_progress" })).toBeNull();
  });

  it("show a reason typed by a person as it is", () => {
    expect(doneReasonText("es", "2", "Lo hizo Luis el lunes")).toBe("Lo hizo Luis el lunes");
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
