import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ImportFileView } from "../bindings/ImportFileView";
import type { ImportRowView } from "../bindings/ImportRowView";
import type { ImportView } from "../bindings/ImportView";
import type { InviteOutcome } from "../bindings/InviteOutcome";
import type { RowFilter } from "../bindings/RowFilter";
import type { SendProgress } from "../bindings/SendProgress";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  importPickFile: vi.fn(),
  importOpen: vi.fn(),
  importStage: vi.fn(),
  importView: vi.fn(),
  importLatest: vi.fn(async () => null),
  importRows: vi.fn(),
  importInvite: vi.fn(),
  importExport: vi.fn(),
  importHandoffFile: vi.fn(),
  importMarkHandedOff: vi.fn(),
  openExternal: vi.fn(),
  pauseSending: vi.fn(async () => true),
  cancelSending: vi.fn(async () => true),
  listInvitations: vi.fn(async () => []),
  setupPlan: vi.fn(async () => []),
}));

import { es } from "../i18n/es";
import { PAGE_SIZE } from "../import";
import * as ipc from "../ipc";
import { errorMessage, IpcError } from "../ipc";
import { DETECT, importer } from "./import.svelte";

const file = (over: Partial<ImportFileView> = {}): ImportFileView => ({
  path: "/home/ana/people.csv",
  file_name: "people.csv",
  file_size: 2048,
  encoding: "utf-8",
  bom: false,
  delimiter: ";",
  has_header: true,
  headers: ["Correo", "Nombre", "Apellidos", "Equipo"],
  mapping: { email: 0, first_name: 1, last_name: 2, team: 3, role: null },
  mapping_remembered: false,
  sample: [["ana@example.com", "Ana", "López", "Ventas"]],
  ...over,
});

const view = (over: Partial<ImportView> = {}): ImportView => ({
  import_id: 7,
  file_name: "people.csv",
  encoding: "utf-8",
  delimiter: ";",
  created_at: "2026-11-26T14:03:00Z",
  counts: { rows: 1000, valid: 900, invalid: 60, duplicates: 40, already: 20, over_seats: 0 },
  problems: [{ code: "email_invalid", rows: 60 }],
  to_invite: 880,
  invited: 0,
  handed_off: 0,
  route: "http",
  ...over,
});

const row = (n: number, over: Partial<ImportRowView> = {}): ImportRowView => ({
  row: n + 2,
  email: `p${n}@example.com`,
  first_name: null,
  last_name: null,
  team: null,
  status: "valid",
  problems: [],
  duplicate_of: null,
  invitation_state: null,
  handed_off: false,
  ...over,
});

/** Answers import_rows like Rust would for `total` matching rows, marking each row with the filter asked. */
function serveRows(total: number, extra: (n: number, filter: RowFilter) => Partial<ImportRowView> = () => ({})) {
  vi.mocked(ipc.importRows).mockImplementation(async (_id, filter, offset, limit) => ({
    total,
    offset,
    rows: Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => row(offset + i, extra(offset + i, filter))),
  }));
}

const outcome: InviteOutcome = {
  checked: { total: 880, ready: 880, invalid: 0, duplicates: 0, already: 0, over_seats: 0 },
  queued: 880,
  sent: 878,
  failed: 2,
  skipped: 0,
  unconfirmed: 0,
  left_queued: 0,
  cancelled: false,
};

async function staged(): Promise<void> {
  vi.mocked(ipc.importOpen).mockResolvedValue(file());
  vi.mocked(ipc.importStage).mockResolvedValue(view());
  serveRows(1000);
  await importer.open("/home/ana/people.csv");
  await importer.stage();
}

beforeEach(() => {
  vi.clearAllMocks();
  importer.reset();
});

