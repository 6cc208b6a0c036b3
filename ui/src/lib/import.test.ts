import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", () => {
  class Channel<T> {
    onmessage: (message: T) => void = () => {};
  }
  return { invoke: vi.fn(), Channel, isTauri: vi.fn(() => false) };
});
vi.mock("@tauri-apps/plugin-opener", () => ({ openUrl: vi.fn() }));
vi.mock("@tauri-apps/api/webview", () => ({ getCurrentWebview: vi.fn() }));

import { Channel, invoke, isTauri } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";
import type { ImportView } from "./bindings/ImportView";
import type { SendProgress } from "./bindings/SendProgress";
import { lookup } from "./i18n";
import {
  ALL_ROWS,
  columnName,
  countCards,
  delimiterLabel,
  DELIMITERS,
  encodingLabel,
  ENCODINGS,
  expectedTotal,
  filterLabel,
  formatFileSize,
  inviteConfirmation,
  MAX_SCROLL_HEIGHT,
  nothingToInviteKey,
  PAGE_SIZE,
  pagesFor,
  pagesToEvict,
  rowAt,
  rowNote,
  rowProblemLabels,
  rowWindow,
  sampleValues,
  validOnly,
} from "./import";
import * as ipc from "./ipc";
import { EXPORT_KINDS, PROBLEM_CODES, ROW_STATUSES } from "./testing/codes";

const view = (over: Partial<ImportView> = {}): ImportView => ({
  import_id: 7,
  file_name: "people.csv",
  encoding: "utf-8",
  delimiter: ";",
  created_at: "2026-11-26T14:03:00Z",
  counts: { rows: 1000, valid: 900, invalid: 60, duplicates: 40, already: 15, over_seats: 5 },
  problems: [
    { code: "email_invalid", rows: 50 },
    { code: "team_unknown", rows: 12 },
  ],
  to_invite: 880,
  invited: 0,
  handed_off: 0,
  route: "http",
  ...over,
});

describe("the file's dialect in words", () => {
  it("names every separator in both languages, and quotes one it does not know", () => {
    expect(DELIMITERS.map((d) => delimiterLabel("en", d))).toEqual(["Comma ( , )", "Semicolon ( ; )", "Tab", "Vertical bar ( | )"]);
    expect(DELIMITERS.map((d) => delimiterLabel("es", d))).toEqual(["Coma ( , )", "Punto y coma ( ; )", "Tabulador", "Barra vertical ( | )"]);
    expect(delimiterLabel("en", "#")).toBe("“#”");
  });

  it("describes every encoding, and shows an unknown one by its name", () => {
    for (const encoding of ENCODINGS) {
      expect(encodingLabel("en", encoding)).toContain(encoding === "windows-1252" ? "Windows-1252" : encoding.slice(0, 6).toUpperCase());
      expect(encodingLabel("es", encoding)).not.toBe(encodingLabel("en", encoding));
    }
    expect(encodingLabel("es", "utf-16le")).toBe("UTF-16 LE (“Texto Unicode” de Excel)");
    expect(encodingLabel("en", "koi8-r")).toBe("koi8-r");
  });

  it("formats file sizes per language", () => {
    expect(formatFileSize("en", 812)).toBe("812 B");
    expect(formatFileSize("en", 5530)).toBe("5.4 KB");
    expect(formatFileSize("es", 5530)).toBe("5,4 KB");
    expect(formatFileSize("en", 11_429_478)).toBe("11 MB");
    expect(formatFileSize("en", 3 * 1024 ** 3)).toBe("3 GB");
  });

  it("names blank header cells by position and samples a column's first values", () => {
    expect(columnName("en", ["Email", " ", "Team"], 1)).toBe("Column 2");
    expect(columnName("es", ["Email", ""], 1)).toBe("Columna 2");
    expect(columnName("en", ["Email"], 0)).toBe("Email");
    const sample = [
      ["a@x.com", ""],
      ["b@x.com", "Ana"],
      ["c@x.com", " Luis "],
      ["d@x.com", "Eva"],
      ["e@x.com", "Rui"],
    ];
    expect(sampleValues(sample, 1)).toEqual(["Ana", "Luis", "Eva"]);
    expect(sampleValues(sample, 7)).toEqual([]);
    expect(sampleValues(sample, null)).toEqual([]);
  });
});

