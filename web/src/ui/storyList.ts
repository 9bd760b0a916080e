import type { BedtimeApi, Story } from "../api/client";
import { byId, formatDate, h, showProblem } from "./dom";

/** The parent's stories, newest first, ten at a time; each can be opened or deleted. */
export class StoryList {
  private readonly list = byId<HTMLUListElement>("stories");
  private readonly more = byId<HTMLButtonElement>("stories-more");
  private continuation: string | null = null;

  constructor(private readonly api: BedtimeApi, private readonly open: (story: Story) => void,
              private readonly deleted: (id: string) => void, private readonly problem: HTMLElement) {
    this.more.addEventListener("click", () => void this.load(false));
  }

  async load(fresh = true): Promise<void> {
    try {
      const page = await this.api.stories(fresh ? undefined : this.continuation ?? undefined);
      const items = page.items.map((story) => this.item(story));
      if (fresh) this.list.replaceChildren(...items);
      else this.list.append(...items);
      if (fresh && page.items.length === 0) this.showEmpty();
      this.continuation = page.continuation ?? null;
      this.more.hidden = !this.continuation;
    } catch (error) {
      showProblem(this.problem, error);
    }
  }

  private showEmpty(): void {
    this.list.replaceChildren(h("li", { class: "empty" }, "No stories yet."));
  }

  private item(story: Story): HTMLLIElement {
    const name = story.title ?? `A story for ${story.request.childName}`;
    const open = h("button", { type: "button", class: "link" }, name);
    open.addEventListener("click", () => this.open(story));
    const remove = h("button", { type: "button", class: "secondary", "aria-label": `Delete “${name}”` }, "Delete");
    const item = h("li", {}, open, h("span", { class: "meta" }, ` ${story.status} · ${formatDate(story.createdAt)} `), remove);
    remove.addEventListener("click", async () => {
      if (!confirm(`Delete “${name}”? This cannot be undone.`)) return;
      try {
        await this.api.deleteStory(story.id);
        item.remove();
        if (this.list.children.length === 0) this.showEmpty();
        this.deleted(story.id);
      } catch (error) {
        showProblem(this.problem, error);
      }
    });
    return item;
  }
}