describe("open → check → preview", () => {
  it("detects, stages with exactly the options on screen, then fetches the first page", async () => {
    await staged();
    expect(ipc.importOpen).toHaveBeenCalledWith("/home/ana/people.csv", DETECT);
    expect(ipc.importStage).toHaveBeenCalledWith(
      "/home/ana/people.csv",
      { encoding: "utf-8", delimiter: ";", has_header: true, mapping: { email: 0, first_name: 1, last_name: 2, team: 3, role: null } },
      null,
    );
    expect(importer.phase).toBe("preview");
    expect(ipc.importRows).toHaveBeenCalledWith(7, { status: null, problem: null }, 0, PAGE_SIZE);
    expect(importer.rowsTotal).toBe(1000);
    expect(importer.rowAt(0)?.email).toBe("p0@example.com");
    expect(importer.rowAt(PAGE_SIZE)).toBeUndefined();
  });

  it("fetches the pages the table scrolls to, once each, and keeps them", async () => {
    await staged();
    await importer.ensureRows(390, 420);
    expect(vi.mocked(ipc.importRows).mock.calls.map((call) => call[2])).toEqual([0, 200, 400]);
    await importer.ensureRows(395, 410);
    expect(ipc.importRows).toHaveBeenCalledTimes(3);
    expect(importer.rowAt(405)?.row).toBe(407);
  });

  it("takes the chosen file from the dialog, and does nothing when the dialog is cancelled", async () => {
    vi.mocked(ipc.importPickFile).mockResolvedValueOnce(null);
    await importer.pickFile();
    expect(ipc.importOpen).not.toHaveBeenCalled();
    expect(importer.phase).toBe("pick");
    vi.mocked(ipc.importPickFile).mockResolvedValueOnce("/tmp/b.csv");
    vi.mocked(ipc.importOpen).mockResolvedValueOnce(file({ path: "/tmp/b.csv" }));
    await importer.pickFile();
    expect(ipc.importOpen).toHaveBeenCalledWith("/tmp/b.csv", DETECT);
    expect(importer.phase).toBe("detected");
  });

  it("an override keeps the others, detects the mapping again and remembers what was detected", async () => {
    vi.mocked(ipc.importOpen)
      .mockResolvedValueOnce(file())
      .mockResolvedValueOnce(file({ mapping: { email: 0, first_name: 1, last_name: 2, team: 3, role: 3 }, mapping_remembered: true }))
      .mockResolvedValueOnce(file({ encoding: "windows-1252" }))
      .mockResolvedValueOnce(file({ delimiter: ",", encoding: "windows-1252" }));
    await importer.open("/home/ana/people.csv");
    await importer.setMapping("role", 3);
    expect(importer.mappingEdited).toBe(true);
    expect(importer.file?.mapping.role).toBe(3);
    await importer.setEncoding("windows-1252");
    await importer.setDelimiter(",");
    const calls = vi.mocked(ipc.importOpen).mock.calls;
    expect(calls[1]![1].mapping).toEqual({ email: 0, first_name: 1, last_name: 2, team: 3, role: 3 });
    expect(calls[2]![1]).toEqual({ encoding: "windows-1252", delimiter: null, has_header: null, mapping: null });
    expect(calls[3]![1]).toEqual({ encoding: "windows-1252", delimiter: ",", has_header: null, mapping: null });
    expect(importer.mappingEdited).toBe(false);
    expect(importer.detected).toEqual({ encoding: "utf-8", delimiter: ";", has_header: true });
    expect(importer.file?.delimiter).toBe(",");
  });

  it("a refused override puts back what was in force, so the next change does not repeat it", async () => {
    vi.mocked(ipc.importOpen)
      .mockResolvedValueOnce(file())
      .mockRejectedValueOnce(new IpcError({ code: "not_csv", message: "not a CSV", detail: null }))
      .mockResolvedValueOnce(file({ delimiter: "|" }));
    await importer.open("/home/ana/people.csv");
    await importer.setEncoding("utf-16be");
    expect(errorMessage("en", importer.fileError)).toContain("not a readable CSV");
    expect(importer.overrides).toEqual(DETECT);
    expect(importer.file?.encoding).toBe("utf-8");
    await importer.setDelimiter("|");
    expect(vi.mocked(ipc.importOpen).mock.calls[2]![1]).toEqual({ encoding: null, delimiter: "|", has_header: null, mapping: null });
    expect(importer.fileError).toBeNull();
  });

  it("reads only the first of several dropped files, and says so", async () => {
    vi.mocked(ipc.importOpen).mockResolvedValue(file());
    await importer.openDropped(["/home/ana/people.csv", "/home/ana/other.csv"]);
    expect(ipc.importOpen).toHaveBeenCalledTimes(1);
    expect(ipc.importOpen).toHaveBeenCalledWith("/home/ana/people.csv", DETECT);
    expect(importer.droppedOthers).toBe(1);
    await importer.openDropped([]);
    expect(importer.droppedOthers).toBe(1);
    await importer.open("/home/ana/people.csv");
    expect(importer.droppedOthers).toBe(0);
  });

  it("cannot check rows while no column holds the email", async () => {
    const unmapped = { email: null, first_name: 1, last_name: null, team: null, role: null };
    vi.mocked(ipc.importOpen).mockImplementation(async (_path, options) => file({ mapping: options.mapping ?? unmapped }));
    await importer.open("/home/ana/people.csv");
    expect(importer.emailMapped).toBe(false);
    expect(importer.canStage).toBe(false);
    await importer.stage();
    expect(ipc.importStage).not.toHaveBeenCalled();
    await importer.setMapping("email", 0);
    expect(importer.canStage).toBe(true);
  });

  it("passes the chosen team for rows without one", async () => {
    vi.mocked(ipc.importOpen).mockResolvedValue(file());
    vi.mocked(ipc.importStage).mockResolvedValue(view());
    serveRows(1000);
    await importer.open("/home/ana/people.csv");
    importer.team = "Sales EMEA";
    await importer.stage();
    expect(vi.mocked(ipc.importStage).mock.calls[0]![2]).toBe("Sales EMEA");
  });

  it("drops a sniff answer that arrives after a newer one was asked for", async () => {
    let answerFirst: (value: ImportFileView) => void = () => {};
    vi.mocked(ipc.importOpen)
      .mockResolvedValueOnce(file())
      .mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce(file({ delimiter: "|" }));
    await importer.open("/home/ana/people.csv");
    const slow = importer.setDelimiter(",");
    await importer.setDelimiter("|");
    answerFirst(file({ delimiter: "," }));
    await slow;
    expect(importer.file?.delimiter).toBe("|");
    expect(importer.opening).toBe(false);
  });
});

