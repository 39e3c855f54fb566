import { sql } from "drizzle-orm";
import { index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant, points, shopColumn } from "./util/columns.ts";

/**
 * Expiring lots (fixed expiry): each earning of a customer with what is left of it. Debits
 * (redemptions, clawbacks, negative adjustments, expiry) consume the oldest first (FIFO by
 * expires_at), so Σ remaining ≤ max(balance, 0) — `loyalty verify` checks it. Rows are only
 * written for shops whose expiry mode is `fixed`.
 */
export const pointsLots = pgTable(
  "points_lots",
  {
    shop: shopColumn(),
    customerId: text("customer_id").notNull(),
    /** What earned it: `order:<id>` (all of an order's points), `event:<id>`, `adjust:<key>`. */
    lotKey: text("lot_key").notNull(),
    /** Points the lot was credited with. */
    points: points("points").notNull(),
    /** What is left; 0 once consumed or expired. */
    remaining: points("remaining").notNull(),
    /** When the points were earned (the order's paid time, or the event's occurredAt). */
    earnedAt: instant("earned_at").notNull(),
    /** earned_at + expiry days: what is left then becomes an `expire` ledger row. */
    expiresAt: instant("expires_at").notNull(),
    /** When the next `points.expiring` reminder is due (null: none left to send). */
    nextReminderAt: instant("next_reminder_at"),
    /** When the last reminder went out, and how many days ahead it was. */
    remindedDaysBefore: points("reminded_days_before"),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.shop, t.customerId, t.lotKey] }),
    // The scheduler's two due queries: range scans over live lots only (spent lots drop out).
    index("points_lots_expiry_due_idx").on(t.expiresAt).where(sql`${t.remaining} > 0`),
    index("points_lots_reminder_due_idx")
      .on(t.nextReminderAt)
      .where(sql`${t.remaining} > 0 AND ${t.nextReminderAt} IS NOT NULL`),
  ],
);
