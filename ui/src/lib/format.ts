// Pure formatting: dates, rates, durations and count summaries, always in the language given.

import type { CheckReport } from "./bindings/CheckReport";
import type { InviteOutcome } from "./bindings/InviteOutcome";
import type { Language } from "./bindings/Language";
import type { SendProgress } from "./bindings/SendProgress";
import { formatNumber, intlLocale, plural, translate } from "./i18n";

export const SEPARATOR = " · ";

/**
 * An RFC 3339 instant as local date and time, "26 Nov 2026 14:03" / "26 nov 2026 14:03".
 * `timeZone` is for tests; the window uses the machine's zone.
 */
export function formatDateTime(lang: Language, iso: string, timeZone?: string): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const locale = intlLocale(lang);
  const date = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone });
  const time = new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
  return `${date.format(instant)} ${time.format(instant)}`;
}

/** Invitations per second: one decimal under 10, whole numbers above ("2.1/s", "2,1/s", "14/s"). */
export function formatRate(lang: Language, perSecond: number): string {
  const digits = perSecond < 10 ? 1 : 0;
  const rate = new Intl.NumberFormat(intlLocale(lang), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(perSecond);
  return translate(lang, "progress.rate", { rate });
}

/** A duration rounded up to the second: "4 s", "2 min 5 s", "1 h 3 min". */
export function formatDuration(lang: Language, seconds: number): string {
  const total = Math.max(0, Math.ceil(seconds));
  if (total < 60) return translate(lang, "duration.seconds", { s: total });
  if (total < 3600) return translate(lang, "duration.minutes", { m: Math.floor(total / 60), s: total % 60 });
  const minutes = Math.round((total % 3600) / 60);
  return translate(lang, "duration.hours", { h: Math.floor(total / 3600), m: minutes });
}

/** The figures a progress line is made of: a sending run's `SendProgress`, or another run's mapped to it. */
export type RunFigures = Pick<SendProgress, "done" | "total" | "per_second" | "eta_seconds" | "paused">;

/**
 * "3 of 10 · 2.1/s · about 4 s left", or "… · Paused" while paused. `extra` goes right after the count
 * ("3 of 10 · 2 found in Marketo · …").
 */
export function progressLine(lang: Language, progress: RunFigures, extra: readonly string[] = []): string {
  const parts = [translate(lang, "progress.count", { done: progress.done, total: progress.total }), ...extra];
  if (progress.paused) {
    parts.push(translate(lang, "progress.paused"));
    return parts.join(SEPARATOR);
  }
  if (progress.per_second > 0) parts.push(formatRate(lang, progress.per_second));
  if (progress.done < progress.total) {
    parts.push(
      progress.eta_seconds === null
        ? translate(lang, "progress.estimating")
        : translate(lang, "progress.eta", { duration: formatDuration(lang, progress.eta_seconds) }),
    );
  }
  return parts.join(SEPARATOR);
}

/** The counts under the address box: ready always, the problems that occur, and the seats left. */
export function checkSummary(lang: Language, report: CheckReport): string[] {
  const { counts } = report;
  const parts = [plural(lang, "check.ready", counts.ready)];
  if (counts.invalid > 0) parts.push(plural(lang, "check.invalid", counts.invalid));
  if (counts.duplicates > 0) parts.push(plural(lang, "check.duplicates", counts.duplicates));
  if (counts.already > 0) parts.push(plural(lang, "check.already", counts.already));
  if (counts.over_seats > 0) parts.push(plural(lang, "check.overSeats", counts.over_seats));
  parts.push(plural(lang, "check.seatsLeft", report.seats_left));
  return parts;
}

/**
 * The confirmation after a run: "2 invitations sent · 1 invalid · 1 duplicate skipped · 0 failed".
 * Sent and failed always show; the rest only when they happened.
 */
export function outcomeSummary(lang: Language, outcome: InviteOutcome): string[] {
  const { checked } = outcome;
  const parts = [plural(lang, "outcome.sent", outcome.sent)];
  if (checked.invalid > 0) parts.push(plural(lang, "outcome.invalid", checked.invalid));
  if (checked.duplicates > 0) parts.push(plural(lang, "outcome.duplicates", checked.duplicates));
  if (checked.already > 0) parts.push(plural(lang, "outcome.already", checked.already));
  if (checked.over_seats > 0) parts.push(plural(lang, "outcome.overSeats", checked.over_seats));
  if (outcome.skipped > 0) parts.push(plural(lang, "outcome.skipped", outcome.skipped));
  parts.push(plural(lang, "outcome.failed", outcome.failed));
  if (outcome.unconfirmed > 0) parts.push(plural(lang, "outcome.unconfirmed", outcome.unconfirmed));
  if (outcome.left_queued > 0) parts.push(plural(lang, "outcome.leftQueued", outcome.left_queued));
  return parts;
}

/** "P1 and P2", "P1 y P2". */
export function formatList(lang: Language, items: readonly string[]): string {
  return new Intl.ListFormat(intlLocale(lang), { style: "long", type: "conjunction" }).format(items);
}

/** Percentage of a run done, 0–100. */
export function percentDone(progress: Pick<SendProgress, "done" | "total">): number {
  if (progress.total <= 0) return 0;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}

export { formatNumber };
