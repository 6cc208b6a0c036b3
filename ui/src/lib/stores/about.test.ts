import { beforeEach, describe, expect, it, vi } from "vitest";
import type { About } from "../bindings/About";
import type { Licence } from "../bindings/Licence";

vi.mock("../ipc", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../ipc")>()),
  about: vi.fn(),
}));

import * as ipc from "../ipc";
import { filterLicences } from "../about";
import { about } from "./about.svelte";

const licences: Licence[] = [
  { name: "serde", version: "1.0.228", license: "MIT OR Apache-2.0", ecosystem: "crate" },
  { name: "rusqlite", version: "0.38.0", license: "MIT", ecosystem: "crate" },
  { name: "ring", version: "0.17.14", license: "Apache-2.0 AND ISC", ecosystem: "crate" },
  { name: "@tauri-apps/api", version: "2.12.5", license: "Apache-2.0 OR MIT", ecosystem: "npm" },
  { name: "odd", version: "0.1.0", license: null, ecosystem: "crate" },
];
const info: About = { version: "0.1.0", data_dir: "/home/ana/.local/share/x", log_dir: "/home/ana/.local/share/x/logs", licences };

beforeEach(() => {
  vi.mocked(ipc.about).mockReset();
  about.close();
});

describe("the licence filter", () => {
  it("matches every word against name, version, licence and ecosystem, case-insensitively", () => {
    expect(filterLicences(licences, "")).toEqual(licences);
    expect(filterLicences(licences, "  ").map((l) => l.name)).toHaveLength(5);
    expect(filterLicences(licences, "SERDE").map((l) => l.name)).toEqual(["serde"]);
    expect(filterLicences(licences, "isc").map((l) => l.name)).toEqual(["ring"]);
    expect(filterLicences(licences, "npm mit").map((l) => l.name)).toEqual(["@tauri-apps/api"]);
    expect(filterLicences(licences, "mit apache").map((l) => l.name)).toEqual(["serde", "@tauri-apps/api"]);
    expect(filterLicences(licences, "gpl")).toEqual([]);
  });
});

describe("the About dialog's state", () => {
  it("loads on opening, filters as the query changes, and clears the query on the next opening", async () => {
    vi.mocked(ipc.about).mockResolvedValue(info);
    const opening = about.show();
    expect(about.open).toBe(true);
    expect(about.loading).toBe(true);
    await opening;
    expect(about.loading).toBe(false);
    expect(about.about?.version).toBe("0.1.0");
    expect(about.licences).toHaveLength(5);
    about.query = "rusq";
    expect(about.licences.map((l) => l.name)).toEqual(["rusqlite"]);
    about.close();
    expect(about.open).toBe(false);
    await about.show();
    expect(about.query).toBe("");
    expect(about.licences).toHaveLength(5);
    expect(ipc.about).toHaveBeenCalledTimes(2);
  });

  it("keeps the error to show when the command fails, and stays open", async () => {
    const failure = new ipc.IpcError({ code: "about", message: "unreadable", detail: null });
    vi.mocked(ipc.about).mockRejectedValue(failure);
    await about.show();
    expect(about.open).toBe(true);
    expect(about.loading).toBe(false);
    expect(about.error).toBe(failure);
  });
});
