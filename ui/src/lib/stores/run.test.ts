import { describe, expect, it, vi } from "vitest";
import type { InviteOutcome } from "../bindings/InviteOutcome";

vi.mock("../ipc", () => ({
  pauseSending: vi.fn(async () => true),
  cancelSending: vi.fn(async () => false),
}));

import * as ipc from "../ipc";
import { SendingRun, type StartRun } from "./run.svelte";

class Run extends SendingRun {
  start(start: StartRun, after: () => Promise<unknown>): Promise<InviteOutcome | null> {
    return this.send(start, after);
  }
}

const outcome = { sent: 2, failed: 0, cancelled: false } as InviteOutcome;

describe("a sending run", () => {
  it("starts once at a time, and reloads after the run it started", async () => {
    const run = new Run();
    let finish: (value: InviteOutcome) => void = () => {};
    const after = vi.fn(async () => {});
    const first = run.start(() => new Promise((resolve) => (finish = resolve)), after);
    expect(run.running).toBe(true);
    const second = vi.fn<StartRun>();
    expect(await run.start(second, after)).toBeNull();
    expect(second).not.toHaveBeenCalled();
    expect(after).not.toHaveBeenCalled();
    finish(outcome);
    expect(await first).toEqual(outcome);
    expect(run.outcome).toEqual(outcome);
    expect(run.running).toBe(false);
    expect(after).toHaveBeenCalledTimes(1);
  });

  it("keeps the error of a failed run, and still reloads", async () => {
    const run = new Run();
    const after = vi.fn(async () => {});
    expect(await run.start(async () => Promise.reject(new Error("gone")), after)).toBeNull();
    expect(run.runError).toBeInstanceOf(Error);
    expect(run.outcome).toBeNull();
    expect(after).toHaveBeenCalledTimes(1);
    run.dismissOutcome();
    expect(run.runError).toBeNull();
  });

  it("asks Rust to pause and cancel, and says so only when Rust agreed", async () => {
    const run = new Run();
    await run.togglePause();
    expect(ipc.pauseSending).toHaveBeenCalledWith(true);
    expect(run.pauseRequested).toBe(true);
    await run.cancel();
    expect(run.cancelRequested).toBe(false);
  });
});
