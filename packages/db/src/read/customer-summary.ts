import type { Tier } from "@loyalty/core";
import type { Queryable } from "../db.ts";
import type { TiersLoader } from "../ledger/tiers-cache.ts";
import { loadTiersOfShops } from "../tiers-store.ts";
import { toSafeInt } from "../util.ts";

/** What the balance endpoint needs: the profile's counters and the shop's tiers. */
export interface CustomerSummary {
  customerId: string;
  balance: number;
  lifetimePoints: number;
  /** The stored tier key (tierFor of lifetime points, never below a granted tier). */
  tierKey: string | null;
  /** The shop's tiers, ordered by level, min points, key. */
  tiers: readonly Tier[];
}

interface SummaryRow {
  customer_id: string;
  balance: unknown;
  lifetime_points: unknown;
  tier: string | null;
}

/**
 * The hot read of the query API: one select by primary key, and the shop's tiers through
 * `tiers` — pass a `createTiersCache().tiersFor` so that, tiers being few and rarely changed,
 * a request is that one indexed select. Both run at once.
 */
export async function customerSummary(
  sql: Queryable,
  shop: string,
  customerId: string,
  tiers: TiersLoader = loadTiersOfShops,
): Promise<CustomerSummary | null> {
  const [rows, tiersByShop] = await Promise.all([
    sql<SummaryRow[]>`
      SELECT customer_id, balance, lifetime_points, tier FROM customers
      WHERE shop = ${shop} AND customer_id = ${customerId}`,
    tiers(sql, [shop]),
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    customerId: row.customer_id,
    balance: toSafeInt(row.balance, "customers.balance"),
    lifetimePoints: toSafeInt(row.lifetime_points, "customers.lifetime_points"),
    tierKey: row.tier,
    tiers: tiersByShop.get(shop) ?? [],
  };
}

export async function customerExists(sql: Queryable, shop: string, customerId: string): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM customers WHERE shop = ${shop} AND customer_id = ${customerId}`;
  return rows.length > 0;
}
