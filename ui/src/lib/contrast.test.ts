import { describe, expect, it } from "vitest";
import css from "../app.css?raw";
import { colourTokens, contrastRatio } from "./contrast";

const tokens = colourTokens(css);

/** The colour of token `name` (without its leading "--"); fails when the style sheet lost it. */
function colour(name: string, palette: Map<string, string> = tokens): string {
  const value = palette.get(`--${name}`);
  if (value === undefined) throw new Error(`app.css has no --${name}`);
  return value;
}

/** Text (4.5:1): every foreground token on every background it is drawn on. */
const TEXT: readonly [string, readonly string[]][] = [
  ["text", ["bg", "surface", "surface-muted", "neutral-soft", "accent-soft", "warn-soft", "ok-soft", "danger-soft"]],
  ["text-muted", ["bg", "surface", "surface-muted", "neutral-soft", "accent-soft", "info-soft", "warn-soft", "ok-soft", "danger-soft"]],
  ["accent", ["bg", "surface", "surface-muted", "accent-soft"]],
  ["on-accent", ["accent", "accent-hover", "danger"]],
  ["ok", ["surface", "surface-muted", "ok-soft"]],
  ["warn", ["surface", "surface-muted", "warn-soft"]],
  ["danger", ["surface", "surface-muted", "danger-soft"]],
  ["info", ["surface", "surface-muted", "info-soft"]],
  ["neutral", ["surface", "surface-muted", "neutral-soft"]],
  ["info-text", ["info-soft"]],
  ["ok-text", ["ok-soft"]],
  ["danger-text", ["danger-soft"]],
  ["marketo", ["marketo-soft"]],
  ["salesforce", ["salesforce-soft"]],
];

/** Non-text (3:1): the focus ring, the borders that show a control, the progress fills on their track. */
const NON_TEXT: readonly [string, readonly string[]][] = [
  ["focus", ["bg", "surface", "surface-muted", "accent-soft", "warn-soft", "ok-soft", "danger-soft"]],
  ["border-strong", ["surface", "surface-muted"]],
  ["accent", ["progress-track"]],
  ["progress-paused", ["progress-track"]],
];

function failures(pairs: readonly [string, readonly string[]][], minimum: number, palette = tokens): string[] {
  return pairs.flatMap(([foreground, backgrounds]) =>
    backgrounds
      .map((background) => ({ background, ratio: contrastRatio(colour(foreground, palette), colour(background, palette)) }))
      .filter(({ ratio }) => ratio < minimum)
      .map(({ background, ratio }) => `--${foreground} on --${background}: ${ratio.toFixed(2)}:1 (needs ${minimum}:1)`),
  );
}

describe("contrastRatio", () => {
  it("gives the WCAG figures for known pairs", () => {
    expect(contrastRatio("#000", "#fff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBe(1);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#fff", "#767676")).toBeCloseTo(contrastRatio("#767676", "#fff"), 10);
  });

  it("refuses what is not a hex colour", () => {
    expect(() => contrastRatio("red", "#fff")).toThrow(/not a #rgb/);
  });
});

describe("the palette in app.css", () => {
  it("has every token the checks name", () => {
    const named = [...TEXT, ...NON_TEXT].flatMap(([foreground, backgrounds]) => [foreground, ...backgrounds]);
    expect(named.filter((name) => !tokens.has(`--${name}`))).toEqual([]);
  });

  it("keeps text at 4.5:1 or more on its backgrounds", () => {
    expect(failures(TEXT, 4.5)).toEqual([]);
  });

  it("keeps the focus ring, control borders and progress fills at 3:1 or more", () => {
    expect(failures(NON_TEXT, 3)).toEqual([]);
  });

  it("would catch a low-contrast pick (the check itself can fail)", () => {
    const lighterMuted = new Map(tokens).set("--text-muted", "#9aa3ae");
    expect(failures(TEXT, 4.5, lighterMuted)).toContain("--text-muted on --surface: 2.55:1 (needs 4.5:1)");
    const paleFocus = new Map(tokens).set("--focus", "#9ec0f0");
    expect(failures(NON_TEXT, 3, paleFocus).length).toBeGreaterThan(0);
  });
});
