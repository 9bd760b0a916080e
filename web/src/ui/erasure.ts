import type { BedtimeApi, Erasure as ErasureState } from "../api/client";
import { byId, pollDelay, showProblem, sleep } from "./dom";

/** Asks before erasing everything, then follows the erasure job to its end and says what it removed. */
export class Erasure {
  private readonly section = byId("erasure");
  private readonly question = byId("erasure-question");
  private readonly confirm = byId<HTMLButtonElement>("erase-confirm");
  private readonly status = byId("erasure-status");
  private readonly problem = byId("erasure-problem");

  constructor(private readonly api: BedtimeApi, private readonly erased: () => void, private readonly pollMs = 1000) {
    byId("erase-data").addEventListener("click", () => this.ask());
    byId("erase-cancel").addEventListener("click", () => { this.section.hidden = true; });
    this.confirm.addEventListener("click", () => void this.erase());
  }

  private ask(): void {
    this.section.hidden = false;
    this.question.hidden = false;
    this.status.textContent = "";
    showProblem(this.problem, null);
    this.confirm.focus();
  }

  private async erase(): Promise<void> {
    this.confirm.disabled = true;
    showProblem(this.problem, null);
    try {
      let state = await this.api.eraseMyData();
      this.question.hidden = true;
      for (let attempt = 0; state.status === "queued" || state.status === "erasing"; attempt++) {
        this.status.textContent = `Erasing… ${counts(state)} so far.`;
        await sleep(pollDelay(this.pollMs, attempt));
        state = await this.api.erasure();
      }
      if (state.status === "failed") throw new Error(`The erasure could not finish (${state.error?.message ?? "unknown reason"}). Please try again.`);
      this.status.textContent = `Everything is erased: ${counts(state)}.`;
      this.erased();
    } catch (error) {
      this.question.hidden = false;
      showProblem(this.problem, error);
    } finally {
      this.confirm.disabled = false;
    }
  }
}

function counts(state: ErasureState): string {
  const { stories, uploads } = state.erased;
  return `${stories} ${stories === 1 ? "story" : "stories"} and ${uploads} ${uploads === 1 ? "upload" : "uploads"}`;
}
