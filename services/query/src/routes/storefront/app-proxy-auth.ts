import { LoyaltyError } from "@loyalty/core";
import { type AppProxyQuery, verifyAppProxySignature } from "@loyalty/shopify";
import type { FastifyRequest } from "fastify";
import type { QueryDeps } from "../../deps.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The shopper Shopify vouches for (`logged_in_customer_id`), null when nobody is signed in; set by the App Proxy check. */
    storefrontCustomerId: string | null;
  }
}

export interface StorefrontIdentity {
  shop: string;
  customerId: string | null;
}

/**
 * Authenticates a request Shopify forwarded through the App Proxy. Only the signed query
 * decides who is asking: `shop` fixes the shop and `logged_in_customer_id` the shopper, so
 * nothing a shopper sends (body, variables, other params) can name another customer. Every
 * accepted secret is tried (rotation); a signature valid under one of them but too old is
 * reported as `expired_signature`, anything else as `invalid_signature`.
 */
export function verifyStorefrontRequest(
  query: unknown,
  secrets: readonly string[],
  now: Date,
): StorefrontIdentity | LoyaltyError {
  if (typeof query !== "object" || query === null) {
    return new LoyaltyError("invalid_signature", "the App Proxy signature is missing or malformed");
  }
  let failure: LoyaltyError | null = null;
  for (const secret of secrets) {
    const result = verifyAppProxySignature(query as AppProxyQuery, secret, { now });
    if (result.ok) return { shop: result.shop, customerId: result.loggedInCustomerId };
    if (failure === null || failure.code === "invalid_signature") failure = result.error;
  }
  return failure ?? new LoyaltyError("invalid_signature", "no App Proxy secret is configured");
}

/** Sets `request.shop` and `request.storefrontCustomerId`, or throws the LoyaltyError. */
export function authenticateStorefront(request: FastifyRequest, deps: QueryDeps): void {
  const identity = verifyStorefrontRequest(request.query, deps.config.SHOPIFY_API_SECRETS, deps.now());
  if (identity instanceof LoyaltyError) {
    throw new LoyaltyError(identity.code, sentence(identity.message), identity.details);
  }
  request.shop = identity.shop;
  request.storefrontCustomerId = identity.customerId;
}

/** What a shopper who is not signed in is told by every route that needs one. */
export function signInRequired(): LoyaltyError {
  return new LoyaltyError("sign_in_required", "Sign in to your account to see and use your points.");
}

/** Shopify's verifier speaks in fragments ("the App Proxy signature does not match"); the API answers sentences. */
function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return text.endsWith(".") ? text : `${text}.`;
}
