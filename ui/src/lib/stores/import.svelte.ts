// Step 5's CSV import: the file as sniffed and the admin's overrides, the mapping, the staged import's
// preview with a cache of row pages for the virtual table, the sending run (or the console hand-off) and
// the exports. Only renders what Rust decides: every verdict, count and message comes from the commands.

import type { ExportKind } from "../bindings/ExportKind";
import type { HandoffFile } from "../bindings/HandoffFile";
import type { ImportFileView } from "../bindings/ImportFileView";
import type { ImportOptionsInput } from "../bindings/ImportOptionsInput";
import type { ImportRowView } from "../bindings/ImportRowView";
import type { ImportView } from "../bindings/ImportView";
import type { RowFilter } from "../bindings/RowFilter";
import type { SavedFile } from "../bindings/SavedFile";
import {
  ALL_ROWS,
  expectedTotal,
  PAGE_SIZE,
  pagesFor,
  pagesToEvict,
  rowAt,
  type ImportMapping,
  type MappingTarget,
} from "../import";
import * as ipc from "../ipc";
import { app } from "./app.svelte";
import { invite } from "./invite.svelte";
import { SendingRun } from "./run.svelte";

export type ImportPhase = "pick" | "detected" | "preview";

/** Every option left to detection. */
export const DETECT: ImportOptionsInput = { encoding: null, delimiter: null, has_header: null, mapping: null };

/** What detection found before any override, to mark the "detected" choice in each select. */
export interface Detected {
  encoding: string;
  delimiter: string;
  has_header: boolean;
}

export interface Exported {
  kind: ExportKind;
  file: SavedFile;
}

class ImportState extends SendingRun {
  /** The file as last read by `import_open`, with the options in force. */
  file = $state.raw<ImportFileView | null>(null);
  detected = $state.raw<Detected | null>(null);
  /** What the admin forced; null fields are left to detection. */
  overrides = $state.raw<ImportOptionsInput>(DETECT);
  /** The admin chose a column in this session (the "remembered" note then no longer applies). */
  mappingEdited = $state(false);
  /** Team name for rows without a team; null = the default team. */
  team = $state<string | null>(null);
  /** Files dropped together with this one and not read (only the first file of a drop is read). */
  droppedOthers = $state(0);
  opening = $state(false);
  staging = $state(false);
  /** Choosing or reading the file failed (or the latest import could not be restored). */
  fileError = $state<unknown>(null);
  /** Checking the rows failed. */
  stageError = $state<unknown>(null);

  view = $state.raw<ImportView | null>(null);
  /** The view was restored from an earlier session (import_latest), not staged now. */
  restored = $state(false);
  filter = $state.raw<RowFilter>(ALL_ROWS);
  /** Changes when the table shows other rows (another import or filter): it scrolls back to the top. */
  listVersion = $state(0);
  /** Rows matching the filter: the view's count at first, then what `import_rows` says. */
  rowsTotal = $state(0);
  /** Cached pages of the filtered rows, by page number. Replaced, never mutated, so the table re-renders. */
  pages = $state.raw<ReadonlyMap<number, ImportRowView[]>>(new Map());
  rowsError = $state<unknown>(null);

  exporting = $state<ExportKind | null>(null);
  exported = $state.raw<Exported | null>(null);
  exportError = $state<unknown>(null);

  handoff = $state.raw<HandoffFile | null>(null);
  handingOff = $state(false);
  handoffError = $state<unknown>(null);

  phase = $derived<ImportPhase>(this.view !== null ? "preview" : this.file !== null ? "detected" : "pick");
  busy = $derived(this.opening || this.staging);
  emailMapped = $derived(this.file?.mapping.email != null);
  canStage = $derived(this.file !== null && this.emailMapped && !this.busy);
  canInvite = $derived(this.view !== null && this.view.route === "http" && this.view.to_invite > 0 && !this.running && !invite.running);

