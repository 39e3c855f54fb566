import { pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { instant, points, shopColumn, version } from "./util/columns.ts";

/**
 * "Each rule awards at most once per order, whatever webhook ids Shopify uses; non-order
 * events award at most once per event id." One table for both, keyed by a business key
 * (`order:<order id>` or `event:<event id>`), so the ledger has one code path. A rule that
 * fired for a key does not fire again for it: its points, tier and webhook actions are skipped.
 */
export const ruleAwards = pgTable(
  "rule_awards",
  {
    /** The shop domain. */
    shop: shopColumn(),
    /** `order:<Shopify order id>` for order events, `event:<event id>` otherwise. */
    businessKey: text("business_key").notNull(),
    /** The rule that fired (rules.id). */
    ruleId: uuid("rule_id").notNull(),
    /** The rule version that fired. */
    ruleVersion: version("rule_version").notNull(),
    /** The order, for order business keys. */
    orderId: text("order_id"),
    /** The event whose evaluation fired the rule. */
    eventId: text("event_id").notNull(),
    /** Points the rule awarded (0 when it only granted a tier or emitted a webhook). */
    points: points("points").notNull(),
    /** When it fired. */
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.shop, t.businessKey, t.ruleId] })],
);
