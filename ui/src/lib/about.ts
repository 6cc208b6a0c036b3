// The About view's licence list: filtering only; the list itself comes from Rust, made at build time.

import type { Licence } from "./bindings/Licence";

/** Licences whose name or licence contains every word of the query (case-insensitive), in list order. */
export function filterLicences(list: readonly Licence[], query: string): Licence[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...list];
  return list.filter((entry) => {
    const haystack = `${entry.name} ${entry.version} ${entry.license ?? ""} ${entry.ecosystem}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
