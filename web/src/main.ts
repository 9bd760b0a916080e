import "./styles.css";
import { BedtimeApi } from "./api/client";
import { DevelopmentSignIn } from "./auth/development";
import { EntraSignIn } from "./auth/entra";
import type { Session } from "./auth/session";
import { loadConfig, type AppConfig } from "./config";
import { busy, byId, h, showProblem } from "./ui/dom";
import { StoryForm } from "./ui/storyForm";
import { StoryList } from "./ui/storyList";
import { StoryView } from "./ui/storyView";
import { Erasure } from "./ui/erasure";
import { Uploads } from "./ui/uploads";

const appError = byId("app-error");

async function start(): Promise<void> {
  const config = await loadConfig();
  const session = await signIn(config);
  if (session) await signedIn(config, session);
}

/** Resumes a session or shows the sign-in the configuration names; resolves to null while waiting for the parent. */
async function signIn(config: AppConfig): Promise<Session | null> {
  const section = byId("sign-in");
  const problem = byId("sign-in-problem");
  if (config.auth.mode === "development") {
    const development = new DevelopmentSignIn(config.apiBaseUrl);
    const resumed = await development.resume();
    if (resumed) return resumed;
    const form = byId<HTMLFormElement>("dev-sign-in");
    const user = byId<HTMLInputElement>("dev-user");
    form.hidden = false;
    section.hidden = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      showProblem(problem, null);
      if (!user.checkValidity()) return showProblem(problem, new Error("Please give a user name of letters, digits and _ . : @ -"));
      try {
        const session = await busy(form, () => development.signIn(user.value));
        section.hidden = true;
        await signedIn(config, session);
      } catch (error) {
        showProblem(problem, error);
      }
    });
    user.focus();
    return null;
  }
  if (config.auth.mode === "entra") {
    const entra = new EntraSignIn(config.auth);
    const resumed = await entra.resume();
    if (resumed) return resumed;
    const button = byId<HTMLButtonElement>("entra-sign-in");
    button.hidden = false;
    section.hidden = false;
    button.addEventListener("click", () => entra.signIn().catch((error) => showProblem(problem, error)));
    return null;
  }
  throw new Error("Sign-in is not configured for this app (config.json names no sign-in).");
}

async function signedIn(config: AppConfig, session: Session): Promise<void> {
  byId("account-name").textContent = `Signed in as ${session.displayName}`;
  byId("account").hidden = false;
  byId("sign-out").addEventListener("click", async () => {
    await session.signOut();
    location.reload();
  });
  byId("signed-in").hidden = false;

  const api = new BedtimeApi(config.apiBaseUrl, () => session.accessToken());
  byId("export-data").addEventListener("click", () => void downloadMyData(api));
  let list: StoryList;
  const view = new StoryView(api, () => void list.load());
  list = new StoryList(api, (story) => void view.show(story), (id) => { if (view.currentId === id) view.hide(); }, appError);
  const form = new StoryForm(api, (story) => { void view.show(story); void list.load(); });
  const uploads = new Uploads(api, (items) => form.showInspirations(items));
  new Erasure(api, () => { view.hide(); void list.load(); void uploads.load(); });
  await Promise.all([form.loadVoices().catch((error) => showProblem(appError, error)), list.load(), uploads.load()]);
  byId("childName").focus();
}

/** The parent's data as a file they keep: the export is fetched with the sign-in token, then saved by the browser. */
async function downloadMyData(api: BedtimeApi): Promise<void> {
  const button = byId<HTMLButtonElement>("export-data");
  button.disabled = true;
  try {
    const url = URL.createObjectURL(await api.exportMyData());
    const link = h("a", { href: url, download: `bedtime-export-${new Date().toISOString().slice(0, 10)}.ndjson` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    showProblem(appError, null);
  } catch (error) {
    showProblem(appError, error);
  } finally {
    button.disabled = false;
  }
}

start().catch((error) => showProblem(appError, error));
