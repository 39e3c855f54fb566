import { pgTable, text } from "drizzle-orm/pg-core";
import { instant, shopColumn } from "./util/columns.ts";

/** Outcomes kept: an event that failed leaves no row, so its retry is not mistaken for a duplicate. */
export const PROCESSED_OUTCOMES = ["applied", "no_effect"] as const;
export type ProcessedOutcome = (typeof PROCESSED_OUTCOMES)[number];

/**
 * The effectively-once gate: inserted first in the ledger transaction. A replica inserting
 * the same id concurrently blocks until the first commits, then conflicts and skips it.
 */
export const processedEvents = pgTable("processed_events", {
  /** Envelope id (stable across Shopify redeliveries of one webhook). */
  eventId: text("event_id").primaryKey(),
  /** The shop domain. */
  shop: shopColumn(),
  /** Envelope type, e.g. `order.paid`. */
  type: text("type").notNull(),
  /** `applied` (state changed) or `no_effect` (guest order, known refund, archive-only topic…). */
  outcome: text("outcome").$type<ProcessedOutcome>().notNull(),
  /** When its batch was applied. */
  processedAt: instant("processed_at").notNull().defaultNow(),
});
