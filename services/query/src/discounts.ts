import type { Reward } from "@loyalty/db";

/**
 * Creates the discount a redemption paid for (in Shopify: a discount code via the Admin API).
 * Called after the redemption committed, and again when a client replays its idempotency
 * key, so it must be idempotent per (shop, code): "code already exists" is success.
 */
export interface DiscountIssuer {
  issue(shop: string, reward: Reward, code: string): Promise<void>;
}

/** The default: codes are recorded and returned, and the merchant creates them in Shopify. */
export const noopDiscountIssuer: DiscountIssuer = {
  issue: async () => {},
};
