import { describe, expect, it } from "vitest";
import type { CheckCounts } from "./bindings/CheckCounts";
import type { InviteOutcome } from "./bindings/InviteOutcome";
import type { SendProgress } from "./bindings/SendProgress";
import {
  checkSummary,
  formatDateTime,
  formatDuration,
  formatList,
  formatRate,
  outcomeSummary,
  percentDone,
  progressLine,
} from "./format";

const counts = (over: Partial<CheckCounts> = {}): CheckCounts => ({
  total: 0,
  ready: 0,
  invalid: 0,
  duplicates: 0,
  already: 0,
  over_seats: 0,
  ...over,
});

const progress = (over: Partial<SendProgress> = {}): SendProgress => ({
  done: 3,
  total: 10,
  sent: 3,
  failed: 0,
  skipped: 0,
  per_second: 2.1,
  eta_seconds: 3.3,
  current: null,
  paused: false,
  ...over,
});

const outcome = (over: Partial<InviteOutcome> = {}): InviteOutcome => ({
  checked: counts(),
  queued: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
  unconfirmed: 0,
  left_queued: 0,
  cancelled: false,
  ...over,
});

describe("rate and duration", () => {
  it("formats the rate with the language's decimal mark", () => {
    expect(formatRate("en", 2.14)).toBe("2.1/s");
    expect(formatRate("es", 2.14)).toBe("2,1/s");
    expect(formatRate("en", 0.5)).toBe("0.5/s");
    expect(formatRate("en", 14.3)).toBe("14/s");
  });

  it("rounds durations up to the second and switches units", () => {
    expect(formatDuration("en", 3.2)).toBe("4 s");
    expect(formatDuration("en", 0)).toBe("0 s");
    expect(formatDuration("en", -5)).toBe("0 s");
    expect(formatDuration("en", 125)).toBe("2 min 5 s");
    expect(formatDuration("es", 3780)).toBe("1 h 3 min");
  });

  it("writes the progress line", () => {
    expect(progressLine("en", progress())).toBe("3 of 10 · 2.1/s · about 4 s left");
    expect(progressLine("es", progress())).toBe("3 de 10 · 2,1/s · quedan unos 4 s");
    expect(progressLine("en", progress({ done: 0, per_second: 0, eta_seconds: null }))).toBe(
      "0 of 10 · estimating the time left…",
    );
    expect(progressLine("en", progress({ paused: true }))).toBe("3 of 10 · Paused");
    expect(progressLine("es", progress({ paused: true }))).toBe("3 de 10 · En pausa");
    expect(progressLine("en", progress({ done: 10, eta_seconds: 0 }))).toBe("10 of 10 · 2.1/s");
  });

  it("puts the extra parts of another run right after the count", () => {
    expect(progressLine("en", progress(), ["2 found in Marketo"])).toBe("3 of 10 · 2 found in Marketo · 2.1/s · about 4 s left");
    expect(progressLine("en", progress({ paused: true }), ["2 found in Marketo"])).toBe("3 of 10 · 2 found in Marketo · Paused");
  });

  it("computes the share done", () => {
    expect(percentDone({ done: 3, total: 10 })).toBe(30);
    expect(percentDone({ done: 0, total: 0 })).toBe(0);
    expect(percentDone({ done: 11, total: 10 })).toBe(100);
  });
});

describe("dates", () => {
  const instant = "2026-11-26T14:03:00Z";

  it("formats in each language", () => {
    expect(formatDateTime("en", instant, "UTC")).toBe("26 Nov 2026 14:03");
    expect(formatDateTime("es", instant, "UTC")).toBe("26 nov 2026 14:03");
  });

  it("shows local time, not UTC", () => {
    expect(formatDateTime("en", instant, "Europe/Madrid")).toBe("26 Nov 2026 15:03");
    expect(formatDateTime("es", "2026-11-27T02:30:00Z", "America/New_York")).toBe("26 nov 2026 21:30");
  });

  it("gives back what it cannot read", () => {
    expect(formatDateTime("en", "not a date")).toBe("not a date");
  });
});

describe("count summaries", () => {
  it("summarises a check with plural forms and only the problems that occur", () => {
    const report = { items: [], counts: counts({ total: 5, ready: 1, invalid: 2, already: 1, over_seats: 1 }), seats_left: 1 };
    expect(checkSummary("en", report)).toEqual([
      "1 ready to invite",
      "2 invalid",
      "1 already invited or a member",
      "1 over the seat limit",
      "1 seat left",
    ]);
    expect(checkSummary("es", report)).toEqual([
      "1 lista para invitar",
      "2 no válidas",
      "1 ya invitada o ya miembro",
      "1 sin puesto libre",
      "queda 1 puesto libre",
    ]);
    expect(checkSummary("en", { items: [], counts: counts({ total: 2, ready: 2, duplicates: 2 }), seats_left: 37 })).toEqual([
      "2 ready to invite",
      "2 repeated",
      "37 seats left",
    ]);
  });

  it("summarises an outcome as the confirmation says it", () => {
    const done = outcome({ checked: counts({ total: 4, ready: 2, invalid: 1, duplicates: 1 }), queued: 2, sent: 2 });
    expect(outcomeSummary("en", done).join(" · ")).toBe("2 invitations sent · 1 invalid · 1 duplicate skipped · 0 failed");
    expect(outcomeSummary("es", done).join(" · ")).toBe(
      "2 invitaciones enviadas · 1 no válida · 1 repetida omitida · 0 con error",
    );
    const cancelled = outcome({ queued: 5, sent: 1, failed: 1, skipped: 1, left_queued: 2, cancelled: true });
    expect(outcomeSummary("en", cancelled)).toEqual([
      "1 invitation sent",
      "1 skipped: already a member",
      "1 failed",
      "2 still waiting to be sent",
    ]);
  });

  it("joins step names as a list", () => {
    expect(formatList("en", ["P1", "P2"])).toBe("P1 and P2");
    expect(formatList("es", ["P1", "P2", "paso 1"])).toBe("P1, P2 y paso 1");
  });
});
