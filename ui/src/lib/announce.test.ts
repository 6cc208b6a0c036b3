import { describe, expect, it } from "vitest";
import { ProgressAnnouncer } from "./announce";

const at = (done: number, total = 200, paused = false) => ({ done, total, paused });

describe("ProgressAnnouncer", () => {
  it("announces the first tick, then once per tenth of the run, not on every tick", () => {
    const announcer = new ProgressAnnouncer();
    const spoken = Array.from({ length: 201 }, (_, done) => done).filter((done) => announcer.next(at(done)));
    // 0, then 20, 40, … 200: eleven announcements for 201 ticks.
    expect(spoken).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200]);
  });

  it("announces a pause and a resume at once, even inside the same tenth", () => {
    const announcer = new ProgressAnnouncer();
    expect(announcer.next(at(3))).toBe(true);
    expect(announcer.next(at(4))).toBe(false);
    expect(announcer.next(at(4, 200, true))).toBe(true);
    expect(announcer.next(at(4, 200, true))).toBe(false);
    expect(announcer.next(at(5))).toBe(true);
  });

  it("announces a change of phase at once (a job that fails half way)", () => {
    const announcer = new ProgressAnnouncer();
    expect(announcer.next({ ...at(50, 100), phase: "running" })).toBe(true);
    expect(announcer.next({ ...at(51, 100), phase: "running" })).toBe(false);
    expect(announcer.next({ ...at(51, 100), phase: "failed" })).toBe(true);
  });

  it("announces the end once", () => {
    const announcer = new ProgressAnnouncer();
    expect(announcer.next(at(0, 3))).toBe(true);
    expect(announcer.next(at(1, 3))).toBe(true);
    expect(announcer.next(at(3, 3))).toBe(true);
    expect(announcer.next(at(3, 3))).toBe(false);
  });

  it("stays quiet while the total is unknown", () => {
    const announcer = new ProgressAnnouncer();
    expect(announcer.next(at(0, 0))).toBe(true);
    expect(announcer.next(at(0, 0))).toBe(false);
  });
});
