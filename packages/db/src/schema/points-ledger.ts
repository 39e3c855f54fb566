import { bigserial, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { instant, points, shopColumn, version } from "./util/columns.ts";
import { ledgerKind } from "./util/enums.ts";

/**
 * Append-only: every balance is the sum of its ledger rows (`loyalty verify` checks it).
 * Rows are never updated or deleted; a correction is a new `adjust` row.
 * No foreign keys on purpose: this is the hottest insert path, and every row is written in
 * the same transaction as the customer row it belongs to.
 */
export const pointsLedger = pgTable(
  "points_ledger",
  {
    /** Monotonic: the history cursor and the tiebreak of "newest first". */
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The shop domain. */
    shop: shopColumn(),
    /** Shopify customer id (customers row of the same shop). */
    customerId: text("customer_id").notNull(),
    /** Signed points: earn > 0, clawback/redeem/expire < 0, adjust either way. */
    delta: points("delta").notNull(),
    /** earn | clawback | redeem | adjust | expire. */
    kind: ledgerKind("kind").notNull(),
    /** Human sentence shown in the transaction history (a rule's reason, "Refund of order …"). */
    reason: text("reason").notNull(),
    /** The event that caused the row (null for manual adjustments and redemptions). */
    eventId: text("event_id"),
    /** The rule that awarded it (earn rows). */
    ruleId: uuid("rule_id"),
    /** The rule version that awarded it. */
    ruleVersion: version("rule_version"),
    /** The order it concerns (earn and clawback rows of orders). */
    orderId: text("order_id"),
    /** The API key that made it (manual adjustments); null for what events and the system did. */
    apiKeyId: text("api_key_id"),
    /** When the ledger transaction committed it. */
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("points_ledger_history_idx").on(t.shop, t.customerId, t.id.desc())],
);
