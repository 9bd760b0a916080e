/**
 * Where the API is and how to sign in, read at start from config.json beside the app: written by the local Functions
 * host for ./scripts/run, and by azd's prepackage hook from the deployment's outputs (azure.yaml). Nothing secret.
 */
export type AuthConfig =
  | { mode: "development" }
  | { mode: "entra"; authority: string; clientId: string; scopes: string[] }
  | { mode: "none" };

export interface AppConfig {
  /** The API's base address including its route prefix, e.g. https://func-x.azurewebsites.net/api. */
  apiBaseUrl: string;
  auth: AuthConfig;
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch(new URL("config.json", document.baseURI), { cache: "no-store" });
  if (!response.ok) throw new Error(`The app's configuration (config.json) could not be read: ${response.status}.`);
  const value: unknown = await response.json();
  return parseConfig(value);
}

export function parseConfig(value: unknown): AppConfig {
  const config = value as Partial<AppConfig> | null;
  if (!config || typeof config.apiBaseUrl !== "string" || !/^https?:\/\//.test(config.apiBaseUrl))
    throw new Error("The app's configuration (config.json) has no valid apiBaseUrl.");
  const auth = config.auth as Partial<AuthConfig> | undefined;
  if (auth?.mode === "entra") {
    const entra = auth as Partial<Extract<AuthConfig, { mode: "entra" }>>;
    if (!entra.authority || !entra.clientId || !Array.isArray(entra.scopes) || entra.scopes.length === 0)
      throw new Error("The app's configuration (config.json) names Entra ID sign-in without authority, clientId and scopes.");
  }
  return { apiBaseUrl: config.apiBaseUrl.replace(/\/+$/, ""), auth: (auth as AuthConfig) ?? { mode: "none" } };
}
