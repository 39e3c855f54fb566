import { json, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant, shopColumn } from "./util/columns.ts";

/**
 * Archive of every applied event, PARTITIONED BY RANGE (received_at) monthly with a DEFAULT
 * partition. drizzle-kit cannot declare partitioning, so this table is created by the custom
 * migration `drizzle/0001_events_archive.sql` and left out of drizzle.config.ts; this
 * declaration only gives queries their types. Monthly partitions: `ensureEventPartitions`.
 */
export const events = pgTable(
  "events",
  {
    /** Envelope id. */
    id: text("id").notNull(),
    /** The shop domain. */
    shop: shopColumn(),
    /** Envelope type, e.g. `refund.created`. */
    type: text("type").notNull(),
    /** The customer it concerned (refunds: resolved through the order); null for guests. */
    customerId: text("customer_id"),
    /** The order it concerned, when any. */
    orderId: text("order_id"),
    /** When Shopify says it happened. */
    occurredAt: instant("occurred_at").notNull(),
    /** When ingest received it; the partition key. */
    receivedAt: instant("received_at").notNull(),
    /**
     * The whole envelope as received; `{"redacted":true}` after GDPR redaction. json rather
     * than jsonb: written for every event, read rarely (see the migration for the figures).
     */
    payload: json("payload").notNull(),
  },
  (t) => [primaryKey({ columns: [t.id, t.receivedAt] })],
);
