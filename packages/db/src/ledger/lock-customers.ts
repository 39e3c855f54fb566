import type { Queryable } from "../db.ts";
import { toIsoOrNull, toSafeInt } from "../util.ts";
import type { CustomerState } from "./decide/types.ts";
import { textArray } from "./pg-arrays.ts";

export interface CustomerKey {
  shop: string;
  customerId: string;
}

/**
 * Inserts the missing customers (already at the tier 0 lifetime points gives them), then
 * locks them all, sorted by (shop, customer_id) in byte order (JS sort and COLLATE "C"
 * agree): every writer takes customer locks in the same order, so concurrent batches queue
 * instead of deadlocking. Both statements are pipelined. Returns the rows and which were new.
 */
export async function lockCustomers(
  tx: Queryable,
  keys: readonly CustomerKey[],
  now: string,
  initialTier: (shop: string) => string | null,
) {
  const sorted = [...keys].sort((a, b) => compare(a.shop, b.shop) || compare(a.customerId, b.customerId));
  const [shops, customerIds, tiers] = [
    textArray(sorted, (k) => k.shop),
    textArray(sorted, (k) => k.customerId),
    textArray(sorted, (k) => initialTier(k.shop)),
  ];
  const insert = tx<CustomerKey[]>`
    INSERT INTO customers (shop, customer_id, tier, created_at, updated_at)
    SELECT shop, customer_id, tier, ${now}::timestamptz, ${now}::timestamptz
    FROM unnest(${shops}::text[], ${customerIds}::text[], ${tiers}::text[]) AS k(shop, customer_id, tier)
    ON CONFLICT (shop, customer_id) DO NOTHING
    RETURNING shop, customer_id AS "customerId"`.execute();
  const select = tx<CustomerRow[]>`
    SELECT c.shop, c.customer_id, c.balance, c.lifetime_points, c.orders_count, c.total_spent_minor, c.tier,
      c.granted_tier, c.email, c.first_name, c.last_name, c.phone, c.tags, c.profile_updated_at, c.redacted_at,
      c.pending_points, c.last_activity_at
    FROM customers c
    JOIN unnest(${shops}::text[], ${customerIds}::text[]) AS k(shop, customer_id) USING (shop, customer_id)
    ORDER BY c.shop COLLATE "C", c.customer_id COLLATE "C"
    FOR UPDATE OF c`.execute();
  const [inserted, rows] = await Promise.all([insert, select]);
  return { customers: rows.map(toCustomerState), inserted: [...inserted] };
}

interface CustomerRow {
  shop: string;
  customer_id: string;
  balance: unknown;
  lifetime_points: unknown;
  orders_count: number;
  total_spent_minor: unknown;
  tier: string | null;
  granted_tier: string | null;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  tags: string[];
  profile_updated_at: unknown;
  redacted_at: unknown;
  pending_points: unknown;
  last_activity_at: unknown;
}

function toCustomerState(row: CustomerRow): CustomerState {
  return {
    shop: row.shop,
    customerId: row.customer_id,
    balance: toSafeInt(row.balance, "customers.balance"),
    lifetimePoints: toSafeInt(row.lifetime_points, "customers.lifetime_points"),
    pendingPoints: toSafeInt(row.pending_points, "customers.pending_points"),
    lastActivityAt: toIsoOrNull(row.last_activity_at),
    ordersCount: row.orders_count,
    totalSpentMinor: toSafeInt(row.total_spent_minor, "customers.total_spent_minor"),
    tier: row.tier,
    grantedTier: row.granted_tier,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    tags: row.tags,
    profileUpdatedAt: toIsoOrNull(row.profile_updated_at),
    redactedAt: toIsoOrNull(row.redacted_at),
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
