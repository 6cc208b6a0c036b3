// Texts of the findings the Salesforce checks report: `finding.<code>` (what was found) and `fix.<code>`
// (what to do about a gap), in both languages. `{name}` placeholders are filled from the finding's params.

export const salesforceFindings = {
  en: {},
  es: {},
} as const;
