import { ApiProblem, readProblem, unreachable } from "../api/problems";
import type { Session, SignIn } from "./session";

const storageKey = "bedtime.devToken";
const lifetimeMinutes = 60;

interface StoredToken {
  user: string;
  token: string;
  expiresAt: number;
}

/**
 * Local development tokens from POST /api/dev/token (served by the local Functions host only with
 * Auth__DevelopmentTokens=true). Kept in sessionStorage for this tab; renewed a minute before they expire.
 */
export class DevelopmentSignIn implements SignIn {
  readonly mode = "development" as const;

  constructor(private readonly apiBaseUrl: string) {}

  async resume(): Promise<Session | null> {
    const stored = sessionStorage.getItem(storageKey);
    if (!stored) return null;
    try {
      const token = JSON.parse(stored) as StoredToken;
      return this.session(token.user, token);
    } catch {
      sessionStorage.removeItem(storageKey);
      return null;
    }
  }

  async signIn(user: string): Promise<Session> {
    const token = await this.mint(user);
    return this.session(user, token);
  }

  private session(user: string, first: StoredToken): Session {
    let current = first;
    return {
      displayName: user,
      accessToken: async () => {
        if (current.expiresAt - Date.now() < 60_000) current = await this.mint(user);
        return current.token;
      },
      signOut: async () => sessionStorage.removeItem(storageKey),
    };
  }

  private async mint(user: string): Promise<StoredToken> {
    const response = await fetch(`${this.apiBaseUrl}/dev/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sub: user, lifetimeMinutes }),
    }).catch((error: unknown) => { throw unreachable(error); });
    if (!response.ok) throw await readProblem(response);
    const body = (await response.json()) as { accessToken?: string; expiresIn?: number };
    if (!body.accessToken) throw new ApiProblem(response.status, "The sign-in answer held no token.");
    const token: StoredToken = { user, token: body.accessToken, expiresAt: Date.now() + (body.expiresIn ?? 0) * 1000 };
    sessionStorage.setItem(storageKey, JSON.stringify(token));
    return token;
  }
}
