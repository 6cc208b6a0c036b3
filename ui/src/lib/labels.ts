// Pure translations of the codes the Rust side sends: step states, personas, verdicts, invitation states
// and reasons. Template-literal keys make svelte-check fail if a code of a union has no message.

import type { AddressCheck } from "./bindings/AddressCheck";
import type { HowDone } from "./bindings/HowDone";
import type { InvitationState } from "./bindings/InvitationState";
import type { InvitationView } from "./bindings/InvitationView";
import type { Language } from "./bindings/Language";
import type { LocalizedText } from "./bindings/LocalizedText";
import type { Persona } from "./bindings/Persona";
import type { StepId } from "./bindings/StepId";
import type { StepState } from "./bindings/StepState";
import type { StepView } from "./bindings/StepView";
import type { Team } from "./bindings/Team";
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
export function stepBadge(id: StepId): string {
  return id.toUpperCase();
}

/** "Prerequisite P1" / "Step 5" above a step's title. */
export function stepKicker(lang: Language, step: Pick<StepView, "id" | "kind">): string {
  return translate(lang, `step.kicker.${step.kind}`, { id: stepBadge(step.id) });
}

/** How a step is named inside a sentence: "P1", "step 1" / "paso 1". */
export function stepRef(lang: Language, id: StepId): string {
  return /^\d+$/.test(id) ? translate(lang, "step.ref.step", { id }) : stepBadge(id);
}

export function stepRefs(lang: Language, ids: readonly StepId[]): string {
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

/**
 * The reason shown for an invitation: its code translated; a refusal code the window has no text for is
 * named inside a translated sentence (the record's English message is never the text shown).
 */
export function invitationReason(lang: Language, invitation: Pick<InvitationView, "reason_code" | "reason_message">): string {
  const code = invitation.reason_code;
  if (code === null) return "";
  return lookup(lang, `reasonCode.${code}`) ?? translate(lang, "reasonCode.refusedUnknown", { code });
}

/** The name the Sales account gives its default team, in English whatever the admin's language. */
export const SERVICE_DEFAULT_TEAM_NAME = "Everyone";

/**
 * How a team is named in the window: the account's default team, while it still has the service's
 * untranslated name, reads "Todos" in Spanish; any other team — a renamed default one too — keeps its name.
 */
export function teamLabel(lang: Language, team: Pick<Team, "name" | "default">): string {
  return team.default && team.name === SERVICE_DEFAULT_TEAM_NAME ? translate(lang, "team.default.everyone") : team.name;
}

/**
 * A team known by its name only (an invitation, an import row): the account's teams say whether it is the
 * default one; without them (no account read yet) the service's default name is taken as the default team.
 */
export function teamNameLabel(lang: Language, name: string, teams: readonly Pick<Team, "name" | "default">[]): string {
  const team = teams.find((known) => known.name === name) ?? { name, default: teams.length === 0 };
  return teamLabel(lang, team);
}
