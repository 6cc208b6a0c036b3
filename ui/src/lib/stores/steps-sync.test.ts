import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { OverlapProgress } from "../bindings/OverlapProgress";
import type { OverlapReport } from "../bindings/OverlapReport";
import type { StepView } from "../bindings/StepView";
import type { SyncJob } from "../bindings/SyncJob";
import type { SyncReport } from "../bindings/SyncReport";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  syncFields: vi.fn(),
  countOverlap: vi.fn(),
  startSync: vi.fn(),
  syncProgress: vi.fn(),
  pauseSending: vi.fn(async () => true),
  cancelSending: vi.fn(async () => true),
  setupPlan: vi.fn(async () => []),
}));

import * as ipc from "../ipc";
import { errorMessage, toIpcError } from "../ipc";
import { appInfo as info, stepView } from "../testing/fixtures";
import { app } from "./app.svelte";
import { num } from "./steps-common.svelte";
import { POLL_MS, sync } from "./steps-sync.svelte";

const step4 = (codes: string[]): StepView =>
  stepView("4", {
    last_check: {
      step_id: "4",
      outcome: "ok",
      findings: codes.map((code) => ({ code, level: "info", params: {} })),
      checked_at: "2026-11-26T14:03:00Z",
      actor: "ana",
    },
  });

const job = (status: SyncJob["status"], synced: number): SyncJob => ({
  id: "job-1",
  status,
  total: 1000,
  synced,
  failed: 0,
  started_at: null,
  finished_at: null,
  error: status === "failed" ? "lost" : null,
});
const report = (status: SyncJob["status"], synced: number): SyncReport => ({ job: job(status, synced), findings: [] });

beforeEach(() => {
  vi.clearAllMocks();
  app.info = info("sandbox");
  app.plan = [];
  sync.reset();
  sync.enter("sandbox");
});

afterEach(() => {
  sync.stop();
  vi.useRealTimers();
});

describe("fields", () => {
  it("lists the fields the sync brings", async () => {
    vi.mocked(ipc.syncFields).mockResolvedValue([
      { name: "firstName", label: "First Name", type: "string", direction: "marketo_to_sales" },
      { name: "email", label: "Email", type: "email", direction: "marketo_to_sales" },
    ]);
    await sync.loadFields();
    expect(sync.fields?.map((field) => field.name)).toEqual(["firstName", "email"]);
    expect(sync.fieldsLoading).toBe(false);
  });

  it("gives the console path on the hand-off route", async () => {
    vi.mocked(ipc.syncFields).mockRejectedValue({ code: "handoff_route", message: "console", params: { console_path: "Marketo › Admin › Sales Insight" } });
    await sync.loadFields();
    expect(sync.fields).toBeNull();
    expect(errorMessage("es", sync.fieldsError)).toMatch(/consola/);
  });
});

describe("counting the people in both systems", () => {
  it("shows progress while it runs, then the report, and reloads the plan", async () => {
    const progress: OverlapProgress = { done: 300, total: 900, found: 120, calls: 1, rate: 150, eta_secs: 4, paused: false };
    const final: OverlapReport = {
      checked: 900,
      total: 900,
      found_in_both: 410,
      with_sfdc_ids: 400,
      calls: 3,
      retried_606: 1,
      retried_615: 0,
      elapsed_ms: 6000,
      cancelled: false,
      missing_sample: ["nobody@example.com"],
    };
    let finish!: (report: OverlapReport) => void;
    let send!: (progress: OverlapProgress) => void;
    vi.mocked(ipc.countOverlap).mockImplementation((onProgress) => {
      send = onProgress;
      return new Promise((resolve) => (finish = resolve));
    });
    vi.mocked(ipc.setupPlan).mockResolvedValue([step4(["overlap_count"])]);

    const counting = sync.count();
    expect(sync.counting).toBe(true);
    send(progress);
    expect(num(sync.progress?.done)).toBe(300);
    expect(num(sync.progress?.found)).toBe(120);

    await sync.togglePause();
    expect(ipc.pauseSending).toHaveBeenCalledWith(true);
    expect(sync.pauseRequested).toBe(true);
    await sync.togglePause();
    expect(ipc.pauseSending).toHaveBeenLastCalledWith(false);

    // A second click while counting does not start another count.
    await sync.count();
    expect(ipc.countOverlap).toHaveBeenCalledTimes(1);

    finish(final);
    await counting;
    expect(sync.counting).toBe(false);
    expect(sync.progress).toBeNull();
    expect(num(sync.overlap?.found_in_both)).toBe(410);
    expect(num(sync.overlap?.checked)).toBe(900);
    expect(app.plan[0]?.last_check?.findings[0]?.code).toBe("overlap_count");
  });

  it("cancels through the run's command", async () => {
    await sync.cancel();
    expect(ipc.cancelSending).toHaveBeenCalled();
    expect(sync.cancelRequested).toBe(true);
  });

  it("explains a Marketo 603 in the admin's language", async () => {
    vi.mocked(ipc.countOverlap).mockRejectedValue({ code: "access_denied_603", message: "603", detail: null });
    await sync.count();
    expect(sync.counting).toBe(false);
    expect(errorMessage("en", sync.countError, "marketo")).toMatch(/603/);
    expect(errorMessage("es", sync.countError, "marketo")).toMatch(/603/);
  });
});

