import type { Story } from "../api/client";

type Segment = NonNullable<Story["narration"]>["segments"][number];

/** What the player holds: one segment (its index), the joined narration, or nothing. */
type Source = number | "joined" | null;

/**
 * Plays a story's narration as it arrives: segment after segment while the story is still being made (the title
 * first, within seconds), or the joined file when it exists before playing starts. Tells which sentence is being
 * read, from the timings the API measured on the synthesised audio.
 */
export class NarrationPlayer {
  private segments: Segment[] = [];
  private joined: string | null = null;
  private source: Source = null;
  /** The segment playing ended before the next one existed: play that one as soon as it comes. */
  private waiting = false;

  constructor(
    private readonly audio: HTMLAudioElement,
    private readonly reading: (segment: Segment | null, sentence: number | null) => void,
  ) {
    audio.addEventListener("ended", () => this.advance());
    audio.addEventListener("timeupdate", () => this.mark());
  }

  /** The link in the player now. */
  get url(): string | null {
    return this.audio.getAttribute("src");
  }

  /** The story as last read: new segments to play, the joined file once it exists. */
  update(story: Story): void {
    this.segments = story.narration?.segments ?? [];
    this.joined = story.audio?.url ?? null;
    const untouched = this.audio.paused && this.audio.currentTime === 0 && !this.waiting;
    if (this.source === null || (this.joined && this.source !== "joined" && untouched)) {
      // Not started yet: the whole narration in one file once it exists (seekable end to end), else the first segment.
      if (this.joined) this.load("joined");
      else if (this.segments.length > 0) this.load(0);
    } else if (this.waiting && typeof this.source === "number" && this.source + 1 < this.segments.length) {
      this.load(this.source + 1);
      void this.audio.play();
    }
  }

  /** The link in the player failed (it expired): the same audio from a fresh answer, at the same place. */
  relink(story: Story): void {
    const at = this.audio.currentTime;
    const source = this.source;
    this.segments = story.narration?.segments ?? [];
    this.joined = story.audio?.url ?? null;
    if (source === null) return this.update(story);
    this.load(source);
    this.audio.addEventListener("loadedmetadata", () => (this.audio.currentTime = at), { once: true });
  }

  stop(): void {
    this.audio.pause();
    this.audio.removeAttribute("src");
    this.audio.load();
    this.audio.hidden = true;
    this.source = null;
    this.waiting = false;
    this.reading(null, null);
  }

  private load(source: Exclude<Source, null>): void {
    const url = source === "joined" ? this.joined : this.segments[source]?.url;
    if (!url) return;
    this.source = source;
    this.waiting = false;
    this.audio.src = url;
    this.audio.hidden = false;
  }

  private advance(): void {
    if (typeof this.source !== "number") return;
    if (this.source + 1 < this.segments.length) {
      this.load(this.source + 1);
      void this.audio.play();
    } else {
      this.waiting = true;
    }
  }

  /** Which sentence is heard now: in the segment playing, or in the joined file by the segments' start times. */
  private mark(): void {
    let segment: Segment | undefined;
    let at = this.audio.currentTime;
    if (this.source === "joined") {
      segment = this.segments.find((s) => at >= s.startSeconds && at < s.startSeconds + s.durationSeconds);
      at -= segment?.startSeconds ?? 0;
    } else if (typeof this.source === "number") {
      segment = this.segments[this.source];
    }
    const sentence = segment?.sentences.findIndex((s) => at >= s.startSeconds && at < s.endSeconds) ?? -1;
    this.reading(segment ?? null, sentence >= 0 ? sentence : null);
  }
}
