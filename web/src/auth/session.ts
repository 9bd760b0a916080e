import type { AuthConfig } from "../config";

/** A signed-in parent: who, and a way to get a current bearer token for the API. */
export interface Session {
  readonly displayName: string;
  accessToken(): Promise<string>;
  signOut(): Promise<void>;
}

/** How the app signs people in, chosen by config.json: the local development tokens or Entra ID (MSAL.js). */
export interface SignIn {
  readonly mode: AuthConfig["mode"];
  /** A session kept from before (this tab) or completed by a redirect back from the identity provider. */
  resume(): Promise<Session | null>;
}