describe("the sync job", () => {
  it("polls while the job runs and stops once it is done, reloading the plan", async () => {
    vi.useFakeTimers();
    vi.mocked(ipc.startSync).mockResolvedValue(report("queued", 0));
    vi.mocked(ipc.syncProgress)
      .mockResolvedValueOnce(report("running", 400))
      .mockResolvedValueOnce(report("done", 1000));
    vi.mocked(ipc.setupPlan).mockResolvedValue([step4(["sync_done"])]);

    await sync.start();
    expect(sync.job?.status).toBe("queued");
    expect(sync.following).toBe(true);
    expect(ipc.syncProgress).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(ipc.syncProgress).toHaveBeenCalledWith("job-1");
    expect(sync.job?.status).toBe("running");
    expect(num(sync.job?.synced)).toBe(400);

    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(sync.job?.status).toBe("done");
    expect(sync.following).toBe(false);
    expect(app.plan[0]?.last_check?.findings[0]?.code).toBe("sync_done");

    await vi.advanceTimersByTimeAsync(POLL_MS * 5);
    expect(ipc.syncProgress).toHaveBeenCalledTimes(2);
  });

  it("stops polling when the panel goes, and follows again when it comes back", async () => {
    vi.useFakeTimers();
    vi.mocked(ipc.startSync).mockResolvedValue(report("running", 10));
    vi.mocked(ipc.syncProgress).mockResolvedValue(report("running", 20));
    await sync.start();
    sync.stop();
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(ipc.syncProgress).not.toHaveBeenCalled();

    sync.follow();
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(ipc.syncProgress).toHaveBeenCalledTimes(1);
    expect(num(sync.job?.synced)).toBe(20);
  });

  it("does not start a second sync while one runs", async () => {
    vi.useFakeTimers();
    vi.mocked(ipc.startSync).mockResolvedValue(report("running", 10));
    await sync.start();
    await sync.start();
    expect(ipc.startSync).toHaveBeenCalledTimes(1);
  });

  it("stops on an error and keeps it translated", async () => {
    vi.useFakeTimers();
    vi.mocked(ipc.startSync).mockResolvedValue(report("running", 10));
    vi.mocked(ipc.syncProgress).mockRejectedValue({ code: "sales_account_not_found", message: "gone", params: {}, detail: null });
    await sync.start();
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(sync.following).toBe(false);
    expect(errorMessage("en", sync.syncError)).toMatch(/no longer knows that sync job/);
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(ipc.syncProgress).toHaveBeenCalledTimes(1);
  });

  it("keeps the refusal when a sync already runs and the Sales account does not name it", async () => {
    vi.mocked(ipc.startSync).mockRejectedValue({ code: "sales_account_sync_running", message: "409", params: { service_code: "sync_running" }, detail: null });
    await sync.start();
    expect(sync.job).toBeNull();
    expect(sync.following).toBe(false);
    expect(toIpcError(sync.syncError).code).toBe("sales_account_sync_running");
  });

  it("forgets the job of another environment", async () => {
    vi.useFakeTimers();
    vi.mocked(ipc.startSync).mockResolvedValue(report("running", 10));
    await sync.start();
    app.info = info("real");
    sync.enter("real");
    expect(sync.job).toBeNull();
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(ipc.syncProgress).not.toHaveBeenCalled();
  });
});
