import type { AccessTokens } from "../admin-client.ts";
import type { TokenStore } from "./token-store.ts";

/** Refresh when the access token has less than this left (Shopify's last for an hour). */
const REFRESH_MARGIN_MS = 5 * 60_000;

export interface ShopTokensOptions {
  store: TokenStore;
  /** Exchanges a refresh token (Shopify's library through ShopifyApp.refresh); absent: no refresh. */
  refresh?: (shop: string, refreshToken: string) => Promise<import("./token-store.ts").ShopCredentials>;
  now?: () => number;
}

/**
 * The AccessTokens the Admin client uses: the stored token, refreshed before it expires
 * (and once after a 401), with one refresh in flight per shop so concurrent calls do not
 * spend the single-use refresh token twice.
 */
export function createShopTokens(options: ShopTokensOptions): AccessTokens {
  const now = options.now ?? Date.now;
  const inFlight = new Map<string, Promise<string | null>>();

  function refreshOnce(shop: string, refreshToken: string): Promise<string | null> {
    const running = inFlight.get(shop);
    if (running) return running;
    const refresh = options.refresh;
    if (!refresh) return Promise.resolve(null);
    const promise = refresh(shop, refreshToken)
      .then(async (credentials) => {
        await options.store.save(shop, credentials);
        return credentials.accessToken;
      })
      .finally(() => inFlight.delete(shop));
    inFlight.set(shop, promise);
    return promise;
  }

  return {
    async accessTokenFor(shop) {
      const credentials = await options.store.load(shop);
      if (!credentials) return null;
      const expiresAt = credentials.accessExpiresAt?.getTime();
      if (
        expiresAt !== undefined &&
        credentials.refreshToken !== null &&
        expiresAt - now() < REFRESH_MARGIN_MS
      ) {
        return (await refreshOnce(shop, credentials.refreshToken)) ?? credentials.accessToken;
      }
      return credentials.accessToken;
    },
    async refreshAfterUnauthorized(shop) {
      const credentials = await options.store.load(shop);
      if (!credentials?.refreshToken) return null;
      return refreshOnce(shop, credentials.refreshToken);
    },
  };
}
