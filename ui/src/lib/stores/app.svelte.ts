// What the whole window shows: app info, the plan, the Sales account, the selected step.

import type { AccountView } from "../bindings/AccountView";
import type { AppInfo } from "../bindings/AppInfo";
import type { Language } from "../bindings/Language";
import type { StepChange } from "../bindings/StepChange";
import type { StepId } from "../bindings/StepId";
import type { StepView } from "../bindings/StepView";
import * as ipc from "../ipc";
import { firstOpenStep } from "../plan";
import type { READINESS_VIEW } from "../readiness";
import { locale } from "./locale.svelte";

export type Phase = "loading" | "ready" | "failed" | "outside_tauri";

class AppState {
  phase = $state<Phase>("loading");
  startError = $state<unknown>(null);
  info = $state<AppInfo | null>(null);
  plan = $state<StepView[]>([]);
  account = $state<AccountView | null>(null);
  accountError = $state<unknown>(null);
  selectedId = $state<StepId | typeof READINESS_VIEW | null>(null);
  selected = $derived(this.plan.find((step) => step.id === this.selectedId) ?? null);

  async start(): Promise<void> {
    if (!ipc.insideTauri()) {
      this.phase = "outside_tauri";
      return;
    }
    this.phase = "loading";
    try {
      const [info, plan] = await Promise.all([ipc.appInfo(), ipc.setupPlan()]);
      this.info = info;
      locale.lang = info.language;
      this.plan = plan;
      this.selectedId ??= firstOpenStep(plan);
      this.startError = null;
      this.phase = "ready";
    } catch (error) {
      this.startError = error;
      this.phase = "failed";
      return;
    }
    await this.reloadAccount();
  }

  /** The Sales account's name and seats; only the HTTP route has them (the hand-off route has no API). */
  async reloadAccount(): Promise<void> {
    if (this.info?.environment.sales_route !== "http") {
      this.account = null;
      this.accountError = null;
      return;
    }
    try {
      this.account = await ipc.salesAccount();
      this.accountError = null;
    } catch (error) {
      this.accountError = error;
    }
  }

  async reloadPlan(): Promise<void> {
    try {
      this.plan = await ipc.setupPlan();
    } catch {
      // The plan on screen stays as it was; the next change or start reloads it.
    }
  }

  /** Records a status change; resolves to the error to show, or null. */
  async changeStatus(stepId: StepId, change: StepChange): Promise<unknown> {
    try {
      this.plan = await ipc.changeStepStatus(stepId, change);
      return null;
    } catch (error) {
      return error;
    }
  }

  /**
   * Saves the choice, then switches the window: texts that Rust writes (problem messages of an import) are
   * fetched again on the switch and must find the new language saved.
   */
  async chooseLanguage(language: Language): Promise<void> {
    try {
      await ipc.setLanguage(language);
    } catch (error) {
      // Not saved: the window takes the chosen language for this session anyway.
      console.warn("could not save the language", error);
    }
    locale.lang = language;
  }
}

export const app = new AppState();
