// Pure helpers of the people-readiness view: which person is ready, the filters, and what each Salesforce
// fact reads as. Rust decides every fact and every gap; the window only filters and words them.

import type { PersonReadiness } from "./bindings/PersonReadiness";

/** The value of `app.selectedId` that shows the readiness view instead of a step (no step has this id). */
export const READINESS_VIEW = "readiness";

export const READINESS_FILTERS = ["all", "gaps", "ready"] as const;
export type ReadinessFilter = (typeof READINESS_FILTERS)[number];

/** Ready = Rust found no gap for the person (a system not checked is a gap on the Rust side). */
export function isReady(person: Pick<PersonReadiness, "gaps">): boolean {
  return person.gaps.length === 0;
}

/** Lower case without accents, so "jose" finds "José" and "MUÑOZ" finds "munoz". */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Every word of the query appears in the email or the name. */
export function matchesSearch(person: Pick<PersonReadiness, "email" | "name">, query: string): boolean {
  const words = fold(query).split(/\s+/).filter((word) => word !== "");
  if (words.length === 0) return true;
  const haystack = fold(`${person.email} ${person.name ?? ""}`);
  return words.every((word) => haystack.includes(word));
}

export function matchesFilter(person: Pick<PersonReadiness, "gaps">, filter: ReadinessFilter): boolean {
  if (filter === "all") return true;
  return filter === "ready" ? isReady(person) : !isReady(person);
}

/** The people the table shows, in the order Rust sent them. */
export function filterPeople<P extends Pick<PersonReadiness, "email" | "name" | "gaps">>(
  people: readonly P[],
  filter: ReadinessFilter,
  query: string,
): P[] {
  return people.filter((person) => matchesFilter(person, filter) && matchesSearch(person, query));
}

/** How many people each filter chip would show (before the text filter). */
export function readinessCounts(people: readonly Pick<PersonReadiness, "gaps">[]): Record<ReadinessFilter, number> {
  const ready = people.filter(isReady).length;
  return { all: people.length, gaps: people.length - ready, ready };
}

export type SalesforceFact = "found" | "active" | "api" | "permset" | "read";

/**
 * The Salesforce user's facts as the table lists them: null when Salesforce was not read; only "found"
 * when no user has the email (the other facts would say nothing).
 */
export function salesforceFacts(person: PersonReadiness): { fact: SalesforceFact; ok: boolean }[] | null {
  if (!person.salesforce_checked) return null;
  if (!person.sf_found) return [{ fact: "found", ok: false }];
  return [
    { fact: "found", ok: true },
    { fact: "active", ok: person.sf_active },
    { fact: "api", ok: person.sf_api_enabled },
    { fact: "permset", ok: person.sf_permission_set },
    { fact: "read", ok: person.sf_object_read },
  ];
}
