import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckReport } from "../bindings/CheckReport";
import type { InviteOutcome } from "../bindings/InviteOutcome";

vi.mock("../ipc", () => ({
  checkAddresses: vi.fn(),
  inviteAddresses: vi.fn(),
  sendQueued: vi.fn(),
  listInvitations: vi.fn(async () => []),
  setupPlan: vi.fn(async () => []),
  salesAccount: vi.fn(async () => ({ name: "Acme", seats_total: 100, seats_used: 3, seats_left: 97, teams: [] })),
  pauseSending: vi.fn(async () => true),
  cancelSending: vi.fn(async () => true),
}));

import * as ipc from "../ipc";
import { CHECK_DELAY_MS, invite } from "./invite.svelte";

const report = (ready: number): CheckReport => ({
  items: [],
  counts: { total: ready, ready, invalid: 0, duplicates: 0, already: 0, over_seats: 0 },
  seats_left: 97,
});

const sent: InviteOutcome = {
  checked: report(1).counts,
  queued: 1,
  sent: 1,
  failed: 0,
  skipped: 0,
  unconfirmed: 0,
  left_queued: 0,
  cancelled: false,
};

beforeEach(() => {
  vi.useFakeTimers();
  vi.mocked(ipc.checkAddresses).mockReset();
  vi.mocked(ipc.inviteAddresses).mockReset();
  invite.setText("");
});

afterEach(() => {
  vi.useRealTimers();
});

describe("live check", () => {
  it("checks once, after typing pauses, with the latest text", async () => {
    vi.mocked(ipc.checkAddresses).mockResolvedValue(report(2));
    invite.setText("a@x.com");
    invite.setText("a@x.com b@x.com");
    expect(invite.checking).toBe(true);
    expect(invite.canSend).toBe(false);
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS - 10);
    expect(ipc.checkAddresses).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(ipc.checkAddresses).toHaveBeenCalledTimes(1);
    expect(ipc.checkAddresses).toHaveBeenCalledWith("a@x.com b@x.com");
    expect(invite.report?.counts.ready).toBe(2);
    expect(invite.checking).toBe(false);
    expect(invite.canSend).toBe(true);
  });

  it("drops an answer that arrives after the text changed", async () => {
    let answerFirst: (value: CheckReport) => void = () => {};
    vi.mocked(ipc.checkAddresses)
      .mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)))
      .mockResolvedValueOnce(report(5));
    invite.setText("first@x.com");
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS);
    invite.setText("second@x.com");
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS);
    answerFirst(report(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(invite.report?.counts.ready).toBe(5);
  });

  it("clears the check when the box is emptied, without calling Rust", async () => {
    vi.mocked(ipc.checkAddresses).mockResolvedValue(report(1));
    invite.setText("a@x.com");
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS);
    invite.setText("   ");
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS);
    expect(ipc.checkAddresses).toHaveBeenCalledTimes(1);
    expect(invite.report).toBeNull();
    expect(invite.canSend).toBe(false);
  });
});

describe("sending", () => {
  it("invites, shows the outcome, clears the box and reloads the record", async () => {
    vi.mocked(ipc.checkAddresses).mockResolvedValue(report(1));
    vi.mocked(ipc.inviteAddresses).mockImplementation(async (_text, _team, onProgress) => {
      expect(invite.running).toBe(true);
      onProgress({ done: 0, total: 1, sent: 0, failed: 0, skipped: 0, per_second: 0, eta_seconds: null, current: null, paused: false });
      expect(invite.progress?.total).toBe(1);
      return sent;
    });
    invite.setText("a@x.com");
    await vi.advanceTimersByTimeAsync(CHECK_DELAY_MS);
    invite.teamId = "team-2";
    await invite.invite();
    expect(ipc.inviteAddresses).toHaveBeenCalledWith("a@x.com", "team-2", expect.any(Function));
    expect(invite.outcome).toEqual(sent);
    expect(invite.running).toBe(false);
    expect(invite.text).toBe("");
    expect(invite.report).toBeNull();
    expect(ipc.listInvitations).toHaveBeenCalledWith(false);
    expect(ipc.setupPlan).toHaveBeenCalled();
  });

  it("keeps the text and shows the error when the run fails", async () => {
    vi.mocked(ipc.inviteAddresses).mockRejectedValue({ code: "run_in_progress", message: "busy", detail: null });
    invite.setText("a@x.com");
    await invite.invite();
    expect(invite.runError).toMatchObject({ code: "run_in_progress" });
    expect(invite.outcome).toBeNull();
    expect(invite.text).toBe("a@x.com");
    expect(invite.running).toBe(false);
  });
});

describe("invitations record", () => {
  it("still shows the local record when the Sales account cannot be asked", async () => {
    const row = { id: "1", email: "a@x.com", state: "queued" } as never;
    vi.mocked(ipc.listInvitations)
      .mockRejectedValueOnce({ code: "sales_account_network", message: "cannot reach", params: {}, detail: null })
      .mockResolvedValueOnce([row]);
    await invite.loadInvitations(true);
    expect(vi.mocked(ipc.listInvitations).mock.calls.slice(-2)).toEqual([[true], [false]]);
    expect(invite.invitations).toEqual([row]);
    expect(invite.queuedCount).toBe(1);
    expect(invite.invitationsError).toMatchObject({ code: "sales_account_network" });
    expect(invite.loadingInvitations).toBe(false);
  });
});
