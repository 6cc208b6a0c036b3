import { describe, expect, it } from "vitest";
import { invitationReason, stepKicker, stepRefs, verdictText } from "./labels";

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

  it("falls back to the message, then to the code, then to nothing", () => {
    expect(invitationReason("en", { reason_code: "weird_code", reason_message: "odd thing" })).toBe("odd thing");
    expect(invitationReason("en", { reason_code: "weird_code", reason_message: null })).toBe("weird_code");
    expect(invitationReason("en", { reason_code: null, reason_message: null })).toBe("");
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
