// The people-readiness view: every invited person across the Sales account, Salesforce and Marketo as Rust
// reports them, the filter chips and text filter, and the CSV export (Rust asks where to save and writes it).

import type { PersonReadiness } from "../bindings/PersonReadiness";
import type { SavedFile } from "../bindings/SavedFile";
import * as ipc from "../ipc";
import { filterPeople, readinessCounts, type ReadinessFilter } from "../readiness";

class ReadinessState {
  people = $state.raw<PersonReadiness[]>([]);
  /** A list arrived at least once (before that, "nobody invited" would be a guess). */
  loaded = $state(false);
  loading = $state(false);
  error = $state<unknown>(null);
  filter = $state<ReadinessFilter>("all");
  search = $state("");

  exporting = $state(false);
  exported = $state.raw<SavedFile | null>(null);
  exportError = $state<unknown>(null);

  counts = $derived(readinessCounts(this.people));
  shown = $derived(filterPeople(this.people, this.filter, this.search));

  #seq = 0;
  /** Environment whose people are held (undefined: none yet). */
  #environment: string | null | undefined = undefined;

  /** Opening the view: reads every system again, first forgetting the people of another environment. */
  async open(environment: string | null): Promise<void> {
    if (environment !== this.#environment) {
      this.reset();
      this.#environment = environment;
    }
    await this.load();
  }

  /** Reads every system again; a slower earlier answer never replaces a newer one. */
  async load(): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    try {
      const people = await ipc.readiness();
      if (seq !== this.#seq) return;
      this.people = people;
      this.loaded = true;
      this.error = null;
    } catch (error) {
      if (seq === this.#seq) this.error = error;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }

  /** Another environment: its people are not these. */
  reset(): void {
    this.#seq += 1;
    this.people = [];
    this.loaded = false;
    this.loading = false;
    this.error = null;
    this.exported = null;
    this.exportError = null;
  }

  setFilter(filter: ReadinessFilter): void {
    this.filter = filter;
  }

  /** A cancelled dialog shows nothing (and clears an older notice). */
  async exportCsv(): Promise<void> {
    if (this.exporting) return;
    this.exporting = true;
    this.exported = null;
    this.exportError = null;
    try {
      this.exported = await ipc.exportReadiness();
    } catch (error) {
      this.exportError = error;
    } finally {
      this.exporting = false;
    }
  }
}

export const readiness = new ReadinessState();
