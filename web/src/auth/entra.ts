import type { AccountInfo, IPublicClientApplication } from "@azure/msal-browser";
import type { AuthConfig } from "../config";
import type { Session, SignIn } from "./session";

type EntraConfig = Extract<AuthConfig, { mode: "entra" }>;

/**
 * Entra ID sign-in with MSAL.js (authorization code flow with PKCE, redirects, tokens cached in sessionStorage). The
 * authority, client id and API scope come from config.json at deploy time; the app holds no secret.
 */
export class EntraSignIn implements SignIn {
  readonly mode = "entra" as const;
  private client?: IPublicClientApplication;

  constructor(private readonly config: EntraConfig) {}

  async resume(): Promise<Session | null> {
    const client = await this.msal();
    const redirected = await client.handleRedirectPromise();
    const account = redirected?.account ?? client.getActiveAccount() ?? client.getAllAccounts()[0];
    if (!account) return null;
    client.setActiveAccount(account);
    return this.session(client, account);
  }

  async signIn(): Promise<void> {
    const client = await this.msal();
    await client.loginRedirect({ scopes: this.config.scopes });
  }

  private session(client: IPublicClientApplication, account: AccountInfo): Session {
    const scopes = this.config.scopes;
    return {
      displayName: account.name ?? account.username,
      accessToken: async () => {
        try {
          return (await client.acquireTokenSilent({ scopes, account })).accessToken;
        } catch (error) {
          const { InteractionRequiredAuthError } = await import("@azure/msal-browser");
          if (error instanceof InteractionRequiredAuthError) await client.acquireTokenRedirect({ scopes, account });
          throw error;
        }
      },
      signOut: () => client.logoutRedirect({ account }),
    };
  }

  private async msal(): Promise<IPublicClientApplication> {
    if (this.client) return this.client;
    const { createStandardPublicClientApplication } = await import("@azure/msal-browser");
    const client = await createStandardPublicClientApplication({
      auth: { clientId: this.config.clientId, authority: this.config.authority, redirectUri: location.origin + location.pathname },
      cache: { cacheLocation: "sessionStorage" },
    });
    this.client = client;
    return client;
  }
}