  /** Environment whose latest import was restored (undefined: none yet). */
  #environment: string | null | undefined = undefined;
  #openSeq = 0;
  #rowsSeq = 0;
  #inFlight = new Set<number>();
  #range = { start: 0, end: 0 };
  /** What to put back if Rust refuses a change (the selects then show what is really in force). */
  #rollback: (() => void) | null = null;

  /** Shows the environment's latest import once per environment; another environment starts afresh. */
  async restore(environmentId: string | null): Promise<void> {
    if (environmentId === this.#environment) return;
    this.#environment = environmentId;
    if (this.running) return;
    this.reset();
    const seq = this.#openSeq;
    try {
      const latest = await ipc.importLatest();
      // The admin may have opened a file meanwhile: that wins.
      if (latest === null || seq !== this.#openSeq || this.phase !== "pick") return;
      this.#show(latest);
      this.restored = true;
      await this.#loadPages([0]);
    } catch (error) {
      if (seq === this.#openSeq && this.phase === "pick") this.fileError = error;
    }
  }

  /** Back to the drop zone, forgetting the file and the preview (the import itself stays in the record). */
  reset(): void {
    this.#openSeq += 1;
    this.file = null;
    this.detected = null;
    this.overrides = DETECT;
    this.mappingEdited = false;
    this.team = null;
    this.droppedOthers = 0;
    this.opening = false;
    this.staging = false;
    this.fileError = null;
    this.stageError = null;
    this.view = null;
    this.restored = false;
    this.#clearRows(0);
    this.#clearResults();
  }

  /** Opens the native dialog, then reads the chosen file. */
  async pickFile(): Promise<void> {
    if (this.busy) return;
    this.fileError = null;
    try {
      const path = await ipc.importPickFile();
      if (path !== null) await this.open(path);
    } catch (error) {
      this.fileError = error;
    }
  }

  /** Reads a new file with everything detected. */
  async open(path: string): Promise<void> {
    if (this.running) return;
    this.reset();
    await this.#sniff(path, DETECT);
  }

  /** Files dropped on the window: the first is read, the others are only counted (one file per import). */
  async openDropped(paths: readonly string[]): Promise<void> {
    const [first] = paths;
    if (first === undefined || this.running || this.busy) return;
    this.reset();
    this.droppedOthers = paths.length - 1;
    await this.#sniff(first, DETECT);
  }

  setEncoding(encoding: string): Promise<void> {
    return this.#override({ encoding });
  }

  setDelimiter(delimiter: string): Promise<void> {
    return this.#override({ delimiter });
  }

  setHasHeader(hasHeader: boolean): Promise<void> {
    return this.#override({ has_header: hasHeader });
  }

  /** Maps `target` to column `index` (null: not in the file); shown at once, then confirmed by Rust. */
  async setMapping(target: MappingTarget, index: number | null): Promise<void> {
    const file = this.file;
    if (file === null) return;
    const mapping: ImportMapping = { ...file.mapping, [target]: index };
    this.#change({ ...this.overrides, mapping }, true, { ...file, mapping });
    await this.#sniff(file.path, this.overrides);
  }

  /** A different encoding, separator or header changes the columns: the mapping is detected again. */
  async #override(change: Partial<ImportOptionsInput>): Promise<void> {
    const file = this.file;
    if (file === null) return;
    this.#change({ ...this.overrides, ...change, mapping: null }, false, file);
    await this.#sniff(file.path, this.overrides);
  }

  #change(overrides: ImportOptionsInput, mappingEdited: boolean, file: ImportFileView): void {
    const before = { overrides: this.overrides, mappingEdited: this.mappingEdited, file: this.file };
    this.#rollback = () => {
      this.overrides = before.overrides;
      this.mappingEdited = before.mappingEdited;
      // A new object, so every select is set again from the file even where the value is the same.
      this.file = before.file === null ? null : { ...before.file };
    };
    this.overrides = overrides;
    this.mappingEdited = mappingEdited;
    this.file = file;
  }

