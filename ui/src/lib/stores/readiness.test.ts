import { beforeEach, describe, expect, it, vi } from "vitest";
import type { PersonReadiness } from "../bindings/PersonReadiness";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  readiness: vi.fn(),
  exportReadiness: vi.fn(),
}));

import * as ipc from "../ipc";
import { errorMessage } from "../ipc";
import { deferred, personReadiness } from "../testing/fixtures";
import { readiness } from "./readiness.svelte";

const person = (email: string, over: Partial<PersonReadiness> = {}): PersonReadiness =>
  personReadiness(email, { invitation_state: "accepted", ...over });

const people = [
  person("ana@example.com", { name: "Ana Muñoz" }),
  person("bo@example.com", { name: "Bo Lee", sf_api_enabled: false, gaps: ["user_api_disabled"] }),
  person("cy@example.com", { invitation_state: "sent", activated: false, gaps: ["not_activated"] }),
];

beforeEach(() => {
  vi.mocked(ipc.readiness).mockReset();
  vi.mocked(ipc.exportReadiness).mockReset();
  readiness.reset();
  readiness.filter = "all";
  readiness.search = "";
});

describe("loading", () => {
  it("shows every person Rust reports, with the counts of each chip", async () => {
    vi.mocked(ipc.readiness).mockResolvedValue(people);
    const loading = readiness.load();
    expect(readiness.loading).toBe(true);
    await loading;
    expect(readiness.loading).toBe(false);
    expect(readiness.loaded).toBe(true);
    expect(readiness.shown.map((p) => p.email)).toEqual(["ana@example.com", "bo@example.com", "cy@example.com"]);
    expect(readiness.counts).toEqual({ all: 3, gaps: 2, ready: 1 });
  });

  it("keeps the list on screen when a refresh fails, with the error translated", async () => {
    vi.mocked(ipc.readiness).mockResolvedValueOnce(people);
    await readiness.load();
    vi.mocked(ipc.readiness).mockRejectedValueOnce({ code: "marketo_not_connected", message: "no marketo", detail: null });
    await readiness.load();
    expect(readiness.people).toHaveLength(3);
    expect(errorMessage("en", readiness.error)).toContain("step 3");
    vi.mocked(ipc.readiness).mockResolvedValueOnce(people.slice(0, 1));
    await readiness.load();
    expect(readiness.error).toBeNull();
    expect(readiness.people).toHaveLength(1);
  });

  it("never lets an older, slower answer replace a newer one", async () => {
    const slow = deferred<PersonReadiness[]>();
    vi.mocked(ipc.readiness).mockReturnValueOnce(slow.promise).mockResolvedValueOnce(people.slice(0, 1));
    const first = readiness.load();
    await readiness.load();
    slow.resolve(people);
    await first;
    expect(readiness.people.map((p) => p.email)).toEqual(["ana@example.com"]);
    expect(readiness.loading).toBe(false);
  });

  it("forgets the people of another environment, even one still arriving", async () => {
    const slow = deferred<PersonReadiness[]>();
    vi.mocked(ipc.readiness).mockReturnValueOnce(slow.promise);
    const pending = readiness.load();
    readiness.reset();
    slow.resolve(people);
    await pending;
    expect(readiness.people).toEqual([]);
    expect(readiness.loaded).toBe(false);
  });
});

describe("filters", () => {
  beforeEach(async () => {
    vi.mocked(ipc.readiness).mockResolvedValue(people);
    await readiness.load();
  });

  it("chips show the people with gaps or the ready ones", () => {
    readiness.setFilter("gaps");
    expect(readiness.shown.map((p) => p.email)).toEqual(["bo@example.com", "cy@example.com"]);
    readiness.setFilter("ready");
    expect(readiness.shown.map((p) => p.email)).toEqual(["ana@example.com"]);
    expect(readiness.counts.all).toBe(3);
  });

  it("the text filter combines with the chip and ignores case and accents", () => {
    readiness.search = "MUNOZ";
    expect(readiness.shown.map((p) => p.email)).toEqual(["ana@example.com"]);
    readiness.setFilter("gaps");
    expect(readiness.shown).toEqual([]);
    readiness.search = "example.com";
    expect(readiness.shown).toHaveLength(2);
  });
});

describe("export", () => {
  it("shows where the file was saved", async () => {
    vi.mocked(ipc.exportReadiness).mockResolvedValue({ path: "/home/ana/readiness.csv", rows: 3 });
    const saving = readiness.exportCsv();
    expect(readiness.exporting).toBe(true);
    await saving;
    expect(readiness.exporting).toBe(false);
    expect(readiness.exported).toEqual({ path: "/home/ana/readiness.csv", rows: 3 });
  });

  it("shows nothing when the dialog was cancelled, and clears an older notice", async () => {
    vi.mocked(ipc.exportReadiness).mockResolvedValueOnce({ path: "/tmp/a.csv", rows: 1 }).mockResolvedValueOnce(null);
    await readiness.exportCsv();
    await readiness.exportCsv();
    expect(readiness.exported).toBeNull();
    expect(readiness.exportError).toBeNull();
  });

  it("keeps the error when the file could not be written", async () => {
    vi.mocked(ipc.exportReadiness).mockRejectedValue({ code: "cannot_write", message: "denied", detail: null });
    await readiness.exportCsv();
    expect(errorMessage("en", readiness.exportError)).toMatch(/could not be saved/);
    expect(readiness.exported).toBeNull();
  });
});

describe("opening the view", () => {
  it("reads again each time, and shows nothing of another environment meanwhile", async () => {
    vi.mocked(ipc.readiness).mockResolvedValueOnce(people);
    await readiness.open("sandbox");
    expect(readiness.people).toHaveLength(3);

    const slow = deferred<PersonReadiness[]>();
    vi.mocked(ipc.readiness).mockReturnValueOnce(slow.promise);
    const same = readiness.open("sandbox");
    expect(readiness.people).toHaveLength(3); // same environment: the list stays while it refreshes
    slow.resolve(people.slice(1));
    await same;
    expect(readiness.people).toHaveLength(2);

    const real = deferred<PersonReadiness[]>();
    vi.mocked(ipc.readiness).mockReturnValueOnce(real.promise);
    const other = readiness.open("real");
    expect(readiness.people).toEqual([]);
    expect(readiness.loaded).toBe(false);
    real.resolve(people.slice(0, 1));
    await other;
    expect(readiness.people.map((p) => p.email)).toEqual(["ana@example.com"]);
    expect(ipc.readiness).toHaveBeenCalledTimes(3);
  });
});
