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
  pendingPoints: number;
  /** Live lots grouped by expiry instant, soonest first (empty unless the shop uses fixed expiry). */
  expiringPoints: Array<{ points: number; expiresAt: string }>;
  /** The stored tier key (tierFor of lifetime points, never below a granted tier). */
  tierKey: string | null;
  /** The shop's tiers, ordered by level, min points, key. */
  tiers: readonly Tier[];
}

interface SummaryRow {
  customer_id: string;
  balance: unknown;
  lifetime_points: unknown;
  pending_points: unknown;
  tier: string | null;
  expiring: Array<{ points: number | string; expiresAt: string }> | null;
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
      SELECT c.customer_id, c.balance, c.lifetime_points, c.pending_points, c.tier,
        (SELECT json_agg(json_build_object('points', e.points, 'expiresAt', e.expires_at) ORDER BY e.expires_at)
         FROM (SELECT sum(remaining) AS points,
                 to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS expires_at
               FROM points_lots l
               WHERE l.shop = c.shop AND l.customer_id = c.customer_id AND l.remaining > 0
               GROUP BY l.expires_at) e) AS expiring
      FROM customers c
      WHERE c.shop = ${shop} AND c.customer_id = ${customerId}`,
    tiers(sql, [shop]),
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    customerId: row.customer_id,
    balance: toSafeInt(row.balance, "customers.balance"),
    lifetimePoints: toSafeInt(row.lifetime_points, "customers.lifetime_points"),
    pendingPoints: toSafeInt(row.pending_points, "customers.pending_points"),
    expiringPoints: (row.expiring ?? []).map((e) => ({
      points: toSafeInt(e.points, "points_lots.remaining"),
      expiresAt: e.expiresAt,
    })),
    tierKey: row.tier,
    tiers: tiersByShop.get(shop) ?? [],
  };
}

export async function customerExists(sql: Queryable, shop: string, customerId: string): Promise<boolean> {
  const rows = await sql`SELECT 1 FROM customers WHERE shop = ${shop} AND customer_id = ${customerId}`;
  return rows.length > 0;
}