describe("virtual window", () => {
  it("renders only the visible rows plus overscan, at their place", () => {
    const w = rowWindow({ total: 200_000, scrollTop: 4000, viewportHeight: 400, rowHeight: 40, overscan: 5 });
    expect(w).toEqual({ start: 95, end: 116, top: 3800, height: 8_000_000 });
    expect(w.end - w.start).toBeLessThan(30);
  });

  it("starts at the top and stops at the last row", () => {
    expect(rowWindow({ total: 1000, scrollTop: 0, viewportHeight: 400, rowHeight: 40, overscan: 5 })).toEqual({
      start: 0,
      end: 16,
      top: 0,
      height: 40_000,
    });
    const bottom = rowWindow({ total: 1000, scrollTop: 39_600, viewportHeight: 400, rowHeight: 40, overscan: 5 });
    expect(bottom.end).toBe(1000);
    expect(bottom.top + (bottom.end - bottom.start) * 40).toBe(40_000);
  });

  it("clamps a scroll position past either end (elastic scrolling)", () => {
    expect(rowWindow({ total: 100, scrollTop: -80, viewportHeight: 400, rowHeight: 40 }).start).toBe(0);
    const past = rowWindow({ total: 100, scrollTop: 99_999, viewportHeight: 400, rowHeight: 40 });
    expect(past.end).toBe(100);
    expect(past.top + (past.end - past.start) * 40).toBe(4000);
  });

  it("shows everything when the rows fit, and nothing when there are none", () => {
    expect(rowWindow({ total: 3, scrollTop: 0, viewportHeight: 400, rowHeight: 40 })).toEqual({ start: 0, end: 3, top: 0, height: 120 });
    expect(rowWindow({ total: 0, scrollTop: 0, viewportHeight: 400 })).toEqual({ start: 0, end: 0, top: 0, height: 0 });
  });

  it("caps the scroll area for huge files and still reaches every row", () => {
    const total = 1_000_000;
    const top = rowWindow({ total, scrollTop: 0, viewportHeight: 400, rowHeight: 40 });
    expect(top.height).toBe(MAX_SCROLL_HEIGHT);
    expect(top.start).toBe(0);
    const middle = rowWindow({ total, scrollTop: (MAX_SCROLL_HEIGHT - 400) / 2, viewportHeight: 400, rowHeight: 40, overscan: 0 });
    expect(middle.start).toBe(499_995);
    expect(middle.top).toBeGreaterThanOrEqual((MAX_SCROLL_HEIGHT - 400) / 2 - 40);
    expect(middle.top).toBeLessThanOrEqual((MAX_SCROLL_HEIGHT - 400) / 2);
    const last = rowWindow({ total, scrollTop: MAX_SCROLL_HEIGHT, viewportHeight: 400, rowHeight: 40, overscan: 0 });
    expect(last.end).toBe(total);
    expect(last.top + (last.end - last.start) * 40).toBeCloseTo(MAX_SCROLL_HEIGHT, 6);
  });

  it("moves one row per row height scrolled when the area is not capped", () => {
    let previous = rowWindow({ total: 200_000, scrollTop: 0, viewportHeight: 600, overscan: 0 });
    for (let scrollTop = 40; scrollTop < 4000; scrollTop += 40) {
      const next = rowWindow({ total: 200_000, scrollTop, viewportHeight: 600, overscan: 0 });
      expect(next.start).toBe(previous.start + 1);
      previous = next;
    }
  });
});

describe("page cache", () => {
  it("lists the pages a range of rows needs", () => {
    expect(pagesFor(0, 30)).toEqual([0]);
    expect(pagesFor(190, 230)).toEqual([0, 1]);
    expect(pagesFor(199, 200)).toEqual([0]);
    expect(pagesFor(200, 201)).toEqual([1]);
    expect(pagesFor(10, 10)).toEqual([]);
    expect(pagesFor(0, 1000, 250)).toEqual([0, 1, 2, 3]);
  });

  it("drops the pages farthest from where the admin looks", () => {
    expect(pagesToEvict([0, 1, 2, 3], 2, 4)).toEqual([]);
    expect(pagesToEvict([0, 1, 2, 3, 9, 10], 2, 4)).toEqual([10, 9]);
    expect(pagesToEvict([0, 5, 10], 5, 2)).toEqual([10]);
  });

  it("finds a row in its page", () => {
    const pages = new Map([[1, [{ row: 202 }, { row: 203 }] as never[]]]);
    expect(rowAt(pages, PAGE_SIZE + 1)).toEqual({ row: 203 });
    expect(rowAt(pages, 0)).toBeUndefined();
  });
});

