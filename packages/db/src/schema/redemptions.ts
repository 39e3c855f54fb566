import { index, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { instant, points, shopColumn } from "./util/columns.ts";

/**
 * One redemption of a reward: points deducted (a `redeem` ledger row in the same
 * transaction) and a discount code issued. (shop, idempotency_key) is unique, so a retried
 * request finds the original answer instead of spending twice.
 */
export const redemptions = pgTable(
  "redemptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    shop: shopColumn(),
    customerId: text("customer_id").notNull(),
    rewardKey: text("reward_key").notNull(),
    /** Client-chosen key; the same key again returns `response` unchanged. */
    idempotencyKey: text("idempotency_key").notNull(),
    pointsDeducted: points("points_deducted").notNull(),
    /** The discount code handed to the shopper (unique per shop). */
    code: text("code").notNull(),
    /** The exact 201 body returned the first time. */
    response: jsonb("response").$type<Record<string, unknown>>().notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    unique("redemptions_idempotency_uq").on(t.shop, t.idempotencyKey),
    unique("redemptions_code_uq").on(t.shop, t.code),
    index("redemptions_customer_idx").on(t.shop, t.customerId, t.createdAt),
  ],
);
