import { sql } from "drizzle-orm";
import { integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { shops } from "./shops.ts";
import { instant, lifecycleDates, minorUnits, points, shopColumn } from "./util/columns.ts";

/**
 * The loyalty profile of one customer of one shop. Its counters are a cache of the ledger
 * and the orders, kept in step inside the ledger transaction while the row is locked
 * (`SELECT … FOR UPDATE`): whoever changes a balance must hold this row's lock.
 */
export const customers = pgTable(
  "customers",
  {
    /** The owning shop. */
    shop: shopColumn().references(() => shops.domain),
    /** Shopify customer id. */
    customerId: text("customer_id").notNull(),
    /** Σ points_ledger.delta for this customer; may go negative after a clawback. */
    balance: points("balance").notNull().default(0),
    /** Points earned minus points clawed back; redemptions do not lower it. Drives the tier. */
    lifetimePoints: points("lifetime_points").notNull().default(0),
    /** Points earned but not yet spendable (Σ customer_orders.pending_points); not in balance or lifetime. */
    pendingPoints: points("pending_points").notNull().default(0),
    /** The last earning or redemption: inactivity expiry counts from here. */
    lastActivityAt: instant("last_activity_at"),
    /** Distinct orders seen for this customer, whatever order their webhooks arrived in. */
    ordersCount: integer("orders_count").notNull().default(0),
    /** Σ latest total_minor of those distinct orders, in the shop currency. */
    totalSpentMinor: minorUnits("total_spent_minor").notNull().default(0),
    /** Current tier key: tierFor(shop tiers, lifetime_points), never below granted_tier. */
    tier: text("tier"),
    /** Tier granted by a rule `tier` action: a floor the computed tier never drops below. */
    grantedTier: text("granted_tier"),
    /** PII, erased by customers/redact and shop/redact. */
    email: text("email"),
    /** PII. */
    firstName: text("first_name"),
    /** PII. */
    lastName: text("last_name"),
    /** PII. */
    phone: text("phone"),
    /** Shopify customer tags (a `customer.tags` fact); emptied on redaction. */
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** Shopify's updated_at of the profile we hold: an older customers/update is ignored. */
    profileUpdatedAt: instant("profile_updated_at"),
    /** Set once PII is erased; later profile updates are ignored so PII never comes back. */
    redactedAt: instant("redacted_at"),
    ...lifecycleDates,
  },
  (t) => [primaryKey({ columns: [t.shop, t.customerId] })],
);
