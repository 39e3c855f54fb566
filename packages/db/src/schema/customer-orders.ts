import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant, minorUnits, points, shopColumn } from "./util/columns.ts";

/**
 * One row per order we have seen (guest orders too, so their refunds resolve): what it
 * earned and what was clawed back. Clawback is reconciled against these totals, which makes
 * refunds, cancellations and late order webhooks order-independent.
 */
export const customerOrders = pgTable(
  "customer_orders",
  {
    /** The shop domain. */
    shop: shopColumn(),
    /** Shopify order id. */
    orderId: text("order_id").notNull(),
    /** The order's customer; null for guest checkouts. The first non-null customer wins. */
    customerId: text("customer_id"),
    /** Shop currency the amounts are in. */
    currency: text("currency").notNull(),
    /**
     * The subtotal the order earned its points on, minor units: the base of proportional
     * clawback. The latest body's until the order first earns, then fixed (later bodies carry
     * current_subtotal_price net of refunds).
     */
    subtotalMinor: minorUnits("subtotal_minor").notNull(),
    /** Latest total_price seen, minor units. */
    totalMinor: minorUnits("total_minor").notNull(),
    /** Every point awarded for this order (all rules, all its events). */
    earnedPoints: points("earned_points").notNull().default(0),
    /** Points clawed back so far (refunds, cancellation); never above earned_points. */
    clawedPoints: points("clawed_points").notNull().default(0),
    /** Σ refunded subtotal of its distinct refunds, minor units. */
    refundedSubtotalMinor: minorUnits("refunded_subtotal_minor").notNull().default(0),
    /** Points of this order earned but held (pending mode); released into the balance, or clawed first. */
    pendingPoints: points("pending_points").notNull().default(0),
    /** When it was paid (the order.paid event's time): pending `days` and fixed expiry count from here. */
    paidAt: instant("paid_at"),
    /** When it was fulfilled: `until_fulfilled` releases then (even if the fulfilment arrived first). */
    fulfilledAt: instant("fulfilled_at"),
    /** When its pending points are due for release (`days` mode); null otherwise. */
    releaseAt: instant("release_at"),
    /** When it was cancelled; a cancelled order keeps nothing it earned. */
    cancelledAt: instant("cancelled_at"),
    /** When the first webhook of this order was processed. */
    firstSeenAt: instant("first_seen_at").notNull().defaultNow(),
    /** Last change by the ledger. */
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  // No index on customer_id yet: the ledger reads orders by key only, and every index is
  // paid on each order write. The release index is partial on pending_points > 0, a column
  // that stays 0 in shops without pending points, so their order updates stay HOT.
  (t) => [
    primaryKey({ columns: [t.shop, t.orderId] }),
    index("customer_orders_release_due_idx")
      .on(t.releaseAt)
      .where(sql`${t.pendingPoints} > 0 AND ${t.releaseAt} IS NOT NULL`),
  ],
);
