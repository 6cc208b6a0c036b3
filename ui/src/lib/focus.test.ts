import { describe, expect, it } from "vitest";
import { FocusReturn, focusHeading, openModal, overflows, rescueFocus, trapTab, wrapTarget, type FocusTarget } from "./focus";

/** A control that records when it was focused. */
function control(name: string, log: string[], connected = true, rendered = true) {
  return {
    name,
    isConnected: connected,
    focus: () => log.push(name),
    getClientRects: () => ({ length: rendered ? 1 : 0 }),
  };
}

function tab(shiftKey = false) {
  const event = { key: "Tab", shiftKey, altKey: false, ctrlKey: false, metaKey: false, prevented: false, preventDefault() { this.prevented = true; } };
  return event;
}

describe("wrapTarget", () => {
  const items = ["close", "copy", "search"];

  it("wraps Tab from the last control to the first", () => {
    expect(wrapTarget(items, "search", false)).toBe("close");
  });

  it("wraps Shift+Tab from the first control to the last", () => {
    expect(wrapTarget(items, "close", true)).toBe("search");
  });

  it("leaves moves between inner controls to the browser", () => {
    expect(wrapTarget(items, "copy", false)).toBeNull();
    expect(wrapTarget(items, "copy", true)).toBeNull();
    expect(wrapTarget(items, "close", false)).toBeNull();
  });

  it("brings a focus that is outside back inside", () => {
    expect(wrapTarget(items, "page button", false)).toBe("close");
    expect(wrapTarget(items, null, true)).toBe("search");
  });

  it("has nothing to do without controls", () => {
    expect(wrapTarget([], "x", false)).toBeNull();
  });
});

describe("trapTab", () => {
  it("keeps Tab inside the dialog: from the last rendered control to the first", () => {
    const log: string[] = [];
    const first = control("close", log);
    const hidden = control("in closed details", log, true, false);
    const last = control("search", log);
    const container = { querySelectorAll: () => [first, last, hidden] } as unknown as ParentNode;
    const event = tab();
    trapTab(event, container, last);
    expect(event.prevented).toBe(true);
    expect(log).toEqual(["close"]);
  });

  it("keeps Shift+Tab inside the dialog: from the first control to the last", () => {
    const log: string[] = [];
    const first = control("close", log);
    const last = control("search", log);
    const container = { querySelectorAll: () => [first, last] } as unknown as ParentNode;
    const event = tab(true);
    trapTab(event, container, first);
    expect(event.prevented).toBe(true);
    expect(log).toEqual(["search"]);
  });

  it("lets the browser move Tab between inner controls and ignores other keys", () => {
    const log: string[] = [];
    const first = control("close", log);
    const last = control("search", log);
    const container = { querySelectorAll: () => [first, last] } as unknown as ParentNode;
    const event = tab();
    trapTab(event, container, first);
    expect(event.prevented).toBe(false);
    const enter = { ...tab(), key: "Enter" };
    trapTab(enter, container, last);
    expect(enter.prevented).toBe(false);
    expect(log).toEqual([]);
  });

  it("holds the focus where it is when the dialog has no control", () => {
    const event = tab();
    trapTab(event, { querySelectorAll: () => [] } as unknown as ParentNode, null);
    expect(event.prevented).toBe(true);
  });
});

describe("FocusReturn", () => {
  it("gives the focus back to the control that opened the dialog", () => {
    const log: string[] = [];
    const focusReturn = new FocusReturn();
    focusReturn.remember(control("about-open", log));
    focusReturn.restore(control("fallback", log));
    expect(log).toEqual(["about-open"]);
  });

  it("uses the fallback when the opener left the page, and forgets after restoring", () => {
    const log: string[] = [];
    const focusReturn = new FocusReturn();
    focusReturn.remember(control("removed", log, false));
    focusReturn.restore(control("fallback", log));
    focusReturn.restore(null);
    expect(log).toEqual(["fallback"]);
  });
});

describe("openModal", () => {
  it("shows the dialog, focuses its first control and remembers the opener", () => {
    const log: string[] = [];
    const dialog = { open: false, showModal() { this.open = true; log.push("showModal"); } };
    const focusReturn = new FocusReturn();
    openModal(dialog, focusReturn, control("env-switch", log), control("confirm", log));
    expect(dialog.open).toBe(true);
    expect(log).toEqual(["showModal", "confirm"]);
    focusReturn.restore();
    expect(log).toEqual(["showModal", "confirm", "env-switch"]);
  });

  it("does nothing to an open dialog (the opener stays the first one)", () => {
    const log: string[] = [];
    const dialog = { open: true, showModal: () => log.push("showModal") };
    const focusReturn = new FocusReturn();
    openModal(dialog, focusReturn, control("second", log), control("confirm", log));
    focusReturn.restore();
    expect(log).toEqual([]);
  });
});

describe("focusHeading", () => {
  function heading(attributes: Record<string, string>, log: string[]) {
    return {
      hasAttribute: (name: string) => name in attributes,
      setAttribute: (name: string, value: string) => void (attributes[name] = value),
      focus: () => log.push("heading"),
    } satisfies FocusTarget & { hasAttribute(n: string): boolean; setAttribute(n: string, v: string): void };
  }

  it("makes the heading focusable by script only and focuses it", () => {
    const attributes: Record<string, string> = {};
    const log: string[] = [];
    expect(focusHeading(heading(attributes, log))).toBe(true);
    expect(attributes).toEqual({ tabindex: "-1" });
    expect(log).toEqual(["heading"]);
  });

  it("keeps a tabindex the heading already has, and reports a missing heading", () => {
    const attributes: Record<string, string> = { tabindex: "0" };
    focusHeading(heading(attributes, []));
    expect(attributes).toEqual({ tabindex: "0" });
    expect(focusHeading(null)).toBe(false);
  });
});

describe("overflows", () => {
  const box = (scrollWidth: number, clientWidth: number, scrollHeight = 100, clientHeight = 100) => ({
    scrollWidth,
    clientWidth,
    scrollHeight,
    clientHeight,
  });

  it("says a table wider than its box scrolls (and so must be a Tab stop)", () => {
    expect(overflows(box(1400, 900))).toBe(true);
    expect(overflows(box(900, 900, 600, 260))).toBe(true);
  });

  it("does not count a box that fits, nor a pixel of rounding", () => {
    expect(overflows(box(900, 900))).toBe(false);
    expect(overflows(box(901, 900, 101, 100))).toBe(false);
  });
});

describe("rescueFocus", () => {
  const page = { name: "body" };

  it("gives a focus that fell to the page to the fallback", () => {
    const log: string[] = [];
    expect(rescueFocus(control("reopen-step", log), page, page)).toBe(true);
    expect(rescueFocus(control("first action", log), null, page)).toBe(true);
    expect(log).toEqual(["reopen-step", "first action"]);
  });

  it("leaves a focus that is on a control where it is", () => {
    const log: string[] = [];
    expect(rescueFocus(control("fallback", log), { name: "textarea" }, page)).toBe(false);
    expect(rescueFocus(null, page, page)).toBe(false);
    expect(log).toEqual([]);
  });
});
