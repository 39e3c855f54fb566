import { bigserial, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { instant, shopColumn } from "./util/columns.ts";

/** One row per delivery attempt to one endpoint: what an operator reads when a merchant says "we got nothing". */
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    shop: shopColumn(),
    endpointId: uuid("endpoint_id").notNull(),
    /** Stable across attempts (X-Loyalty-Delivery-Id), so receivers can dedupe. */
    deliveryId: text("delivery_id").notNull(),
    eventType: text("event_type").notNull(),
    attempt: integer("attempt").notNull(),
    /** delivered | failed | dead_lettered */
    outcome: text("outcome").notNull(),
    /** HTTP status, null when no answer (timeout, connection refused). */
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    index("webhook_deliveries_delivery_idx").on(t.deliveryId),
    index("webhook_deliveries_shop_idx").on(t.shop, t.createdAt),
  ],
);
