import { index, jsonb, pgEnum, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { instant, points, shopColumn } from "./util/columns.ts";

/** CONTRACT.md "Rewards and redemptions": a redemption's life. */
export const redemptionStatus = pgEnum("redemption_status", [
  "pending",
  "issued",
  "failed",
  "used",
  "cancelled",
]);
export type RedemptionStatus = (typeof redemptionStatus.enumValues)[number];

/**
 * One redemption of a reward: points deducted (a `redeem` ledger row in the same
 * transaction) and, through a `shopify_commands` row written with it, a discount code or
 * store credit created in Shopify. (shop, idempotency_key) is unique, so a retried request
 * finds the original redemption instead of spending twice.
 */
export const redemptions = pgTable(
  "redemptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    shop: shopColumn(),
    customerId: text("customer_id").notNull(),
    rewardKey: text("reward_key").notNull(),
    /** Client-chosen key; the same key again answers this redemption. */
    idempotencyKey: text("idempotency_key").notNull(),
    pointsDeducted: points("points_deducted").notNull(),
    status: redemptionStatus("status").notNull().default("pending"),
    /**
     * The discount code, derived from the redemption id before Shopify is called (so a retry
     * finds the code an earlier attempt made); null for store credit. Shown once issued.
     */
    code: text("code"),
    /** The first answer (balance right after, points deducted): a replay answers from it. */
    response: jsonb("response").$type<Record<string, unknown>>().notNull(),
    /** The reward as it was when redeemed (kind, value, options, currency): what Shopify is asked for. */
    reward: jsonb("reward").$type<Record<string, unknown>>().notNull().default({}),
    /** Shopify's id of what was created: the DiscountCodeNode or the store credit transaction. */
    shopifyId: text("shopify_id"),
    /** When the code stops working (from the reward's expiresInDays). */
    expiresAt: instant("expires_at"),
    /** Why Shopify refused, for `failed`. */
    failureReason: text("failure_reason"),
    /** The order that used the code (`used`). */
    usedOrderId: text("used_order_id"),
    /** When the status last changed. */
    statusChangedAt: instant("status_changed_at").notNull().defaultNow(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    unique("redemptions_idempotency_uq").on(t.shop, t.idempotencyKey),
    unique("redemptions_code_uq").on(t.shop, t.code),
    index("redemptions_customer_idx").on(t.shop, t.customerId, t.createdAt),
  ],
);