describe("filters", () => {
  it("a new filter forgets the cached rows and fetches its first page", async () => {
    await staged();
    await importer.ensureRows(200, 230);
    const version = importer.listVersion;
    serveRows(60, (_n, filter) => ({ status: filter.status ?? "valid" }));
    await importer.setFilter({ status: "invalid", problem: null });
    expect(ipc.importRows).toHaveBeenLastCalledWith(7, { status: "invalid", problem: null }, 0, PAGE_SIZE);
    expect(importer.listVersion).toBe(version + 1);
    expect(importer.rowsTotal).toBe(60);
    expect(importer.rowAt(0)?.status).toBe("invalid");
    expect(importer.rowAt(200)).toBeUndefined();
  });

  it("shows the view's count for the filter until the first page answers", async () => {
    await staged();
    vi.mocked(ipc.importRows).mockImplementation(() => new Promise(() => {}));
    void importer.setFilter({ status: null, problem: "email_invalid" });
    expect(importer.rowsTotal).toBe(60);
    void importer.setFilter({ status: "valid", problem: null });
    expect(importer.rowsTotal).toBe(880);
  });

  it("drops a page that answers for the filter before", async () => {
    await staged();
    let answerOld: () => void = () => {};
    vi.mocked(ipc.importRows).mockImplementationOnce(
      (_id, _filter, offset) =>
        new Promise((resolve) => (answerOld = () => resolve({ total: 1000, offset, rows: [row(offset, { email: "stale@x.com" })] }))),
    );
    const old = importer.ensureRows(600, 620);
    serveRows(40, () => ({ status: "duplicate" }));
    await importer.setFilter({ status: "duplicate", problem: null });
    answerOld();
    await old;
    expect(importer.pages.has(3)).toBe(false);
    expect(importer.rowAt(0)?.status).toBe("duplicate");
  });

  it("keeps a bounded number of pages, dropping the farthest", async () => {
    vi.mocked(ipc.importOpen).mockResolvedValue(file());
    vi.mocked(ipc.importStage).mockResolvedValue(view({ counts: { rows: 200_000, valid: 200_000, invalid: 0, duplicates: 0, already: 0, over_seats: 0 } }));
    serveRows(200_000);
    await importer.open("/home/ana/people.csv");
    await importer.stage();
    for (let page = 0; page < 60; page += 1) await importer.ensureRows(page * PAGE_SIZE, page * PAGE_SIZE + 20);
    expect(importer.pages.size).toBe(40);
    expect(importer.pages.has(59)).toBe(true);
    expect(importer.pages.has(0)).toBe(false);
  });
});

