// What a parent does in the web app, step by step, for the browser tests.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { root } from "./app.mjs";

export const uniqueUser = (what) => `${what}-${randomUUID().slice(0, 8)}`;

export async function signIn(page, web, user = uniqueUser("parent")) {
  await page.goto(web);
  await page.getByLabel("Your user name").fill(user);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText(`Signed in as ${user}`).waitFor();
  // Ready once voices, stories and uploads are loaded: the focus then moves to the form's first field.
  await page.waitForFunction(() => document.activeElement?.id === "childName");
  return user;
}

export async function fillStory(page, { name = "Mia", age = "6", theme = "dragons", length = "short", narrate = true } = {}) {
  await page.getByLabel("Child's name").fill(name);
  await page.getByLabel("Age").fill(age);
  await page.getByLabel("Theme").fill(theme);
  await page.getByLabel("Length").selectOption(length);
  await page.getByLabel("Read it aloud").setChecked(narrate);
}

export async function writeStory(page, story) {
  await fillStory(page, story);
  await page.getByRole("button", { name: "Write the story" }).click();
}

/** Waits until the story on screen is completed (or failed, which fails the test with the reason shown). */
export async function storyDone(page, timeout = 90_000) {
  const status = page.locator("#story-status");
  await status.filter({ hasText: /^(Ready\.|This story could not be made)/ }).waitFor({ timeout })
    .catch(async (error) => { throw new Error(`The story is not done: "${await status.textContent()}" (${error.message})`); });
  const shown = await status.textContent();
  if (!shown.startsWith("Ready.")) throw new Error(`The story failed: ${shown}`);
}

export async function upload(page, name, mimeType, content) {
  await page.getByLabel("A file to turn into story material").setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
  await page.getByRole("button", { name: "Upload" }).click();
}

export async function screenshot(page, name) {
  const folder = process.env.BEDTIME_SCREENSHOTS ?? join(root, "TestResults", "web-screenshots");
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}
