import { describe, expect, it } from "vitest";
import { filterPeople, fold, isReady, matchesSearch, readinessCounts, salesforceFacts } from "./readiness";
import { personReadiness as person } from "./testing/fixtures";

describe("readiness filters", () => {
  const people = [
    person("jose@example.com", { name: "José Núñez" }),
    person("li@example.org", { name: "Li Wei", gaps: ["sf_user_missing"] }),
    person("max@example.com", { gaps: ["not_in_marketo", "not_activated"] }),
  ];

  it("ready means no gap at all", () => {
    expect(people.map(isReady)).toEqual([true, false, false]);
    expect(readinessCounts(people)).toEqual({ all: 3, gaps: 2, ready: 1 });
    expect(readinessCounts([])).toEqual({ all: 0, gaps: 0, ready: 0 });
  });

  it("filters by chip, keeping Rust's order", () => {
    expect(filterPeople(people, "all", "").map((p) => p.email)).toEqual(["jose@example.com", "li@example.org", "max@example.com"]);
    expect(filterPeople(people, "gaps", "").map((p) => p.email)).toEqual(["li@example.org", "max@example.com"]);
    expect(filterPeople(people, "ready", "").map((p) => p.email)).toEqual(["jose@example.com"]);
  });

  it("matches every word of the text in the email or the name, without case or accents", () => {
    expect(fold("José NÚÑEZ")).toBe("jose nunez");
    expect(matchesSearch(people[0]!, "nunez")).toBe(true);
    expect(matchesSearch(people[0]!, "  JOSE   example ")).toBe(true);
    expect(matchesSearch(people[0]!, "jose wei")).toBe(false);
    expect(matchesSearch(people[2]!, "max")).toBe(true);
    expect(matchesSearch(people[2]!, "null")).toBe(false);
    expect(filterPeople(people, "gaps", ".org").map((p) => p.email)).toEqual(["li@example.org"]);
    expect(filterPeople(people, "ready", ".org")).toEqual([]);
  });
});

describe("Salesforce facts", () => {
  it("are unknown when Salesforce was not read", () => {
    expect(salesforceFacts(person("a@b.c", { salesforce_checked: false, sf_found: false }))).toBeNull();
  });

  it("say only 'not found' when no user has the email", () => {
    expect(salesforceFacts(person("a@b.c", { sf_found: false, sf_active: false }))).toEqual([{ fact: "found", ok: false }]);
  });

  it("list each fact of a found user", () => {
    expect(salesforceFacts(person("a@b.c", { sf_api_enabled: false, sf_permission_set: false }))).toEqual([
      { fact: "found", ok: true },
      { fact: "active", ok: true },
      { fact: "api", ok: false },
      { fact: "permset", ok: false },
      { fact: "read", ok: true },
    ]);
  });
});
