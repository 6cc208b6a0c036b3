// What a screen reader hears of a long run. A live region that changes on every progress event makes it
// talk without pause (and drop half of it), so the spoken line changes only at each tenth of the way, when
// the run pauses or resumes, and at the end; the visible line keeps every tick.

/** How far along a run is, as far as announcing it goes. */
export interface AnnouncedProgress {
  readonly done: number;
  readonly total: number;
  readonly paused: boolean;
  /** A state the run is in ("running", "failed"…): a change is announced at once. */
  readonly phase?: string;
}

/** The share of the run between two announcements, in percent. */
export const ANNOUNCE_EVERY_PERCENT = 10;

/** Decides, tick by tick, whether this tick is worth announcing. One per run (and per live region). */
export class ProgressAnnouncer {
  private lastStep: number | null = null;
  private lastPaused = false;
  private lastPhase: string | undefined = undefined;
  private finished = false;

  constructor(private readonly everyPercent = ANNOUNCE_EVERY_PERCENT) {}

  /**
   * True when `progress` should replace the spoken line: the first tick, a new tenth, a pause or resume,
   * a new phase, the end.
   */
  next(progress: AnnouncedProgress): boolean {
    const end = progress.total > 0 && progress.done >= progress.total;
    const step = progress.total > 0 ? Math.floor(((progress.done / progress.total) * 100) / this.everyPercent) : 0;
    const first = this.lastStep === null;
    const changed =
      first ||
      step !== this.lastStep ||
      progress.paused !== this.lastPaused ||
      progress.phase !== this.lastPhase ||
      (end && !this.finished);
    this.lastStep = step;
    this.lastPaused = progress.paused;
    this.lastPhase = progress.phase;
    if (end) this.finished = true;
    return changed;
  }
}
