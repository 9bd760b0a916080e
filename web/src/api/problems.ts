import type { components } from "./schema";

export type Problem = components["schemas"]["Problem"];

/** A failed API call, with a message a parent can read and, for validation problems, the message per field. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Record<string, string[]> = {},
    readonly code?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiProblem";
  }
}

/** Reads an error answer: an RFC 9457 problem body when there is one, the status alone otherwise. */
export async function readProblem(response: Response): Promise<ApiProblem> {
  let body: Partial<Problem> | undefined;
  if ((response.headers.get("Content-Type") ?? "").includes("json")) {
    try {
      body = (await response.json()) as Partial<Problem>;
    } catch {
      body = undefined;
    }
  }
  return toProblem(response.status, body, response.headers);
}

export function toProblem(status: number, body: Partial<Problem> | undefined, headers: Headers): ApiProblem {
  const retryAfter = retryAfterSeconds(headers.get("Retry-After"));
  let message = body?.detail || body?.title || statusText(status);
  // The wait is the Retry-After header's (the problem's own detail says it too, in other words).
  if (status === 429) message = `Too many requests. You can try again in ${describeWait(retryAfter)}.`;
  else if (status === 503 && retryAfter !== undefined) message = `${message.replace(/\.$/, "")}. Please try again in ${describeWait(retryAfter)}.`;
  return new ApiProblem(status, message, body?.errors ?? {}, body?.code, retryAfter);
}

/** fetch itself failed: the API is down, unreachable, or refuses this page's origin (CORS). */
export function unreachable(error: unknown): ApiProblem {
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiProblem(0, `The story service cannot be reached just now (${reason}). Check your connection and try again.`);
}

function retryAfterSeconds(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export function describeWait(seconds: number | undefined): string {
  if (seconds === undefined) return "a little while";
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

function statusText(status: number): string {
  switch (status) {
    case 401: return "Please sign in again.";
    case 403: return "You may not do that.";
    case 404: return "It is not there (any more).";
    case 413: return "The file is too large.";
    case 415: return "This kind of file is not accepted.";
    default: return status >= 500 ? "Something went wrong on our side." : `The request failed (${status}).`;
  }
}