describe("inviting", () => {
  it("reports progress, shows the outcome, takes the new view and refreshes the rows on screen", async () => {
    await staged();
    await importer.ensureRows(180, 210);
    const progress: SendProgress = { done: 1, total: 880, sent: 1, failed: 0, skipped: 0, per_second: 4, eta_seconds: 220, current: "p0@example.com", paused: false };
    vi.mocked(ipc.importInvite).mockImplementation(async (_id, onProgress) => {
      expect(importer.running).toBe(true);
      onProgress(progress);
      expect(importer.progress).toEqual(progress);
      return { outcome, view: view({ to_invite: 0, invited: 880 }) };
    });
    serveRows(1000, () => ({ invitation_state: "sent" }));
    vi.mocked(ipc.importRows).mockClear();
    await importer.invite();
    expect(ipc.importInvite).toHaveBeenCalledWith(7, expect.any(Function));
    expect(importer.outcome).toEqual(outcome);
    expect(importer.running).toBe(false);
    expect(importer.progress).toBeNull();
    expect(importer.view?.to_invite).toBe(0);
    expect(importer.canInvite).toBe(false);
    expect(vi.mocked(ipc.importRows).mock.calls.map((call) => call[2])).toEqual([0, 200]);
    expect(importer.rowAt(190)?.invitation_state).toBe("sent");
    expect(ipc.listInvitations).toHaveBeenCalledWith(false);
    expect(ipc.setupPlan).toHaveBeenCalled();
  });

  it("after a failed run, shows the error and reloads the view (some rows may have gone)", async () => {
    await staged();
    vi.mocked(ipc.importInvite).mockRejectedValue({ code: "run_in_progress", message: "a run is in progress", detail: null });
    vi.mocked(ipc.importView).mockResolvedValue(view({ to_invite: 870, invited: 10 }));
    await importer.invite();
    expect(importer.runError).toMatchObject({ code: "run_in_progress" });
    expect(errorMessage("es", importer.runError)).toBe(es["error.run_in_progress"]);
    expect(importer.outcome).toBeNull();
    expect(ipc.importView).toHaveBeenCalledWith(7);
    expect(importer.view?.invited).toBe(10);
  });

  it("pauses and cancels through the commands the address box uses", async () => {
    await importer.togglePause();
    expect(ipc.pauseSending).toHaveBeenCalledWith(true);
    expect(importer.pauseRequested).toBe(true);
    await importer.togglePause();
    expect(ipc.pauseSending).toHaveBeenLastCalledWith(false);
    expect(importer.pauseRequested).toBe(false);
    await importer.cancel();
    expect(importer.cancelRequested).toBe(true);
  });

  it("never sends on the hand-off route or when nothing is left", async () => {
    await staged();
    importer.view = view({ route: "handoff" });
    await importer.invite();
    importer.view = view({ to_invite: 0 });
    await importer.invite();
    expect(ipc.importInvite).not.toHaveBeenCalled();
  });
});

describe("hand-off", () => {
  it("saves the console file, then records the admin's confirmation", async () => {
    await staged();
    importer.view = view({ route: "handoff" });
    vi.mocked(ipc.importHandoffFile).mockResolvedValueOnce({ path: "/home/ana/people-console.csv", rows: 880, console_url: "https://console.example.com/import" });
    await importer.saveHandoffFile();
    expect(importer.handoff?.rows).toBe(880);
    vi.mocked(ipc.importMarkHandedOff).mockResolvedValueOnce(view({ route: "handoff", to_invite: 0, handed_off: 880 }));
    await importer.markHandedOff();
    expect(ipc.importMarkHandedOff).toHaveBeenCalledWith(7);
    expect(importer.view?.handed_off).toBe(880);
    expect(importer.handoff).toBeNull();
  });

  it("a cancelled save dialog shows nothing", async () => {
    await staged();
    vi.mocked(ipc.importHandoffFile).mockResolvedValueOnce(null);
    await importer.saveHandoffFile();
    expect(importer.handoff).toBeNull();
    expect(importer.handoffError).toBeNull();
  });
});

