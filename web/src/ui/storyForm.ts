import type { BedtimeApi, Story, StoryRequest, Upload } from "../api/client";
import { ApiProblem } from "../api/problems";
import { busy, byId, h, showFieldErrors, showProblem } from "./dom";

const maxInspirations = 5;

/** The "new story" form: voices from the API, ready uploads as inspiration, problems shown per field. */
export class StoryForm {
  private readonly form = byId<HTMLFormElement>("story-form");
  private readonly problem = byId("story-problem");
  private readonly narrate = byId<HTMLInputElement>("narrate");
  private readonly voice = byId<HTMLSelectElement>("voice");
  /** Kept until the story is accepted or the form changes: a retry after a lost answer cannot create it twice. */
  private idempotencyKey: string | null = null;

  constructor(private readonly api: BedtimeApi, private readonly created: (story: Story) => void) {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
    this.form.addEventListener("input", () => (this.idempotencyKey = null));
    this.narrate.addEventListener("change", () => (this.voice.disabled = !this.narrate.checked));
  }

  async loadVoices(): Promise<void> {
    const voices = await this.api.voices();
    this.voice.replaceChildren(h("option", { value: "" }, "The usual voice"),
      ...voices.map((v) => h("option", { value: v.id }, `${v.name} — ${v.description}`)));
  }

  /** Offers the ready uploads as inspiration, keeping what was ticked. */
  showInspirations(uploads: Upload[]): void {
    const choices = byId("inspiration-choices");
    const ticked = new Set([...choices.querySelectorAll<HTMLInputElement>("input:checked")].map((c) => c.value));
    const ready = uploads.filter((u) => u.status === "ready");
    byId("inspiration").hidden = ready.length === 0;
    choices.replaceChildren(...ready.map((upload) => {
      const id = `inspiration-${upload.id}`;
      const box = h("input", { type: "checkbox", id, name: "uploadIds", value: upload.id });
      box.checked = ticked.has(upload.id);
      return h("div", { class: "inline" }, box, h("label", { for: id }, upload.fileName));
    }));
  }

  private request(): StoryRequest {
    const value = (name: string) => (this.form.elements.namedItem(name) as HTMLInputElement).value.trim();
    const optional = (name: string) => value(name) || null;
    const uploadIds = [...this.form.querySelectorAll<HTMLInputElement>("input[name=uploadIds]:checked")].map((c) => c.value);
    return {
      childName: value("childName"),
      age: Number(value("age")),
      theme: value("theme"),
      setting: optional("setting"),
      moral: optional("moral"),
      length: value("length") as StoryRequest["length"],
      narration: { enabled: this.narrate.checked, voice: this.narrate.checked ? (this.voice.value || null) as never : null },
      uploadIds: uploadIds.length ? uploadIds : null,
    };
  }

  private async submit(): Promise<void> {
    showProblem(this.problem, null);
    showFieldErrors(this.form, {});
    const request = this.request();
    const local = this.check(request);
    if (Object.keys(local).length) {
      showFieldErrors(this.form, local);
      showProblem(this.problem, new Error("Please check the fields marked above."));
      this.form.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
      return;
    }
    this.idempotencyKey ??= crypto.randomUUID();
    try {
      const story = await busy(this.form, () => this.api.createStory(request, this.idempotencyKey!));
      this.idempotencyKey = null;
      this.created(story);
    } catch (error) {
      if (error instanceof ApiProblem) showFieldErrors(this.form, error.fieldErrors);
      showProblem(this.problem, error);
    }
  }

  /** What the browser can tell before asking: the API checks everything again and its answer wins. */
  private check(request: StoryRequest): Record<string, string[]> {
    const errors: Record<string, string[]> = {};
    if (!request.childName) errors.childName = ["Please give the child's name."];
    if (!Number.isInteger(request.age) || request.age < 1 || request.age > 12) errors.age = ["The age must be a whole number from 1 to 12."];
    if (!request.theme) errors.theme = ["Please give a theme."];
    if ((request.uploadIds?.length ?? 0) > maxInspirations) errors.uploadIds = [`Choose at most ${maxInspirations} uploads.`];
    return errors;
  }
}