  async #sniff(path: string, options: ImportOptionsInput): Promise<void> {
    const seq = ++this.#openSeq;
    const rollback = this.#rollback;
    this.#rollback = null;
    this.opening = true;
    this.fileError = null;
    this.stageError = null;
    try {
      const file = await ipc.importOpen(path, options);
      if (seq !== this.#openSeq) return;
      this.file = file;
      this.detected ??= { encoding: file.encoding, delimiter: file.delimiter, has_header: file.has_header };
    } catch (error) {
      if (seq !== this.#openSeq) return;
      this.fileError = error;
      rollback?.();
    } finally {
      if (seq === this.#openSeq) this.opening = false;
    }
  }

  /** Reads and checks every row with exactly the options on screen, then shows the preview. */
  async stage(): Promise<void> {
    const file = this.file;
    if (file === null || !this.canStage) return;
    const options: ImportOptionsInput = {
      encoding: file.encoding,
      delimiter: file.delimiter,
      has_header: file.has_header,
      mapping: file.mapping,
    };
    const seq = this.#openSeq;
    this.staging = true;
    this.fileError = null;
    this.stageError = null;
    try {
      const view = await ipc.importStage(file.path, options, this.team);
      if (seq !== this.#openSeq) return;
      this.#show(view);
      await this.#loadPages([0]);
    } catch (error) {
      if (seq === this.#openSeq) this.stageError = error;
    } finally {
      if (seq === this.#openSeq) this.staging = false;
    }
  }

  /** From the preview back to the columns of the same file (checking again stages a new import). */
  backToMapping(): void {
    if (this.file === null || this.running) return;
    this.view = null;
    this.restored = false;
    this.#clearRows(0);
    this.#clearResults();
  }

  #show(view: ImportView): void {
    this.view = view;
    this.filter = ALL_ROWS;
    this.#clearRows(view.counts.rows);
    this.#clearResults();
  }

  #clearResults(): void {
    this.dismissOutcome();
    this.exported = null;
    this.exportError = null;
    this.handoff = null;
    this.handoffError = null;
  }

  /** Forgets every cached page and any answer on its way; the table starts again from the top. */
  #clearRows(total: number): void {
    this.#rowsSeq += 1;
    this.#inFlight = new Set();
    this.#range = { start: 0, end: 0 };
    this.pages = new Map();
    this.rowsTotal = total;
    this.rowsError = null;
    this.listVersion += 1;
  }

  /** Shows only the rows matching `filter` (ALL_ROWS: every row). */
  async setFilter(filter: RowFilter): Promise<void> {
    const view = this.view;
    if (view === null) return;
    this.filter = filter;
    this.#clearRows(expectedTotal(view, filter));
    await this.#loadPages([0]);
  }

  /** Row `index` of the filtered list, if its page is cached. */
  rowAt(index: number): ImportRowView | undefined {
    return rowAt(this.pages, index);
  }

  /** The table shows rows `start` to `end` (excluded): fetches the pages not cached nor on their way. */
  async ensureRows(start: number, end: number): Promise<void> {
    if (this.view === null) return;
    this.#range = { start, end };
    const missing = pagesFor(start, end).filter((page) => !this.pages.has(page) && !this.#inFlight.has(page));
    if (missing.length > 0) await this.#loadPages(missing);
  }

  /**
   * Fetches `list` for the current import and filter. `replace`: the answers replace the whole cache at
   * once (after a run, so the table never flashes empty while the rows show their new state).
   */
  async #loadPages(list: number[], replace = false): Promise<void> {
    const view = this.view;
    if (view === null || list.length === 0) return;
    const seq = this.#rowsSeq;
    const inFlight = this.#inFlight;
    const filter = this.filter;
    for (const page of list) inFlight.add(page);
    const answers = await Promise.allSettled(
      list.map((page) => ipc.importRows(view.import_id, filter, page * PAGE_SIZE, PAGE_SIZE)),
    );
    for (const page of list) inFlight.delete(page);
    if (seq !== this.#rowsSeq) return;
    const next = new Map(replace ? [] : this.pages);
    let failure: unknown = null;
    answers.forEach((answer, i) => {
      if (answer.status === "fulfilled") {
        next.set(list[i]!, answer.value.rows);
        this.rowsTotal = answer.value.total;
      } else {
        failure = answer.reason;
      }
    });
    const around = Math.floor((this.#range.start + this.#range.end) / 2 / PAGE_SIZE);
    for (const page of pagesToEvict(next.keys(), around)) next.delete(page);
    this.pages = next;
    this.rowsError = failure;
  }

  /** Fetches again the rows on screen (their invitation state changed), keeping the filter and position. */
  async refreshRows(): Promise<void> {
    if (this.view === null) return;
    this.#rowsSeq += 1;
    this.#inFlight = new Set();
    const visible = pagesFor(this.#range.start, this.#range.end);
    await this.#loadPages(visible.length > 0 ? visible : [0], true);
  }

  async #reloadView(): Promise<void> {
    const view = this.view;
    if (view === null) return;
    try {
      const fresh = await ipc.importView(view.import_id);
      if (this.view?.import_id === fresh.import_id) this.view = fresh;
    } catch {
      // The preview keeps the counts it had; the run's own error is on screen.
    }
  }

  /** Invites the rows still to invite; progress, then the outcome, then the table shows the new states. */
  async invite(): Promise<void> {
    const view = this.view;
    if (view === null || !this.canInvite) return;
    let fresh = false;
    await this.send(
      async (onProgress) => {
        const result = await ipc.importInvite(view.import_id, onProgress);
        if (this.view?.import_id === result.view.import_id) {
          this.view = result.view;
          fresh = true;
        }
        return result.outcome;
      },
      // A run changes the rows' states, the record, the seats and step 5's status, even when it failed half way.
      async () => {
        if (!fresh) await this.#reloadView();
        await Promise.all([this.refreshRows(), invite.loadInvitations(false), app.reloadPlan(), app.reloadAccount()]);
      },
    );
  }

  /** Saves the results or the failed rows where the admin chooses; a cancelled dialog changes nothing. */
  async exportRows(kind: ExportKind): Promise<void> {
    const view = this.view;
    if (view === null || this.exporting !== null) return;
    this.exporting = kind;
    this.exported = null;
    this.exportError = null;
    try {
      const file = await ipc.importExport(view.import_id, kind);
      if (file !== null) this.exported = { kind, file };
    } catch (error) {
      this.exportError = error;
    } finally {
      this.exporting = null;
    }
  }

  /** Hand-off route: saves the clean file for the console (Rust opens the console's page). */
  async saveHandoffFile(): Promise<void> {
    const view = this.view;
    if (view === null || this.handingOff) return;
    this.handingOff = true;
    this.handoffError = null;
    try {
      const file = await ipc.importHandoffFile(view.import_id);
      if (file !== null) this.handoff = file;
    } catch (error) {
      this.handoffError = error;
    } finally {
      this.handingOff = false;
    }
  }

  async openConsoleAgain(): Promise<void> {
    if (this.handoff === null) return;
    try {
      await ipc.openExternal(this.handoff.console_url);
    } catch (error) {
      this.handoffError = error;
    }
  }

  /** The admin confirms the console import: the rows are recorded as handed off, with who and when. */
  async markHandedOff(): Promise<void> {
    const view = this.view;
    if (view === null || this.handingOff) return;
    this.handingOff = true;
    this.handoffError = null;
    try {
      this.view = await ipc.importMarkHandedOff(view.import_id);
      this.handoff = null;
    } catch (error) {
      this.handoffError = error;
    } finally {
      this.handingOff = false;
    }
    await Promise.all([this.refreshRows(), app.reloadPlan()]);
  }
}

export const importer = new ImportState();