describe("exports", () => {
  it("shows where the file was saved and how many rows it holds", async () => {
    await staged();
    vi.mocked(ipc.importExport).mockResolvedValueOnce({ path: "/home/ana/people-failed.csv", rows: 60 });
    await importer.exportRows("failed");
    expect(ipc.importExport).toHaveBeenCalledWith(7, "failed");
    expect(importer.exported).toEqual({ kind: "failed", file: { path: "/home/ana/people-failed.csv", rows: 60 } });
    expect(importer.exporting).toBeNull();
  });

  it("a cancelled save dialog shows nothing", async () => {
    await staged();
    vi.mocked(ipc.importExport).mockResolvedValueOnce({ path: "/home/ana/results.csv", rows: 1000 });
    await importer.exportRows("results");
    vi.mocked(ipc.importExport).mockResolvedValueOnce(null);
    await importer.exportRows("results");
    expect(importer.exported).toBeNull();
    expect(importer.exportError).toBeNull();
    expect(importer.exporting).toBeNull();
  });

  it("a file that cannot be written says so in the admin's language", async () => {
    await staged();
    vi.mocked(ipc.importExport).mockRejectedValueOnce(new IpcError({ code: "cannot_write", message: "cannot write /x.csv: denied", detail: null }));
    await importer.exportRows("results");
    expect(errorMessage("es", importer.exportError)).toBe(es["error.cannot_write"]);
  });
});

describe("errors", () => {
  it("a file Rust cannot use stays on the drop zone with the translated reason", async () => {
    vi.mocked(ipc.importOpen).mockRejectedValueOnce(
      new IpcError({ code: "no_email_column", message: "no column holds the email", detail: null }),
    );
    await importer.open("/home/ana/people.csv");
    expect(importer.phase).toBe("pick");
    expect(importer.opening).toBe(false);
    expect(errorMessage("en", importer.fileError)).toBe(
      "No column holds the email address. Choose it under Columns, or name a column Email (or Correo) in the file.",
    );
    expect(errorMessage("es", importer.fileError)).toBe(es["error.no_email_column"]);
  });

  it("a failed check keeps the file and the columns on screen", async () => {
    vi.mocked(ipc.importOpen).mockResolvedValue(file());
    vi.mocked(ipc.importStage).mockRejectedValueOnce(new IpcError({ code: "no_data_rows", message: "no data rows", detail: null }));
    await importer.open("/home/ana/people.csv");
    await importer.stage();
    expect(importer.phase).toBe("detected");
    expect(importer.staging).toBe(false);
    expect(importer.fileError).toBeNull();
    expect(errorMessage("es", importer.stageError)).toBe(es["error.no_data_rows"]);
  });

  it("a page that cannot be read shows its error and is fetched again later", async () => {
    await staged();
    vi.mocked(ipc.importRows).mockRejectedValueOnce(new IpcError({ code: "import_not_found", message: "gone", detail: null }));
    await importer.ensureRows(200, 220);
    expect(errorMessage("es", importer.rowsError)).toBe(es["error.import_not_found"]);
    await importer.ensureRows(200, 220);
    expect(importer.rowsError).toBeNull();
    expect(importer.rowAt(200)).toBeDefined();
  });
});

describe("restoring the latest import", () => {
  it("shows it once per environment, and starts afresh in another one", async () => {
    vi.mocked(ipc.importLatest).mockResolvedValueOnce(view({ import_id: 3 }));
    serveRows(1000);
    await importer.restore("env-sandbox");
    expect(importer.phase).toBe("preview");
    expect(importer.restored).toBe(true);
    expect(importer.view?.import_id).toBe(3);
    expect(ipc.importRows).toHaveBeenCalledWith(3, { status: null, problem: null }, 0, PAGE_SIZE);
    await importer.restore("env-sandbox");
    expect(ipc.importLatest).toHaveBeenCalledTimes(1);
    vi.mocked(ipc.importLatest).mockResolvedValueOnce(null);
    await importer.restore("env-real");
    expect(importer.phase).toBe("pick");
    expect(importer.view).toBeNull();
  });

  it("a file the admin opened meanwhile wins over the latest import", async () => {
    let answer: (value: ImportView | null) => void = () => {};
    vi.mocked(ipc.importLatest).mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    vi.mocked(ipc.importOpen).mockResolvedValueOnce(file());
    const restoring = importer.restore("env-other");
    await importer.open("/home/ana/people.csv");
    answer(view());
    await restoring;
    expect(importer.phase).toBe("detected");
  });

  it("Import another file goes back to the drop zone", async () => {
    await staged();
    importer.reset();
    expect(importer.phase).toBe("pick");
    expect(importer.pages.size).toBe(0);
    expect(importer.file).toBeNull();
  });
});
