import { sql } from "drizzle-orm";
import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { instant, shopColumn } from "./util/columns.ts";

/** A merchant's URL subscribed to loyalty events, with the secret its deliveries are signed with. */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    shop: shopColumn(),
    /** https URL the dispatcher POSTs to. */
    url: text("url").notNull(),
    /** HMAC-SHA256 key for X-Loyalty-Signature; shown once at creation. */
    secret: text("secret").notNull(),
    /** Event types delivered (`points.awarded`, `tier.changed`, …); `*` for all. */
    events: text("events").array().notNull().default(sql`ARRAY['*']::text[]`),
    createdAt: instant("created_at").notNull().defaultNow(),
    /** Set when deleted; deliveries stop, history stays. */
    deletedAt: instant("deleted_at"),
  },
  (t) => [index("webhook_endpoints_shop_idx").on(t.shop).where(sql`${t.deletedAt} IS NULL`)],
);
