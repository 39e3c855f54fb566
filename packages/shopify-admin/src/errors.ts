import { LoyaltyError } from "@loyalty/core";

/**
 * Why a call to Shopify did not succeed, and whether trying again can help:
 * - `shopify_unreachable` (network error, timeout, 5xx) and `shopify_throttled` (out of
 *   retries within the deadline) are transient: the same call may work later;
 * - `shopify_user_errors` (Shopify refused the input), `shopify_graphql_error` (the document
 *   or a field failed: our bug), `shopify_unauthorized` (token revoked, app uninstalled) and
 *   `shop_not_installed` (no token) are permanent for this call.
 */
export const SHOPIFY_ERROR_CODES = {
  unreachable: "shopify_unreachable",
  throttled: "shopify_throttled",
  userErrors: "shopify_user_errors",
  graphql: "shopify_graphql_error",
  unauthorized: "shopify_unauthorized",
  notInstalled: "shop_not_installed",
} as const;
export type ShopifyErrorCode = (typeof SHOPIFY_ERROR_CODES)[keyof typeof SHOPIFY_ERROR_CODES];

const TRANSIENT = new Set<string>([SHOPIFY_ERROR_CODES.unreachable, SHOPIFY_ERROR_CODES.throttled]);

export class ShopifyAdminError extends LoyaltyError {
  declare readonly code: ShopifyErrorCode;

  /** True when the same call may succeed later (worth a retry with backoff). */
  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}

export function isShopifyAdminError(error: unknown): error is ShopifyAdminError {
  return error instanceof ShopifyAdminError;
}
