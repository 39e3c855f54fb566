import { boolean, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { lifecycleDates, points, shopColumn } from "./util/columns.ts";

/** What a reward gives the shopper; Shopify discount creation maps each kind to a discount type. */
export const rewardKind = pgEnum("reward_kind", [
  "fixed_discount",
  "percent_discount",
  "free_shipping",
  "store_credit",
]);
export type RewardKind = (typeof rewardKind.enumValues)[number];

/** Rewards a customer can redeem points for (CONTRACT.md rewards file). */
export const rewards = pgTable(
  "rewards",
  {
    shop: shopColumn(),
    /** Merchant-chosen stable key, e.g. `5-off`; what `rewardId` in the API refers to. */
    key: text("key").notNull(),
    name: text("name").notNull(),
    /** Points deducted per redemption. */
    costPoints: points("cost_points").notNull(),
    kind: rewardKind("kind").notNull(),
    /**
     * Amount in shop currency for fixed_discount and store_credit, percent (1–100) for
     * percent_discount, the highest shipping price covered for free_shipping (null = any).
     */
    value: numeric("value"),
    /** Days a discount code stays valid after it is issued (null = no end). */
    expiresInDays: integer("expires_in_days"),
    /** Order subtotal (shop currency) the code needs (null = none). */
    minimumSubtotal: numeric("minimum_subtotal"),
    /** Shopify's combinesWith for the code; null = Shopify's default (combines with nothing). */
    combinesWith: jsonb("combines_with").$type<{
      orderDiscounts: boolean;
      productDiscounts: boolean;
      shippingDiscounts: boolean;
    }>(),
    /** Inactive rewards are listed to admins but cannot be redeemed. */
    active: boolean("active").notNull().default(true),
    ...lifecycleDates,
  },
  (t) => [primaryKey({ columns: [t.shop, t.key] })],
);
