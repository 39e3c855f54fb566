import type { ShopifyMetrics, ShopifyRequestOutcome } from "@loyalty/platform";
import { createAdminApiClient } from "@shopify/admin-api-client";
import { adminEndpoint } from "./admin-endpoint.ts";
import { SHOPIFY_ERROR_CODES, ShopifyAdminError } from "./errors.ts";
import { throttleWaitMs } from "./throttle-wait.ts";

/** Gives the access token of a shop, refreshing it first when it is about to expire. */
export interface AccessTokens {
  /** null: the shop has no token (never installed, or uninstalled). */
  accessTokenFor(shop: string): Promise<string | null>;
  /** After a 401: refresh now if the shop has a refresh token; null when it cannot. */
  refreshAfterUnauthorized(shop: string): Promise<string | null>;
}

export interface AdminClientOptions {
  apiVersion: string;
  /** SHOPIFY_ADMIN_ORIGIN. */
  adminOrigin?: string | undefined;
  tokens: AccessTokens;
  metrics?: ShopifyMetrics;
  /** One HTTP request's limit (connect to last byte). */
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface AdminRequest {
  /** Metric label: the root field (`discountCodeBasicCreate`). */
  operation: string;
  query: string;
  variables?: Record<string, unknown>;
}

export interface RequestLimits {
  /** Epoch ms by which the answer must be in; throttle waits that would pass it are not made. */
  deadline?: number;
}

export interface AdminClient {
  request<T>(shop: string, request: AdminRequest, limits?: RequestLimits): Promise<T>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Throttled again and again within one call: give the bucket back to the caller's backoff. */
const MAX_THROTTLE_RETRIES = 5;

/**
 * Admin GraphQL through Shopify's own `@shopify/admin-api-client`. On top of it: the
 * origin override, a timeout per request, `THROTTLED` retried after exactly the time the
 * cost extension says the bucket needs to refill, one token refresh on 401, and errors as
 * typed values (ShopifyAdminError) with a `transient` flag. Its own retries stay off: they
 * wait a fixed second on 429/503 and know nothing of the cost bucket.
 */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function once(shop: string, token: string, request: AdminRequest, limits: RequestLimits) {
    const endpoint = adminEndpoint(shop, options.apiVersion, options.adminOrigin);
    const client = createAdminApiClient({
      storeDomain: shop,
      apiVersion: options.apiVersion,
      accessToken: token,
      // The library builds https://<shop>/…; with an origin override the URL is ours.
      customFetchApi: (_url, init) => fetchNamingCause(endpoint.graphqlUrl, init),
    });
    const remaining =
      limits.deadline === undefined ? timeoutMs : Math.max(1, Math.min(timeoutMs, limits.deadline - now()));
    const started = performance.now();
    const result = await client.request(request.query, {
      variables: request.variables ?? {},
      headers: endpoint.headers,
      signal: AbortSignal.timeout(remaining),
    });
    options.metrics?.requestSeconds.observe((performance.now() - started) / 1000);
    return result;
  }

  const count = (operation: string, outcome: ShopifyRequestOutcome) =>
    options.metrics?.requestsTotal.inc({ operation, outcome });

  return {
    async request<T>(shop: string, request: AdminRequest, limits: RequestLimits = {}): Promise<T> {
      let token = await options.tokens.accessTokenFor(shop);
      if (token === null) {
        throw new ShopifyAdminError(
          SHOPIFY_ERROR_CODES.notInstalled,
          `${shop} has no Admin API token (not installed).`,
        );
      }
      let refreshed = false;
      for (let throttles = 0; ; ) {
        const result = await once(shop, token, request, limits);
        const status = result.errors?.networkStatusCode;
        if (status === 401 && !refreshed) {
          refreshed = true;
          const fresh = await options.tokens.refreshAfterUnauthorized(shop);
          if (fresh !== null) {
            token = fresh;
            continue;
          }
        }
        if (status === 401 || status === 403) {
          count(request.operation, "unauthorized");
          throw new ShopifyAdminError(
            SHOPIFY_ERROR_CODES.unauthorized,
            `Shopify refused the token of ${shop} (${status}).`,
          );
        }
        const graphQLErrors = result.errors?.graphQLErrors ?? [];
        if (graphQLErrors.some((e) => e.extensions?.code === "THROTTLED")) {
          count(request.operation, "throttled");
          const wait = throttleWaitMs(result.extensions);
          throttles += 1;
          if (
            throttles > MAX_THROTTLE_RETRIES ||
            (limits.deadline !== undefined && now() + wait > limits.deadline)
          ) {
            throw new ShopifyAdminError(
              SHOPIFY_ERROR_CODES.throttled,
              `Shopify throttled ${request.operation} for ${shop}.`,
              [{ retryAfterMs: wait }],
            );
          }
          await sleep(wait);
          continue;
        }
        if (result.errors && (status === undefined || status === 429 || status >= 500)) {
          count(request.operation, "unreachable");
          throw new ShopifyAdminError(
            SHOPIFY_ERROR_CODES.unreachable,
            `Shopify did not answer ${request.operation} for ${shop}: ${result.errors.message ?? status}.`,
          );
        }
        if (result.errors) {
          count(request.operation, "graphql_error");
          throw new ShopifyAdminError(
            SHOPIFY_ERROR_CODES.graphql,
            `Shopify rejected ${request.operation}: ${graphQLErrors.map((e) => e.message).join("; ") || result.errors.message}`,
            graphQLErrors.map((e) => ({ message: e.message })),
          );
        }
        count(request.operation, "ok");
        return result.data as T;
      }
    },
  };
}

/**
 * fetch, with the network error's code (ECONNREFUSED, ECONNRESET, …) kept in the message:
 * the library reports only `error.message` ("fetch failed"), and whether the request can
 * have reached Shopify (refused: no; reset: maybe) decides whether a retry is safe.
 */
async function fetchNamingCause(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; name?: string } }).cause;
    const code = cause?.code ?? cause?.name ?? (error as Error).name;
    throw new Error(`${(error as Error).message} (${code})`, { cause: error });
  }
}
