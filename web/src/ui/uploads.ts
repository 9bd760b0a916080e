import type { BedtimeApi, Upload } from "../api/client";
import { ApiProblem } from "../api/problems";
import { busy, byId, h, messageOf, pollDelay, showProblem, sleep } from "./dom";

/** Up to this size a file goes in the request body; larger ones through an upload session (the API's limits). */
const maxDirectBytes = 20 * 1024 * 1024;
const maxBytes = 200 * 1024 * 1024;
const waiting = new Set<Upload["status"]>(["pending", "receiving", "received", "scanning", "processing"]);

/** Upload from a file picker, then follow processing to ready (or the reason it was refused); list and delete. */
export class Uploads {
  private readonly form = byId<HTMLFormElement>("upload-form");
  private readonly file = byId<HTMLInputElement>("upload-file");
  private readonly problem = byId("upload-problem");
  private readonly list = byId<HTMLUListElement>("uploads");
  private items: Upload[] = [];

  constructor(private readonly api: BedtimeApi, private readonly changed: (uploads: Upload[]) => void, private readonly pollMs = 1000) {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  async load(): Promise<void> {
    try {
      this.items = (await this.api.uploads()).items;
      this.render();
      for (const upload of this.items.filter((u) => waiting.has(u.status))) void this.follow(upload.id);
    } catch (error) {
      showProblem(this.problem, error);
    }
  }

  private async submit(): Promise<void> {
    showProblem(this.problem, null);
    const file = this.file.files?.[0];
    if (!file) return showProblem(this.problem, new Error("Please choose a file first."));
    if (file.size > maxBytes) return showProblem(this.problem, new Error(`“${file.name}” is larger than 200 MB.`));
    try {
      const upload = await busy(this.form, () => file.size > maxDirectBytes ? this.api.uploadLarge(file) : this.api.upload(file));
      this.form.reset();
      this.upsert(upload);
      void this.follow(upload.id);
    } catch (error) {
      showProblem(this.problem, new Error(`“${file.name}” was not accepted: ${messageOf(error)}`));
    }
  }

  private async follow(id: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      await sleep(pollDelay(this.pollMs, attempt));
      try {
        const upload = await this.api.uploadById(id);
        this.upsert(upload);
        if (!waiting.has(upload.status)) return;
      } catch (error) {
        if (!(error instanceof ApiProblem) || error.status === 404 || !this.items.some((u) => u.id === id)) return; // gone
        // Busy or briefly unavailable: keep following, after the wait the API asked for.
        if (error.retryAfterSeconds) await sleep(error.retryAfterSeconds * 1000);
      }
    }
  }

  private upsert(upload: Upload): void {
    const index = this.items.findIndex((u) => u.id === upload.id);
    if (index >= 0) this.items[index] = upload;
    else this.items.unshift(upload);
    this.render();
  }

  private render(): void {
    this.list.replaceChildren(...(this.items.length ? this.items.map((u) => this.item(u))
      : [h("li", { class: "empty" }, "Nothing uploaded yet.")]));
    this.changed(this.items);
  }

  private item(upload: Upload): HTMLLIElement {
    const remove = h("button", { type: "button", class: "secondary", "aria-label": `Delete ${upload.fileName}` }, "Delete");
    remove.addEventListener("click", async () => {
      try {
        await this.api.deleteUpload(upload.id);
        this.items = this.items.filter((u) => u.id !== upload.id);
        this.render();
      } catch (error) {
        showProblem(this.problem, error);
      }
    });
    const detail = upload.status === "ready" ? upload.result?.summary ?? ""
      : upload.error?.message ?? (waiting.has(upload.status) ? "working on it…" : "");
    return h("li", { "data-status": upload.status },
      h("span", { class: "name" }, upload.fileName), " ",
      h("span", { class: `badge ${upload.status}` }, upload.status), " ",
      h("span", { class: "meta" }, detail), " ", remove);
  }
}
