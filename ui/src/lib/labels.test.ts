import { describe, expect, it } from "vitest";
import { invitationReason, stepKicker, stepRefs, teamLabel, teamNameLabel, verdictText } from "./labels";

describe("verdicts", () => {
  it("explains an invalid address with its problem", () => {
    expect(verdictText("en", { verdict: "invalid", problem: "missing_at", duplicate_of: null })).toBe(
      "Not a valid address: the address has no @",
    );
    expect(verdictText("es", { verdict: "invalid", problem: "missing_at", duplicate_of: null })).toBe(
      "Dirección no válida: la dirección no tiene @",
    );
  });

  it("names the entry a repeat repeats", () => {
    expect(verdictText("en", { verdict: "duplicate_in_input", problem: null, duplicate_of: 1 })).toBe("Repeats entry 1");
    expect(verdictText("es", { verdict: "duplicate_in_input", problem: null, duplicate_of: 3 })).toBe("Repite la entrada 3");
  });

  it("translates the other verdicts", () => {
    expect(verdictText("en", { verdict: "already_invited", problem: null, duplicate_of: null })).toBe("Already invited");
    expect(verdictText("en", { verdict: "already_member", problem: null, duplicate_of: null })).toBe("Already a member");
    expect(verdictText("es", { verdict: "over_seats", problem: null, duplicate_of: null })).toBe("No queda ningún puesto libre");
  });
});

describe("invitation reasons", () => {
  it("translates a known code and ignores the service's English message", () => {
    expect(invitationReason("es", { reason_code: "rate_limited", reason_message: "the Sales account is rate limiting us" })).toBe(
      "La cuenta de ventas pidió reducir el ritmo: se puede volver a enviar más tarde",
    );
  });

  it("names an unknown refusal code in a translated sentence, never the English message", () => {
    expect(invitationReason("es", { reason_code: "weird_code", reason_message: "odd thing" })).toBe(
      "La cuenta de ventas la rechazó (weird_code)",
    );
    expect(invitationReason("en", { reason_code: "weird_code", reason_message: null })).toBe("The Sales account refused it (weird_code)");
    expect(invitationReason("en", { reason_code: null, reason_message: "odd thing" })).toBe("");
  });
});

describe("step names", () => {
  it("names prerequisites and steps", () => {
    expect(stepKicker("en", { id: "p1", kind: "prerequisite" })).toBe("Prerequisite P1");
    expect(stepKicker("es", { id: "5", kind: "step" })).toBe("Paso 5");
    expect(stepRefs("en", ["p1", "p2"])).toBe("P1 and P2");
    expect(stepRefs("en", ["1"])).toBe("step 1");
    expect(stepRefs("es", ["2", "3"])).toBe("paso 2 y paso 3");
  });
});

describe("team names", () => {
  const everyone = { name: "Everyone", default: true };
  const teams = [everyone, { name: "Sales EMEA", default: false }];

  it("shows the default team's untranslated service name as Todos in Spanish", () => {
    expect(teamLabel("es", everyone)).toBe("Todos");
    expect(teamLabel("en", everyone)).toBe("Everyone");
  });

  it("keeps the name of a renamed default team and of any other team", () => {
    expect(teamLabel("es", { name: "Ventas", default: true })).toBe("Ventas");
    expect(teamLabel("es", { name: "Everyone", default: false })).toBe("Everyone");
    expect(teamLabel("es", { name: "Sales EMEA", default: false })).toBe("Sales EMEA");
  });

  it("finds whether a team known by name is the default one", () => {
    expect(teamNameLabel("es", "Everyone", teams)).toBe("Todos");
    expect(teamNameLabel("es", "Sales EMEA", teams)).toBe("Sales EMEA");
    expect(teamNameLabel("es", "Everyone", [{ name: "Everyone", default: false }, { name: "Ventas", default: true }])).toBe("Everyone");
    expect(teamNameLabel("es", "Everyone", []), "no account read: the service's default name").toBe("Todos");
  });
});
