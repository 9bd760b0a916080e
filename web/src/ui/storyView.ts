import type { BedtimeApi, Story } from "../api/client";
import { ApiProblem } from "../api/problems";
import { byId, h, messageOf, pollDelay, sleep } from "./dom";
import { NarrationPlayer } from "./narrationPlayer";

const statusText: Record<Story["status"], string> = {
  queued: "Waiting for the storyteller…",
  writing: "Writing the story…",
  narrating: "Recording the narration…",
  completed: "Ready.",
  failed: "This story could not be made.",
};

/**
 * One story, followed until it is done: polled with its ETag (a 304 costs no body), read, and played — from its
 * first narrated segment on, with the sentence being read marked in the text. Audio links are short-lived: when the
 * player cannot load one (it expired), the story is read again for a fresh link.
 */
export class StoryView {
  private readonly section = byId("story");
  private readonly title = byId("story-title");
  private readonly status = byId("story-status");
  private readonly progress = byId<HTMLProgressElement>("story-progress");
  private readonly audio = byId<HTMLAudioElement>("story-audio");
  private readonly text = byId("story-text");
  private readonly player = new NarrationPlayer(this.audio, (segment, sentence) => this.markReading(segment, sentence));
  private watching = 0;
  private storyId: string | null = null;
  /** The link a refresh brought: if that one fails too, the problem is not expiry and asking again would loop. */
  private refreshedLink: string | null = null;

  constructor(private readonly api: BedtimeApi, private readonly changed: (story: Story) => void, private readonly pollMs = 1000) {
    this.audio.addEventListener("error", () => void this.refreshAudio());
    // A link that loaded may still expire later: then it is worth one more refresh.
    this.audio.addEventListener("loadeddata", () => (this.refreshedLink = null));
    this.audio.hidden = true;
  }

  get currentId(): string | null {
    return this.storyId;
  }

  /** Shows the story and follows it until it is completed or failed (or another story is shown). */
  async show(story: Story, focus = true): Promise<void> {
    const watch = ++this.watching;
    this.storyId = story.id;
    this.stopAudio();
    this.render(story);
    this.section.hidden = false;
    if (focus) this.title.focus();
    let etag: string | undefined;
    for (let attempt = 0; watch === this.watching && !isDone(story); attempt++) {
      await sleep(pollDelay(this.pollMs, attempt));
      if (watch !== this.watching) return;
      try {
        const answer = await this.api.story(story.id, etag);
        if (!answer) continue;
        ({ story, etag } = answer);
        this.render(story);
        if (isDone(story)) this.changed(story);
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) { this.hide(); return; }
        this.status.textContent = `${messageOf(error)} Still trying…`;
        await sleep(error instanceof ApiProblem && error.retryAfterSeconds ? error.retryAfterSeconds * 1000 : 3 * this.pollMs);
      }
    }
  }

  hide(): void {
    this.watching++;
    this.storyId = null;
    this.stopAudio();
    this.section.hidden = true;
  }

  /** Another story (or none) is shown: the narration playing must stop, not go on from a hidden player. */
  private stopAudio(): void {
    this.player.stop();
    this.refreshedLink = null;
  }

  private render(story: Story): void {
    this.title.textContent = story.title ?? `A story for ${story.request.childName}`;
    this.status.textContent = story.status === "failed" && story.error?.message
      ? `${statusText.failed} ${story.error.message}` : statusText[story.status];
    this.progress.value = story.progress;
    this.progress.hidden = isDone(story);
    const narrated = new Map((story.narration?.segments ?? []).map((s) => [s.paragraph ?? -1, s]));
    this.text.replaceChildren(...story.paragraphs.map((p, i) => {
      const segment = narrated.get(i);
      // A narrated paragraph as its sentences, so the one being read can be marked.
      return segment
        ? h("p", {}, ...segment.sentences.flatMap((s, j) => [h("span", { "data-segment": `${segment.index}`, "data-sentence": `${j}` }, s.text), " "]))
        : h("p", {}, p);
    }));
    this.player.update(story);
    if (story.status === "completed" && !story.audio && story.audioUnavailableReason) {
      this.status.textContent = `${statusText.completed} No narration: ${story.audioUnavailableReason}`;
    }
  }

  private markReading(segment: { index: number; paragraph?: number | null } | null, sentence: number | null): void {
    for (const old of this.section.querySelectorAll(".reading")) old.classList.remove("reading");
    if (!segment || sentence === null) return;
    const heard = segment.paragraph === null || segment.paragraph === undefined
      ? this.title
      : this.text.querySelector(`[data-segment="${segment.index}"][data-sentence="${sentence}"]`);
    heard?.classList.add("reading");
  }

  /** The link expired (or failed): read the story again for a fresh one, once per link the API gave. */
  private async refreshAudio(): Promise<void> {
    const failed = this.player.url;
    if (!this.storyId || !failed) return;
    if (failed === this.refreshedLink) {
      this.status.textContent = "The narration cannot be played just now. Please try again later.";
      return;
    }
    const watch = this.watching;
    try {
      const answer = await this.api.story(this.storyId);
      if (!answer || watch !== this.watching) return;
      this.player.relink(answer.story);
      this.refreshedLink = this.player.url;
      this.render(answer.story);
    } catch (error) {
      this.status.textContent = `The narration cannot be played: ${messageOf(error)}`;
    }
  }
}

const isDone = (story: Story) => story.status === "completed" || story.status === "failed";
