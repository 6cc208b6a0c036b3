import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RecoveryStatus } from "../bindings/RecoveryStatus";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  recoveryStatus: vi.fn(),
}));

import * as ipc from "../ipc";
import { plural } from "../i18n";
import { POLL_MS, recovery } from "./recovery.svelte";

const idle: RecoveryStatus = { running: false, checked: 0, total: 0, report: null, error: null };
const running = (checked: number, total: number): RecoveryStatus => ({ ...idle, running: true, checked, total });
const done = (over: Partial<NonNullable<RecoveryStatus["report"]>> = {}): RecoveryStatus => ({
  ...idle,
  checked: 3,
  total: 3,
  report: { checked: 3, confirmed: 1, requeued: 1, still_unknown: 1, errors: [], ...over },
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.mocked(ipc.recoveryStatus).mockReset();
});

afterEach(() => {
  recovery.stop();
  vi.useRealTimers();
});

describe("the recovery banner's state", () => {
  it("polls while the pass runs, shows its progress, then keeps the outcome and stops", async () => {
    vi.mocked(ipc.recoveryStatus)
      .mockResolvedValueOnce(running(1, 4))
      .mockResolvedValueOnce(running(3, 4))
      .mockResolvedValueOnce(done());
    recovery.follow(running(0, 4));
    await vi.advanceTimersByTimeAsync(0);
    expect(recovery.running).toBe(true);
    expect(recovery.percent).toBe(25);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(recovery.percent).toBe(75);
    await vi.advanceTimersByTimeAsync(POLL_MS);
    expect(recovery.running).toBe(false);
    expect(recovery.finished).toBe(true);
    expect(recovery.status?.report?.still_unknown).toBe(1);
    await vi.advanceTimersByTimeAsync(POLL_MS * 5);
    expect(ipc.recoveryStatus).toHaveBeenCalledTimes(3);
  });

  it("says nothing when there was nothing to recover, and gives up waiting for a pass that never starts", async () => {
    vi.mocked(ipc.recoveryStatus).mockResolvedValue(idle);
    recovery.follow(idle);
    await vi.advanceTimersByTimeAsync(POLL_MS * 20);
    expect(recovery.finished).toBe(false);
    expect(vi.mocked(ipc.recoveryStatus).mock.calls.length).toBeLessThanOrEqual(10);
  });

  it("waits for a pass the host has not started yet", async () => {
    vi.mocked(ipc.recoveryStatus).mockResolvedValueOnce(idle).mockResolvedValueOnce(running(0, 2)).mockResolvedValueOnce(done());
    recovery.follow(null);
    await vi.advanceTimersByTimeAsync(POLL_MS * 3);
    expect(recovery.finished).toBe(true);
  });

  it("reports a pass that could not run, and can be dismissed", async () => {
    vi.mocked(ipc.recoveryStatus).mockResolvedValue({ ...idle, error: { code: "database", params: {}, message: "database is locked" } });
    recovery.follow(idle);
    await vi.advanceTimersByTimeAsync(0);
    expect(recovery.finished).toBe(true);
    recovery.dismiss();
    expect(recovery.dismissed).toBe(true);
  });

  it("has the outcome in both languages", () => {
    const params = { confirmed: 1, requeued: 1, unknown: 1 };
    expect(plural("en", "recovery.done", 3, params)).toContain("3 interrupted invitations");
    expect(plural("es", "recovery.done", 1, params)).toContain("1 invitación interrumpida");
  });
});
