import "@shopify/shopify-api/adapters/node";
import type { IncomingMessage } from "node:http";
import { type ApiVersion, LogSeverity, type Session, shopifyApi } from "@shopify/shopify-api";
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import type { ShopCredentials } from "../tokens/token-store.ts";
import { CapturedResponse } from "./captured-response.ts";

export interface ShopifyAppConfig {
  apiKey: string;
  apiSecret: string;
  scopes: readonly string[];
  /** Public URL of the query service (OAuth redirects back to <appUrl>/shopify/callback). */
  appUrl: string;
  apiVersion: string;
  /** SHOPIFY_ADMIN_ORIGIN: OAuth goes there instead of https://<shop>. */
  adminOrigin?: string | undefined;
}

export const CALLBACK_PATH = "/shopify/callback";

export interface BeginResult {
  location: string;
  /** The signed `state` cookie Shopify's library checks on the callback. */
  setCookie: string[];
}

/**
 * The one module that configures Shopify's official library (`@shopify/shopify-api`) for our
 * app: the authorization-code grant with its `state` cookie and HMAC check, expiring offline
 * tokens, and their refresh. We never hand-write OAuth; what we add is where requests go when
 * SHOPIFY_ADMIN_ORIGIN points at the emulator.
 */
export interface ShopifyApp {
  /** Starts an install: where to send the merchant, and the state cookie to set. */
  begin(shop: string, rawRequest: IncomingMessage): Promise<BeginResult>;
  /** Verifies HMAC and state, exchanges the code for an expiring offline token. @throws the library's errors */
  callback(rawRequest: IncomingMessage): Promise<{ shop: string; credentials: ShopCredentials }>;
  refresh(shop: string, refreshToken: string): Promise<ShopCredentials>;
}

export function createShopifyApp(config: ShopifyAppConfig): ShopifyApp {
  const url = new URL(config.appUrl);
  const api = shopifyApi({
    apiKey: config.apiKey,
    apiSecretKey: config.apiSecret,
    scopes: [...config.scopes],
    hostName: url.host,
    hostScheme: url.protocol === "http:" ? "http" : "https",
    apiVersion: config.apiVersion as ApiVersion,
    isEmbeddedApp: false,
    // The library logs at info with shop names; ours are the logs that count, and no token
    // must ever reach a log line.
    logger: { level: LogSeverity.Error, log: async () => {} },
  });
  if (config.adminOrigin !== undefined) routeOAuthTo(config.adminOrigin);

  return {
    async begin(shop: string, rawRequest: IncomingMessage): Promise<BeginResult> {
      const rawResponse = new CapturedResponse();
      await api.auth.begin({ shop, callbackPath: CALLBACK_PATH, isOnline: false, rawRequest, rawResponse });
      let location = String(rawResponse.getHeader("location") ?? "");
      if (config.adminOrigin !== undefined) location = viaOrigin(location, config.adminOrigin, shop);
      return { location, setCookie: rawResponse.cookies() };
    },
    async callback(rawRequest: IncomingMessage): Promise<{ shop: string; credentials: ShopCredentials }> {
      const { session } = await api.auth.callback({
        rawRequest,
        rawResponse: new CapturedResponse(),
        expiring: true,
      });
      return { shop: session.shop, credentials: credentialsOf(session) };
    },
    async refresh(shop: string, refreshToken: string): Promise<ShopCredentials> {
      const { session } = await api.auth.refreshToken({ shop, refreshToken });
      return credentialsOf(session);
    },
  };
}

function credentialsOf(session: Session): ShopCredentials {
  return {
    accessToken: session.accessToken ?? "",
    refreshToken: session.refreshToken ?? null,
    accessExpiresAt: session.expires ?? null,
    refreshExpiresAt: session.refreshTokenExpires ?? null,
    scope: session.scope ?? null,
  };
}

/** https://<shop>/admin/oauth/… → <origin>/admin/oauth/…?shop=<shop> (the emulator serves every shop). */
function viaOrigin(location: string, origin: string, shop: string): string {
  const target = new URL(location);
  const rewritten = new URL(`${target.pathname}${target.search}`, origin);
  rewritten.searchParams.set("shop", shop);
  return rewritten.toString();
}

let routedTo: string | undefined;

/**
 * The library posts token requests to https://<shop>/admin/oauth/access_token through its
 * replaceable fetch; we send them to the configured origin with the shop in a header. One
 * origin per process (it is configuration), so replacing the library's global is safe.
 */
function routeOAuthTo(origin: string) {
  if (routedTo === origin) return;
  const original = routedTo === undefined ? abstractFetch : globalThis.fetch;
  routedTo = origin;
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (!url.pathname.startsWith("/admin/oauth/")) return original(input, init);
    const headers = new Headers(init?.headers);
    headers.set("X-Shopify-Shop-Domain", url.hostname);
    return original(new URL(`${url.pathname}${url.search}`, origin).toString(), { ...init, headers });
  });
}