describe("counts and filters", () => {
  it("shows the valid rows apart from the already invited and those without a seat, so the cards add up", () => {
    const cards = countCards(view().counts);
    expect(cards.map((c) => [c.key, c.count])).toEqual([
      ["rows", 1000],
      ["valid", 880],
      ["invalid", 60],
      ["duplicate", 40],
      ["already", 15],
      ["over_seats", 5],
    ]);
    expect(cards.slice(1).reduce((sum, c) => sum + c.count, 0)).toBe(1000);
    expect(cards[0]!.filter).toEqual(ALL_ROWS);
    expect(cards[2]!.filter).toEqual({ status: "invalid", problem: null });
    expect(validOnly({ rows: 1, valid: 0, invalid: 1, duplicates: 0, already: 0, over_seats: 0 })).toBe(0);
  });

  it("expects the count a filter will match", () => {
    expect(expectedTotal(view(), ALL_ROWS)).toBe(1000);
    expect(expectedTotal(view(), { status: "valid", problem: null })).toBe(880);
    expect(expectedTotal(view(), { status: "duplicate", problem: null })).toBe(40);
    expect(expectedTotal(view(), { status: null, problem: "team_unknown" })).toBe(12);
    expect(expectedTotal(view(), { status: null, problem: "role_too_long" })).toBe(0);
  });

  it("words the filter and each row's note", () => {
    expect(filterLabel("en", ALL_ROWS)).toBeNull();
    expect(filterLabel("es", { status: "duplicate", problem: null })).toBe("Repetidas");
    expect(filterLabel("es", { status: null, problem: "email_invalid" })).toBe("Correo no válido");
    const problem = { code: "email_invalid" as const, column: "Email", value: "ana@", message: "Correct the address" };
    expect(rowNote("en", { status: "invalid", problems: [problem, { ...problem, message: "Shorten the name" }], duplicate_of: null })).toBe(
      "Correct the address · Shorten the name",
    );
    expect(rowNote("es", { status: "duplicate", problems: [], duplicate_of: 4 })).toBe("Repite la fila 4");
    expect(rowNote("en", { status: "valid", problems: [], duplicate_of: null })).toBe("");
  });

  it("names each kind of problem of a row once, short enough for the result column", () => {
    const problem = { code: "name_too_long" as const, column: "Nombre", value: "x", message: "Shorten the name" };
    const rows = [problem, { ...problem, column: "Apellidos" }, { ...problem, code: "team_unknown" as const }];
    expect(rowProblemLabels("en", rows)).toBe("Name too long · Unknown team");
    expect(rowProblemLabels("es", [{ code: "email_invalid" }])).toBe("Correo no válido");
    expect(rowProblemLabels("en", [])).toBe("");
  });
});

describe("the confirmation before sending", () => {
  it("says how many go, and why the others do not", () => {
    expect(inviteConfirmation("en", view())).toEqual([
      "880 invitations will be sent from the Sales account, each to the team shown in its row.",
      "120 rows will not be sent: 60 not valid, 40 repeated, 15 already invited or members and 5 without a seat.",
    ]);
    expect(inviteConfirmation("es", view({ counts: { rows: 2, valid: 1, invalid: 1, duplicates: 0, already: 0, over_seats: 0 }, to_invite: 1 }))).toEqual([
      "Se enviará 1 invitación desde la cuenta de ventas, al equipo que figura en su fila.",
      "1 fila no se enviará: 1 no válida.",
    ]);
  });

  it("counts the rows sent before from the same file, and says nothing more when all go", () => {
    const again = view({ to_invite: 380, invited: 500 });
    expect(inviteConfirmation("en", again)[1]).toBe(
      "620 rows will not be sent: 60 not valid, 40 repeated, 15 already invited or members, 5 without a seat and 500 invited before from this file.",
    );
    const clean = view({ counts: { rows: 3, valid: 3, invalid: 0, duplicates: 0, already: 0, over_seats: 0 }, to_invite: 3, problems: [] });
    expect(inviteConfirmation("en", clean)).toHaveLength(1);
  });

  it("explains why nothing is left to invite", () => {
    expect(nothingToInviteKey(view({ to_invite: 0, invited: 880 }))).toBe("import.nothing.allDone");
    expect(nothingToInviteKey(view({ to_invite: 0, handed_off: 880 }))).toBe("import.nothing.allDone");
    const full = { rows: 10, valid: 10, invalid: 0, duplicates: 0, already: 0, over_seats: 10 };
    expect(nothingToInviteKey(view({ to_invite: 0, counts: full }))).toBe("import.nothing.overSeats");
    const bad = { rows: 10, valid: 2, invalid: 8, duplicates: 0, already: 2, over_seats: 0 };
    expect(nothingToInviteKey(view({ to_invite: 0, counts: bad }))).toBe("import.nothing.noValid");
  });
});

