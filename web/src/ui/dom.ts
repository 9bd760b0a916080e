import { ApiProblem } from "../api/problems";

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element as T;
}

/** Creates an element with text and attributes; children are appended as given. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** Shows a problem in its alert region (read out by screen readers), or hides the region. */
export function showProblem(region: HTMLElement, error: unknown | null): void {
  region.hidden = error === null;
  region.textContent = error === null ? "" : messageOf(error);
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiProblem) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Marks the form's fields named in a validation problem (keys like "childName" or "narration.voice", matched to the
 * field's name) as invalid, each with its message under it; clears earlier marks.
 */
export function showFieldErrors(form: HTMLFormElement, errors: Record<string, string[]>): void {
  for (const old of form.querySelectorAll(".field-error")) old.remove();
  for (const field of form.querySelectorAll("[aria-invalid]")) {
    field.removeAttribute("aria-invalid");
    field.removeAttribute("aria-errormessage");
  }
  for (const [name, messages] of Object.entries(errors)) {
    const field = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}" i]`);
    if (!field) continue;
    const message = h("p", { class: "field-error", id: `${field.id}-error` }, messages.join(" "));
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-errormessage", message.id);
    field.insertAdjacentElement("afterend", message);
  }
}

/** Disables a form's controls while work runs, so a double click sends nothing twice. */
export async function busy<T>(form: HTMLFormElement, work: () => Promise<T>): Promise<T> {
  const controls = [...form.elements].filter((e): e is HTMLButtonElement => e instanceof HTMLButtonElement);
  controls.forEach((c) => (c.disabled = true));
  form.setAttribute("aria-busy", "true");
  try {
    return await work();
  } finally {
    controls.forEach((c) => (c.disabled = false));
    form.removeAttribute("aria-busy");
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The wait before poll number `attempt` (0, 1, …): `first`, growing by a quarter each time up to 15 s, so that
 * following something slow for minutes stays far inside the API's general rate limit (300 requests in 15 minutes).
 */
export const pollDelay = (first: number, attempt: number) => Math.min(first * 1.25 ** attempt, 15_000);

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
