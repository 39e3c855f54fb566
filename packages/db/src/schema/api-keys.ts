import { sql } from "drizzle-orm";
import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { instant, shopColumn } from "./util/columns.ts";

/**
 * Per-shop API keys for the query API. Only a SHA-256 hash of the key is stored: the key
 * itself is printed once by `loyalty keys create` and cannot be recovered from the database.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The shop this key acts for: every query it makes is scoped to it. */
    shop: shopColumn(),
    /** hex SHA-256 of the full key; looked up on every request. */
    keyHash: text("key_hash").notNull().unique(),
    /** The key's first characters (e.g. `lsk_3f9a`), to tell keys apart in listings. */
    prefix: text("prefix").notNull(),
    /** A note from whoever created it ("storefront", "ERP sync"). */
    label: text("label"),
    createdAt: instant("created_at").notNull().defaultNow(),
    lastUsedAt: instant("last_used_at"),
    /** Set on revocation; a revoked key authenticates nothing. */
    revokedAt: instant("revoked_at"),
  },
  (t) => [index("api_keys_shop_idx").on(t.shop).where(sql`${t.revokedAt} IS NULL`)],
);
