// Pure helpers of the CSV import screen: how a file's dialect is named, the virtual table's window and
// page cache, the count cards and filters, and what the confirmation says. No business rule lives here:
// every verdict and count comes from Rust; these only arrange and word them.

import type { ImportFileView } from "./bindings/ImportFileView";
import type { ImportRowProblem } from "./bindings/ImportRowProblem";
import type { ImportRowView } from "./bindings/ImportRowView";
import type { ImportView } from "./bindings/ImportView";
import type { Language } from "./bindings/Language";
import type { ProblemCode } from "./bindings/ProblemCode";
import type { RowFilter } from "./bindings/RowFilter";
import type { RowStatus } from "./bindings/RowStatus";
import { formatList, SEPARATOR } from "./format";
import { formatNumber, lookup, plural, translate, type MessageKey } from "./i18n";

export type ImportCounts = ImportView["counts"];
export type ImportMapping = ImportFileView["mapping"];
export type MappingTarget = keyof ImportMapping;

/** The fields a column can be mapped to, in the order the mapping editor lists them. */
export const MAPPING_TARGETS = ["email", "first_name", "last_name", "team", "role"] as const satisfies readonly MappingTarget[];

/** Encodings the admin may force (the values `import_open` accepts). */
export const ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "windows-1252"] as const;

/** Separators the admin may force, and the word each one is shown as. */
export const DELIMITERS = [",", ";", "\t", "|"] as const;
const DELIMITER_NAMES: Record<(typeof DELIMITERS)[number], string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };

/** "Comma ( , )", "Tabulador"; a separator this window does not know is shown as itself, in quotes. */
export function delimiterLabel(lang: Language, delimiter: string): string {
  const name = (DELIMITER_NAMES as Record<string, string | undefined>)[delimiter];
  return name === undefined ? `“${delimiter}”` : translate(lang, `import.delimiter.${name}` as MessageKey);
}

/** "UTF-16 LE (Excel “Unicode text”)"; an encoding this window does not know is shown by its name. */
export function encodingLabel(lang: Language, encoding: string): string {
  return lookup(lang, `import.encoding.${encoding}`) ?? encoding;
}

