import { integer, numeric, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { shops } from "./shops.ts";
import { lifecycleDates, points, shopColumn } from "./util/columns.ts";

/** A shop's tiers (CONTRACT.md tiers file); thresholds on lifetime points. */
export const tiers = pgTable(
  "tiers",
  {
    /** The owning shop. */
    shop: shopColumn().references(() => shops.domain),
    /** Stable key (customers.tier holds it), e.g. `gold`. */
    key: text("key").notNull(),
    /** Display name. */
    name: text("name").notNull(),
    /** Rank among the shop's tiers; breaks ties of equal min_points and orders granted floors. */
    level: integer("level").notNull(),
    /** Lifetime points needed. */
    minPoints: points("min_points").notNull(),
    /**
     * Rate-action multiplier, exact decimal (1.15 stays 1.15): read as text and handed to
     * core's exact ratio arithmetic, never through float maths in SQL.
     */
    multiplier: numeric("multiplier").notNull().default("1"),
    ...lifecycleDates,
  },
  (t) => [primaryKey({ columns: [t.shop, t.key] })],
);
