import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { instant, shopColumn } from "./util/columns.ts";

/** Built-in outbound event types; rule `webhook` actions are `custom` (their name is in the payload). */
export const OUTBOX_EVENT_TYPES = [
  "points.awarded",
  "points.clawed_back",
  "tier.changed",
  "reward.redeemed",
  "points.expiring",
  "points.expired",
  "custom",
] as const;
export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];

/**
 * Transactional outbox: written in the ledger transaction, relayed afterwards to
 * `loyalty:webhooks:{p}` so a merchant webhook is sent if and only if its change committed.
 */
export const outbox = pgTable(
  "outbox",
  {
    /** Relay order. */
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The shop whose endpoints receive it. */
    shop: shopColumn(),
    /** core `partitionKey` of the customer (or order): the relay's stream partition, stable across P. */
    partitionKey: text("partition_key").notNull(),
    /** Outbound event type (OUTBOX_EVENT_TYPES). */
    type: text("type").$type<OutboxEventType>().notNull(),
    /** What subscribers receive as `data`. */
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    /** The inbound event that caused it, when any. */
    eventId: text("event_id"),
    /** When its change committed. */
    createdAt: instant("created_at").notNull().defaultNow(),
    /** Set by the relay once the row is on the webhook stream; null = still to relay. */
    relayedAt: instant("relayed_at"),
  },
  (t) => [index("outbox_pending_idx").on(t.id).where(sql`${t.relayedAt} IS NULL`)],
);
