// Keyboard focus for dialogs, inline questions and step changes: where focus goes in, where it may not
// leave, and where it goes back to. Modal <dialog>s make the page behind inert, but WebKit still lets
// Tab walk out of the dialog into the window's own chrome, so the cycle is kept here.

/** What Tab can reach inside a container (before the visibility filter of `focusableIn`). */
export const FOCUSABLE = [
  "a[href]",
  "button:not([disabled])",
  "input:not([disabled]):not([type='hidden'])",
  "select:not([disabled])",
  "textarea:not([disabled])",
  "summary",
  "[tabindex]:not([tabindex='-1'])",
].join(", ");

/** Anything that can be given the focus. `isConnected` false means it left the page. */
export interface FocusTarget {
  focus(options?: FocusOptions): void;
  readonly isConnected?: boolean;
}

/**
 * Where Tab (or Shift+Tab when `backwards`) must go instead of the browser's default to stay inside
 * `items`, or null when the default move already stays inside. Focus outside the items (on the dialog
 * itself, or lost) is brought back to the first one (the last one going backwards).
 */
export function wrapTarget<T>(items: readonly T[], active: unknown, backwards: boolean): T | null {
  const first = items[0];
  const last = items[items.length - 1];
  if (first === undefined || last === undefined) return null;
  const index = items.indexOf(active as T);
  if (index === -1) return backwards ? last : first;
  if (backwards && index === 0) return last;
  if (!backwards && index === items.length - 1) return first;
  return null;
}

/** The controls Tab reaches inside `container`, in document order, skipping the ones not rendered. */
export function focusableIn(container: ParentNode): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.getClientRects().length > 0);
}

/** A keydown handler for a dialog: Tab and Shift+Tab cycle through its controls and never leave it. */
export function trapTab(
  event: Pick<KeyboardEvent, "key" | "shiftKey" | "altKey" | "ctrlKey" | "metaKey" | "preventDefault">,
  container: ParentNode,
  active: unknown = document.activeElement,
): void {
  if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
  const items = focusableIn(container);
  if (items.length === 0) {
    event.preventDefault();
    return;
  }
  const target = wrapTarget(items, active, event.shiftKey);
  if (target !== null) {
    event.preventDefault();
    target.focus();
  }
}

/** Remembers what had the focus before a dialog or a question opened, and gives it back on close. */
export class FocusReturn {
  private opener: FocusTarget | null = null;

  remember(active: FocusTarget | null): void {
    this.opener = active;
  }

  /** Focuses the remembered control if it is still on the page, else `fallback`; forgets it either way. */
  restore(fallback: FocusTarget | null = null): void {
    const opener = this.opener;
    this.opener = null;
    const target = opener !== null && opener.isConnected !== false ? opener : fallback;
    target?.focus();
  }
}

/** What `openModal` needs of a <dialog>. */
export interface ModalDialog {
  readonly open: boolean;
  showModal(): void;
}

/**
 * Opens `dialog` as a modal, remembering `active` (the control that opened it) in `focusReturn`, and
 * moves the focus to `initial` (its first control unless given). Does nothing if it is already open.
 */
export function openModal(
  dialog: ModalDialog,
  focusReturn: FocusReturn,
  active: FocusTarget | null,
  initial: FocusTarget | null,
): void {
  if (dialog.open) return;
  focusReturn.remember(active);
  dialog.showModal();
  initial?.focus();
}

/** The element that has the focus now, as something focus can return to. */
export function activeElement(): HTMLElement | null {
  const active = document.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}

/** What `focusHeading` needs of a heading element. */
export interface HeadingTarget extends FocusTarget {
  hasAttribute(name: string): boolean;
  setAttribute(name: string, value: string): void;
}

/**
 * Moves the focus to a heading that is not a control (a step's title after it was opened), so a screen
 * reader announces where the admin now is. tabindex=-1 makes it focusable by script, not by Tab.
 */
export function focusHeading(heading: HeadingTarget | null): boolean {
  if (heading === null) return false;
  if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
  heading.focus();
  return true;
}

/** The sizes that say whether a box scrolls. */
export interface ScrollBox {
  readonly scrollWidth: number;
  readonly clientWidth: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

/** Whether the box's content is larger than the box (a pixel of rounding is not a scroll). */
export function overflows(box: ScrollBox): boolean {
  return box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
}

/**
 * Svelte action for a box that may scroll (a wide table in Spanish, a long list): while it scrolls it is a
 * Tab stop, so the keyboard can scroll it with the arrow keys (WCAG 2.1.1, axe "scrollable-region-focusable");
 * while it does not, it is not one. The box needs a name (role=region + aria-label) for when it is.
 */
export function keyboardScrollable(node: HTMLElement): { destroy(): void } {
  const update = (): void => {
    if (overflows(node)) node.setAttribute("tabindex", "0");
    else node.removeAttribute("tabindex");
  };
  const observer = new ResizeObserver(update);
  observer.observe(node);
  if (node.firstElementChild) observer.observe(node.firstElementChild);
  update();
  return { destroy: () => observer.disconnect() };
}

/**
 * After a change that may have removed the focused control (a button replaced by the next state's ones, a
 * form closed after saving): if the focus fell to the page, gives it to `fallback` so the keyboard goes on
 * from the same place instead of the top of the window. True when it moved the focus.
 */
export function rescueFocus(
  fallback: FocusTarget | null,
  active: unknown = document.activeElement,
  page: unknown = document.body,
): boolean {
  if (fallback === null || (active !== null && active !== page)) return false;
  fallback.focus();
  return true;
}
