// The step 1, 4 and 7 wrappers send their commands with the argument names Rust expects, and every code
// these commands send has a message in both languages.

import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", async () => (await import("../testing/fixtures")).tauriCore());
vi.mock("@tauri-apps/plugin-opener", () => ({ openUrl: vi.fn() }));

import { Channel, invoke } from "@tauri-apps/api/core";
import type { OverlapProgress } from "../bindings/OverlapProgress";
import { lookup } from "../i18n";
import * as ipc from "../ipc";
import { PERSON_SKIP_REASONS, SYNC_STATUSES } from "../testing/codes";

const invokeMock = vi.mocked(invoke);

beforeEach(() => {
  invokeMock.mockReset();
  invokeMock.mockResolvedValue(null);
});

describe("step action wrappers", () => {
  const cases: [string, () => Promise<unknown>, string, Record<string, unknown> | undefined][] = [
    ["marketoAdmins", () => ipc.marketoAdmins(), "marketo_admins", undefined],
    ["inviteMarketoAdmins", () => ipc.inviteMarketoAdmins(["a@x.com"]), "invite_marketo_admins", { emails: ["a@x.com"] }],
    ["syncFields", () => ipc.syncFields(), "sync_fields", undefined],
    ["startSync", () => ipc.startSync(), "start_sync", undefined],
    ["syncProgress", () => ipc.syncProgress("job-1"), "sync_progress", { jobId: "job-1" }],
    ["planSalesforceRemoteSites", () => ipc.planSalesforceRemoteSites(), "plan_salesforce_remote_sites", undefined],
    ["createSalesforceRemoteSites", () => ipc.createSalesforceRemoteSites(), "create_salesforce_remote_sites", undefined],
    ["removeSalesforceRemoteSite", () => ipc.removeSalesforceRemoteSite("0rp1"), "remove_salesforce_remote_site", { salesforceId: "0rp1" }],
    ["planSalesforcePermissionSet", () => ipc.planSalesforcePermissionSet(), "plan_salesforce_permission_set", undefined],
    ["assignSalesforcePermissionSet", () => ipc.assignSalesforcePermissionSet(null), "assign_salesforce_permission_set", { emails: null }],
    [
      "unassignSalesforcePermissionSet",
      () => ipc.unassignSalesforcePermissionSet("0Pa1"),
      "unassign_salesforce_permission_set",
      { assignmentId: "0Pa1" },
    ],
  ];
  for (const [name, run, command, args] of cases) {
    it(name, async () => {
      await run();
      if (args === undefined) expect(invokeMock).toHaveBeenCalledWith(command, undefined);
      else expect(invokeMock).toHaveBeenCalledWith(command, args);
    });
  }

  it("countOverlap hands Rust a channel whose messages reach the callback", async () => {
    const seen: OverlapProgress[] = [];
    await ipc.countOverlap((progress) => seen.push(progress));
    const [command, args] = invokeMock.mock.calls[0]!;
    expect(command).toBe("count_overlap");
    const channel = (args as { onProgress: Channel<OverlapProgress> }).onProgress;
    expect(channel).toBeInstanceOf(Channel);
    const progress: OverlapProgress = { done: 1, total: 2, found: 1, calls: 1, rate: 1, eta_secs: null, paused: false };
    channel.onmessage(progress);
    expect(seen).toEqual([progress]);
  });
});

describe("every code the step actions send has a message in both languages", () => {
  const families: [string, readonly string[]][] = [
    ["s4.job.status", SYNC_STATUSES],
    ["s7.skip", PERSON_SKIP_REASONS],
  ];
  for (const [prefix, codes] of families) {
    it(prefix, () => {
      for (const lang of ["en", "es"] as const) {
        for (const code of codes) expect(lookup(lang, `${prefix}.${code}`), `${lang} ${prefix}.${code}`).toBeTypeOf("string");
      }
    });
  }
});
