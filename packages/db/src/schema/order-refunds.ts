import { pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant, minorUnits, shopColumn } from "./util/columns.ts";

/**
 * Refunds by Shopify refund id: a refund counts once however many webhooks announce it
 * (Shopify may send refunds/create again under a new webhook id).
 */
export const orderRefunds = pgTable(
  "order_refunds",
  {
    /** The shop domain. */
    shop: shopColumn(),
    /** Shopify refund id. */
    refundId: text("refund_id").notNull(),
    /** The refunded order. */
    orderId: text("order_id").notNull(),
    /** Σ refund_line_items[].subtotal (or the refund transactions without line items), minor units. */
    refundedSubtotalMinor: minorUnits("refunded_subtotal_minor").notNull(),
    /** The event that recorded it. */
    eventId: text("event_id").notNull(),
    /** When the refund was recorded. */
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.shop, t.refundId] })],
);