/** "812 B", "5.4 KB", "10.9 MB" (binary multiples, as file managers show them). */
export function formatFileSize(lang: Language, bytes: number): string {
  if (bytes < 1024) return `${formatNumber(lang, bytes)} B`;
  const units = ["KB", "MB", "GB"] as const;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(lang, value, value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** A header cell as the mapping editor shows it: the text, or "Column 3" when the cell is blank. */
export function columnName(lang: Language, headers: readonly string[], index: number): string {
  const header = headers[index]?.trim() ?? "";
  return header === "" ? translate(lang, "import.mapping.columnN", { n: String(index + 1) }) : header;
}

/** The first non-empty values of column `index` in the sample rows, for the mapping editor. */
export function sampleValues(sample: readonly (readonly string[])[], index: number | null, max = 3): string[] {
  if (index === null) return [];
  const values: string[] = [];
  for (const row of sample) {
    const value = row[index]?.trim() ?? "";
    if (value !== "") values.push(value);
    if (values.length === max) break;
  }
  return values;
}

// ---- The virtual table -------------------------------------------------------------------------------

/** Height of one table row, in CSS pixels: fixed, so the window is plain arithmetic. */
export const ROW_HEIGHT = 40;
/** Rows fetched per `import_rows` call. */
export const PAGE_SIZE = 200;
/** Rows rendered above and below the visible ones, so a short scroll shows no gap. */
export const OVERSCAN = 8;
/**
 * Tallest scroll area the table creates. Engines cap an element's height (WebKit and Chromium near 33.5
 * million px, Firefox near 17.9 million); past this, scrolling moves proportionally through the rows.
 */
export const MAX_SCROLL_HEIGHT = 8_000_000;
/** Pages kept in memory; the farthest from where the admin looks are dropped first. */
export const MAX_CACHED_PAGES = 40;

export interface WindowInput {
  total: number;
  scrollTop: number;
  viewportHeight: number;
  rowHeight?: number;
  overscan?: number;
  maxHeight?: number;
}

export interface RowWindow {
  /** First row index to render. */
  start: number;
  /** One past the last row index to render. */
  end: number;
  /** Where row `start` goes, in pixels from the top of the scroll area. */
  top: number;
  /** Height of the scroll area. */
  height: number;
}

/** Which rows to render for a scroll position, and where: only these are in the DOM. */
export function rowWindow(input: WindowInput): RowWindow {
  const { total, rowHeight = ROW_HEIGHT, overscan = OVERSCAN, maxHeight = MAX_SCROLL_HEIGHT } = input;
  if (total <= 0 || rowHeight <= 0) return { start: 0, end: 0, top: 0, height: 0 };
  const viewport = Math.max(0, input.viewportHeight);
  const full = total * rowHeight;
  const height = Math.min(full, maxHeight);
  const maxScroll = Math.max(0, height - viewport);
  const scroll = Math.min(Math.max(0, input.scrollTop), maxScroll);
  // Where the viewport's top falls in the full list: the same as `scroll` unless the area was capped.
  const fullMaxScroll = Math.max(0, full - viewport);
  const virtualTop = maxScroll > 0 ? (scroll * fullMaxScroll) / maxScroll : 0;
  const first = Math.min(total - 1, Math.floor(virtualTop / rowHeight));
  const visible = Math.ceil(viewport / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(total, first + visible + overscan);
  const top = scroll - (virtualTop - start * rowHeight);
  return { start, end, top, height };
}

/** The pages holding rows `start` (included) to `end` (excluded). */
export function pagesFor(start: number, end: number, pageSize = PAGE_SIZE): number[] {
  if (end <= start) return [];
  const pages: number[] = [];
  for (let page = Math.floor(start / pageSize); page <= Math.floor((end - 1) / pageSize); page += 1) pages.push(page);
  return pages;
}

/** Pages to drop so that at most `max` stay cached: the farthest from page `around` first. */
export function pagesToEvict(cached: Iterable<number>, around: number, max = MAX_CACHED_PAGES): number[] {
  const pages = [...cached];
  if (pages.length <= max) return [];
  pages.sort((a, b) => Math.abs(b - around) - Math.abs(a - around) || b - a);
  return pages.slice(0, pages.length - max);
}

/** Row `index` (0-based, in the filtered list) from the cached pages, if its page is there. */
export function rowAt(pages: ReadonlyMap<number, readonly ImportRowView[]>, index: number, pageSize = PAGE_SIZE): ImportRowView | undefined {
  return pages.get(Math.floor(index / pageSize))?.[index % pageSize];
}

// ---- Counts and filters ------------------------------------------------------------------------------

export const ALL_ROWS: RowFilter = { status: null, problem: null };

export function sameFilter(a: RowFilter, b: RowFilter): boolean {
  return a.status === b.status && a.problem === b.problem;
}

/**
 * Rows whose status is `valid` alone. The counts' `valid` also holds the rows already invited or members
 * and those over the seats (the CLI contract); the cards show them apart, so they add up to the rows.
 */
export function validOnly(counts: ImportCounts): number {
  return Math.max(0, counts.valid - counts.already - counts.over_seats);
}

export type CountKey = "rows" | RowStatus;

export interface CountCard {
  key: CountKey;
  /** The filter a click on the card applies. */
  filter: RowFilter;
  count: number;
}

/** All rows, then one card per status: together the status cards add up to the rows. */
export function countCards(counts: ImportCounts): CountCard[] {
  const status = (key: RowStatus, count: number): CountCard => ({ key, filter: { status: key, problem: null }, count });
  return [
    { key: "rows", filter: ALL_ROWS, count: counts.rows },
    status("valid", validOnly(counts)),
    status("invalid", counts.invalid),
    status("duplicate", counts.duplicates),
    status("already", counts.already),
    status("over_seats", counts.over_seats),
  ];
}

/** How many rows a filter should match, from the view, until the first page says it exactly. */
export function expectedTotal(view: Pick<ImportView, "counts" | "problems">, filter: RowFilter): number {
  if (filter.problem !== null) return view.problems.find((p) => p.code === filter.problem)?.rows ?? 0;
  if (filter.status === null) return view.counts.rows;
  return countCards(view.counts).find((card) => card.key === filter.status)?.count ?? 0;
}

export function rowStatusLabel(lang: Language, status: RowStatus): string {
  return translate(lang, `import.status.${status}`);
}

export function problemLabel(lang: Language, code: ProblemCode): string {
  return translate(lang, `import.problem.${code}`);
}

/** The filter in words, for "Showing 12 rows: Not valid". */
export function filterLabel(lang: Language, filter: RowFilter): string | null {
  if (filter.problem !== null) return problemLabel(lang, filter.problem);
  if (filter.status !== null) return translate(lang, `import.count.${filter.status}`);
  return null;
}

/** What the result column says beside a row's status: its problems, the row it repeats, or nothing. */
export function rowNote(lang: Language, row: Pick<ImportRowView, "status" | "problems" | "duplicate_of">): string {
  if (row.status === "invalid") return row.problems.map((p) => p.message).join(" · ");
  if (row.status === "duplicate" && row.duplicate_of !== null) return translate(lang, "import.row.repeats", { row: row.duplicate_of });
  return "";
}

/**
 * The short name of each kind of problem a row has, once each ("Email not valid · Unknown team"): readable
 * in the result column, where the full messages would be cut off.
 */
export function rowProblemLabels(lang: Language, problems: readonly Pick<ImportRowProblem, "code">[]): string {
  return [...new Set(problems.map((p) => p.code))].map((code) => problemLabel(lang, code)).join(SEPARATOR);
}

// ---- Sending -----------------------------------------------------------------------------------------

/** Why each row that will not be sent is left out; only the reasons that occur. */
export function notSentReasons(lang: Language, view: Pick<ImportView, "counts" | "invited" | "handed_off">): { count: number; text: string } {
  const { counts } = view;
  const parts: [Parameters<typeof plural>[1], number][] = [
    ["import.reason.invalid", counts.invalid],
    ["import.reason.duplicates", counts.duplicates],
    ["import.reason.already", counts.already],
    ["import.reason.overSeats", counts.over_seats],
    ["import.reason.invited", view.invited],
    ["import.reason.handedOff", view.handed_off],
  ];
  const present = parts.filter(([, n]) => n > 0);
  return {
    count: present.reduce((sum, [, n]) => sum + n, 0),
    text: formatList(
      lang,
      present.map(([key, n]) => plural(lang, key, n)),
    ),
  };
}

/** The confirmation before sending: how many go, and how many do not and why. */
export function inviteConfirmation(lang: Language, view: Pick<ImportView, "counts" | "invited" | "handed_off" | "to_invite">): string[] {
  const lines = [plural(lang, "import.confirm.send", view.to_invite)];
  const notSent = notSentReasons(lang, view);
  if (notSent.count > 0) lines.push(plural(lang, "import.confirm.notSent", notSent.count, { reasons: notSent.text }));
  return lines;
}

/** Why there is nothing to invite (to_invite is 0). */
export function nothingToInviteKey(view: Pick<ImportView, "counts" | "invited" | "handed_off">): MessageKey {
  if (view.invited + view.handed_off > 0 && view.invited + view.handed_off >= validOnly(view.counts)) return "import.nothing.allDone";
  if (view.counts.over_seats > 0) return "import.nothing.overSeats";
  return "import.nothing.noValid";
}
