import { bigint, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { instant, points, shopColumn } from "./util/columns.ts";

/**
 * Manual adjustments (`POST /v1/customers/:id/adjustments`), one per (shop, idempotency key):
 * the same key again answers the stored response and changes nothing.
 */
export const adjustments = pgTable(
  "adjustments",
  {
    shop: shopColumn(),
    idempotencyKey: text("idempotency_key").notNull(),
    customerId: text("customer_id").notNull(),
    points: points("points").notNull(),
    reason: text("reason").notNull(),
    /** The API key that made it. */
    apiKeyId: text("api_key_id"),
    /** The `adjust` ledger row it wrote. */
    ledgerId: bigint("ledger_id", { mode: "number" }).notNull(),
    /** The exact 201 body returned the first time. */
    response: jsonb("response").$type<Record<string, unknown>>().notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.shop, t.idempotencyKey] })],
);
