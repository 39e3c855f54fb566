import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { shops } from "./shops.ts";
import { instant } from "./util/columns.ts";

/**
 * A shop's `/v1/settings` document (pending, expiry, time zone, point value), validated by
 * ShopSettings on write. One jsonb column: the document is read whole (cached per shop by the
 * ledger) and grows by sections other features add (referrals), without a migration each time.
 * No row = every default.
 */
export const shopSettings = pgTable("shop_settings", {
  shop: text("shop")
    .primaryKey()
    .references(() => shops.domain),
  /** The validated document as PUT (defaults filled in). */
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
  updatedAt: instant("updated_at").notNull().defaultNow(),
});
