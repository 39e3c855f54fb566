import type { Sql } from "@loyalty/db";
import type { ShopifyMetrics } from "@loyalty/platform";
import type { Logger } from "pino";
import { type AdminClient, createAdminClient } from "./admin-client.ts";
import { createShopifyApp, type ShopifyApp } from "./oauth/shopify-app.ts";
import type { IssuerDeps } from "./redemptions/issue-redemption.ts";
import { createShopTokens } from "./tokens/shop-tokens.ts";
import { TokenCipher } from "./tokens/token-cipher.ts";
import { TokenStore } from "./tokens/token-store.ts";

/** The environment variables of CONTRACT.md "Shops and the Shopify Admin API" (platform's shopifyAdminEnvShape). */
export interface ShopifyAdminEnv {
  SHOPIFY_API_KEY?: string | undefined;
  SHOPIFY_API_SECRET: string;
  SHOPIFY_SCOPES: string[];
  SHOPIFY_APP_URL?: string | undefined;
  SHOPIFY_API_VERSION: string;
  SHOPIFY_ADMIN_ORIGIN?: string | undefined;
  TOKEN_ENCRYPTION_KEY: string;
  TOKEN_ENCRYPTION_PREVIOUS_KEYS?: string[] | undefined;
}

export interface ShopifyAdmin {
  store: TokenStore;
  client: AdminClient;
  /** Null unless SHOPIFY_API_KEY and SHOPIFY_APP_URL are set: no public-app install then. */
  app: ShopifyApp | null;
}

/** Everything that talks to Shopify, configured once from the environment (the app's "shopify.server"). */
export function shopifyAdminFromEnv(
  env: ShopifyAdminEnv,
  deps: { sql: Sql; metrics?: ShopifyMetrics },
): ShopifyAdmin {
  const store = new TokenStore(
    deps.sql,
    new TokenCipher(env.TOKEN_ENCRYPTION_KEY, env.TOKEN_ENCRYPTION_PREVIOUS_KEYS ?? []),
  );
  const app =
    env.SHOPIFY_API_KEY !== undefined && env.SHOPIFY_APP_URL !== undefined
      ? createShopifyApp({
          apiKey: env.SHOPIFY_API_KEY,
          apiSecret: env.SHOPIFY_API_SECRET,
          scopes: env.SHOPIFY_SCOPES,
          appUrl: env.SHOPIFY_APP_URL,
          apiVersion: env.SHOPIFY_API_VERSION,
          adminOrigin: env.SHOPIFY_ADMIN_ORIGIN,
        })
      : null;
  const tokens = createShopTokens({
    store,
    ...(app ? { refresh: (shop, token) => app.refresh(shop, token) } : {}),
  });
  const client = createAdminClient({
    apiVersion: env.SHOPIFY_API_VERSION,
    adminOrigin: env.SHOPIFY_ADMIN_ORIGIN,
    tokens,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
  });
  return { store, client, app };
}

export function issuerDeps(admin: ShopifyAdmin, deps: Omit<IssuerDeps, "client">): IssuerDeps {
  return { ...deps, client: admin.client };
}