describe("every import code the Rust side sends has a message in both languages", () => {
  const families: [string, readonly string[]][] = [
    ["import.status", ROW_STATUSES],
    ["import.count", ROW_STATUSES],
    ["import.problem", PROBLEM_CODES],
    ["import.export", EXPORT_KINDS],
    ["import.encoding", ENCODINGS],
  ];
  for (const [prefix, codes] of families) {
    it(prefix, () => {
      for (const lang of ["en", "es"] as const) {
        for (const code of codes) expect(lookup(lang, `${prefix}.${code}`), `${lang} ${prefix}.${code}`).toBeTypeOf("string");
      }
    });
  }
});

describe("import commands", () => {
  const invokeMock = vi.mocked(invoke);

  beforeEach(() => {
    invokeMock.mockReset();
    invokeMock.mockResolvedValue(null);
  });

  const filter = { status: "invalid", problem: null } as const;
  const options = { encoding: null, delimiter: ";", has_header: null, mapping: null };
  const cases: [string, () => Promise<unknown>, string, Record<string, unknown> | undefined][] = [
    ["importPickFile", () => ipc.importPickFile(), "import_pick_file", undefined],
    ["importOpen", () => ipc.importOpen("/a.csv", options), "import_open", { path: "/a.csv", options }],
    ["importStage", () => ipc.importStage("/a.csv", options, "SDR"), "import_stage", { path: "/a.csv", options, team: "SDR" }],
    ["importView", () => ipc.importView(7), "import_view", { importId: 7 }],
    ["importLatest", () => ipc.importLatest(), "import_latest", undefined],
    ["importRows", () => ipc.importRows(7, filter, 400, 200), "import_rows", { importId: 7, filter, offset: 400, limit: 200 }],
    ["importExport", () => ipc.importExport(7, "failed"), "import_export", { importId: 7, kind: "failed" }],
    ["importHandoffFile", () => ipc.importHandoffFile(7), "import_handoff_file", { importId: 7 }],
    ["importMarkHandedOff", () => ipc.importMarkHandedOff(7), "import_mark_handed_off", { importId: 7 }],
  ];
  for (const [name, run, command, args] of cases) {
    it(name, async () => {
      await run();
      expect(invokeMock).toHaveBeenCalledWith(command, args);
    });
  }

  it("importInvite passes the import and a progress channel", async () => {
    const seen: SendProgress[] = [];
    await ipc.importInvite(7, (p) => seen.push(p));
    const [command, args] = invokeMock.mock.calls[0]!;
    expect(command).toBe("import_invite");
    const { importId, onProgress } = args as { importId: number; onProgress: Channel<SendProgress> };
    expect(importId).toBe(7);
    expect(onProgress).toBeInstanceOf(Channel);
    const update = { done: 1, total: 2, sent: 1, failed: 0, skipped: 0, per_second: 1, eta_seconds: 1, current: null, paused: false };
    onProgress.onmessage(update);
    expect(seen).toEqual([update]);
  });

  it("listenFileDrops does nothing outside the app", async () => {
    const stop = await ipc.listenFileDrops(() => {});
    expect(getCurrentWebview).not.toHaveBeenCalled();
    stop();
  });

  it("listenFileDrops reports dragging and the dropped paths", async () => {
    vi.mocked(isTauri).mockReturnValue(true);
    let handler: (event: { payload: unknown }) => void = () => {};
    const unlisten = vi.fn();
    vi.mocked(getCurrentWebview).mockReturnValue({
      onDragDropEvent: async (h: typeof handler) => {
        handler = h;
        return unlisten;
      },
    } as never);
    const drops: ipc.FileDrop[] = [];
    const stop = await ipc.listenFileDrops((drop) => drops.push(drop));
    handler({ payload: { type: "enter", paths: ["/a.csv"], position: { x: 1, y: 1 } } });
    handler({ payload: { type: "over", position: { x: 2, y: 2 } } });
    handler({ payload: { type: "leave" } });
    handler({ payload: { type: "drop", paths: ["/a.csv", "/b.csv"], position: { x: 2, y: 2 } } });
    expect(drops).toEqual([{ type: "over" }, { type: "over" }, { type: "leave" }, { type: "drop", paths: ["/a.csv", "/b.csv"] }]);
    stop();
    expect(unlisten).toHaveBeenCalled();
    vi.mocked(isTauri).mockReturnValue(false);
  });
});
