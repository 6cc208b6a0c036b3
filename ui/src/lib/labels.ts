// Pure translations of the codes the Rust side sends: step states, personas, verdicts, invitation states
// and reasons. Template-literal keys make svelte-check fail if a code of a union has no message.

import type { AddressCheck } from "./bindings/AddressCheck";
import type { HowDone } from "./bindings/HowDone";
import type { InvitationState } from "./bindings/InvitationState";
import type { InvitationView } from "./bindings/InvitationView";
import type { Language } from "./bindings/Language";
import type { LocalizedText } from "./bindings/LocalizedText";
import type { Persona } from "./bindings/Persona";
import type { StepState } from "./bindings/StepState";
import type { StepView } from "./bindings/StepView";
import { formatList } from "./format";
import { lookup, translate } from "./i18n";

export function localized(lang: Language, text: LocalizedText): string {
  return text[lang];
}

export function stepStateLabel(lang: Language, state: StepState): string {
  return translate(lang, `stepState.${state}`);
}

export function personaLabel(lang: Language, persona: Persona): string {
  return translate(lang, `persona.${persona}`);
}

export function howLabel(lang: Language, how: HowDone): string {
  return translate(lang, `how.${how}`);
}

/** "P1" for a prerequisite, "1" for a step: the short badge in the rail. */
export function stepBadge(id: string): string {
  return id.toUpperCase();
}

/** "Prerequisite P1" / "Step 5" above a step's title. */
export function stepKicker(lang: Language, step: Pick<StepView, "id" | "kind">): string {
  return translate(lang, `step.kicker.${step.kind}`, { id: stepBadge(step.id) });
}

/** How a step is named inside a sentence: "P1", "step 1" / "paso 1". */
export function stepRef(lang: Language, id: string): string {
  return /^\d+$/.test(id) ? translate(lang, "step.ref.step", { id }) : stepBadge(id);
}

export function stepRefs(lang: Language, ids: readonly string[]): string {
  return formatList(
    lang,
    ids.map((id) => stepRef(lang, id)),
  );
}

/** One entry's result: "Not a valid address: the address has no @", "Repeats entry 1", … */
export function verdictText(lang: Language, check: Pick<AddressCheck, "verdict" | "problem" | "duplicate_of">): string {
  switch (check.verdict) {
    case "invalid":
      return check.problem === null
        ? translate(lang, "verdict.invalid")
        : translate(lang, "verdict.invalidBecause", { problem: translate(lang, `problem.${check.problem}`) });
    case "duplicate_in_input":
      return translate(lang, "verdict.duplicate_in_input", { position: check.duplicate_of ?? "?" });
    default:
      return translate(lang, `verdict.${check.verdict}`);
  }
}

export function invitationStateLabel(lang: Language, state: InvitationState): string {
  return translate(lang, `invitationState.${state}`);
}

/** The reason shown for an invitation: its code translated, else the service's own message. */
export function invitationReason(lang: Language, invitation: Pick<InvitationView, "reason_code" | "reason_message">): string {
  if (invitation.reason_code !== null) {
    const known = lookup(lang, `reasonCode.${invitation.reason_code}`);
    if (known !== undefined) return known;
  }
  return invitation.reason_message ?? invitation.reason_code ?? "";
}
