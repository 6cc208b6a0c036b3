// The About dialog: opened from the header, loads once per opening (the log folder may appear after start),
// and filters its licence list as the user types.

import type { About } from "../bindings/About";
import { filterLicences } from "../about";
import * as ipc from "../ipc";

class AboutState {
  open = $state(false);
  loading = $state(false);
  about = $state.raw<About | null>(null);
  error = $state<unknown>(null);
  query = $state("");
  licences = $derived(filterLicences(this.about?.licences ?? [], this.query));

  async show(): Promise<void> {
    this.open = true;
    this.query = "";
    this.error = null;
    this.loading = true;
    try {
      this.about = await ipc.about();
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  close(): void {
    this.open = false;
  }
}

export const about = new AboutState();
