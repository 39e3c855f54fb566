import { createHmac, timingSafeEqual } from "node:crypto";
import { LoyaltyError, ShopDomain } from "@loyalty/core";

export type AppProxyQuery = Record<string, string | string[] | undefined>;

export interface AppProxyOptions {
  now: Date;
  /** How far `timestamp` may be from `now`, either way. Default 300 s. */
  maxAgeSeconds?: number;
}

export type AppProxyVerification =
  | { ok: true; shop: string; loggedInCustomerId: string | null }
  | { ok: false; error: LoyaltyError };

const DEFAULT_MAX_AGE_SECONDS = 300;
const HEX_DIGEST = /^[0-9a-f]{64}$/i;
const UNIX_SECONDS = /^\d{1,12}$/;

/**
 * The string Shopify signs for an App Proxy request (shopify.dev, "Authenticate app proxies"):
 * every query parameter but `signature` as `key=value`, repeated keys' values joined with
 * ",", the pairs sorted, then concatenated with no separator. Values are the decoded ones.
 * Sorting whole `key=value` strings, not keys, is what Shopify does and differs when one key
 * is a prefix of another.
 */
function signedMessage(query: AppProxyQuery): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key === "signature" || value === undefined) continue;
    pairs.push(`${key}=${Array.isArray(value) ? value.join(",") : value}`);
  }
  return pairs.sort().join("");
}

/** The hex `signature` Shopify would add to these params: for tests and the demo. */
export function signAppProxyQuery(params: AppProxyQuery, secret: string): string {
  return createHmac("sha256", secret).update(signedMessage(params)).digest("hex");
}

/**
 * Verifies a storefront request that Shopify forwarded through the App Proxy. Checks the
 * signature first (constant time), then that `timestamp` is within `maxAgeSeconds` of `now`
 * so a captured URL cannot be replayed for long. The shop and the logged-in customer are
 * trustworthy only after this returns ok.
 */
export function verifyAppProxySignature(
  query: AppProxyQuery,
  secret: string,
  options: AppProxyOptions,
): AppProxyVerification {
  const signature = query.signature;
  if (typeof signature !== "string" || !HEX_DIGEST.test(signature) || secret.length === 0) {
    return failure("invalid_signature", "the App Proxy signature is missing or malformed");
  }
  const expected = createHmac("sha256", secret).update(signedMessage(query)).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) {
    return failure("invalid_signature", "the App Proxy signature does not match");
  }

  const timestamp = query.timestamp;
  if (typeof timestamp !== "string" || !UNIX_SECONDS.test(timestamp)) {
    return failure("expired_signature", "the App Proxy request has no valid timestamp");
  }
  const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  const skewSeconds = Math.abs(options.now.getTime() / 1000 - Number(timestamp));
  if (!(skewSeconds <= maxAge)) {
    return failure("expired_signature", `the App Proxy request is more than ${maxAge} s from now`, {
      timestamp,
      maxAgeSeconds: maxAge,
    });
  }

  const shop = ShopDomain.safeParse(query.shop);
  if (!shop.success) {
    return failure("invalid_signature", "the signed App Proxy request names no valid shop");
  }
  const customer = query.logged_in_customer_id;
  // Shopify sends the parameter empty when nobody is logged in.
  const loggedInCustomerId = typeof customer === "string" && customer.length > 0 ? customer : null;
  return { ok: true, shop: shop.data, loggedInCustomerId };
}

function failure(code: string, message: string, detail?: Record<string, unknown>): AppProxyVerification {
  return { ok: false, error: new LoyaltyError(code, message, detail ? [detail] : []) };
}
