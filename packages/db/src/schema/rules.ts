import { sql } from "drizzle-orm";
import { integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { shops } from "./shops.ts";
import { lifecycleDates, shopColumn, version } from "./util/columns.ts";
import { ruleStatus } from "./util/enums.ts";

/** A rule's identity and state; its definition lives in immutable `rule_versions`. */
export const rules = pgTable(
  "rules",
  {
    /** Stable rule id: ledger rows, awards and executions name it. */
    id: uuid("id").primaryKey().defaultRandom(),
    /** The owning shop. */
    shop: shopColumn().references(() => shops.domain),
    /** Merchant-facing name; unique per shop among non-archived rules (`rules import` matches on it). */
    name: text("name").notNull(),
    /** active (evaluated) | paused | archived (name free for reuse). */
    status: ruleStatus("status").notNull().default("active"),
    /** The version evaluated now. */
    currentVersion: version("current_version").notNull(),
    /** Higher runs first. */
    priority: integer("priority").notNull().default(0),
    ...lifecycleDates,
  },
  (t) => [uniqueIndex("rules_shop_name_idx").on(t.shop, t.name).where(sql`${t.status} <> 'archived'`)],
);
