import type { Queryable } from "./db.ts";
import { toSafeInt } from "./util.ts";

export interface LedgerMismatch {
  shop: string;
  customerId: string;
  kind: "balance" | "lifetime" | "tier";
  expected: number | string | null;
  actual: number | string | null;
}

export interface VerifyResult {
  ok: boolean;
  customersChecked: number;
  mismatches: LedgerMismatch[];
}

/**
 * `loyalty verify`: every profile against its ledger, in one pass of set-based SQL (a hash
 * aggregate of the ledger joined to customers; fine over 100k customers and millions of rows).
 * - balance = Σ delta;
 * - lifetime = Σ earn + Σ clawback (clawbacks are negative; redemptions don't count);
 * - tier = the highest tier whose min_points ≤ that lifetime (ties: higher level, then key),
 *   raised to the granted tier when its level is higher — effectiveTier's rule, in SQL.
 * Reports at most `maxMismatches` customers (default 1000); `ok` is false if there is any.
 */
export async function verifyLedger(
  sql: Queryable,
  options: { shop?: string; maxMismatches?: number } = {},
): Promise<VerifyResult> {
  const shop = options.shop ?? null;
  const [counted] = await sql<{ count: unknown }[]>`
    SELECT count(*) AS count FROM customers WHERE ${shop}::text IS NULL OR shop = ${shop}::text`;
  const rows = await sql<Record<string, unknown>[]>`
    WITH sums AS (
      SELECT shop, customer_id, sum(delta) AS balance,
        COALESCE(sum(delta) FILTER (WHERE kind IN ('earn', 'clawback')), 0) AS lifetime
      FROM points_ledger
      WHERE ${shop}::text IS NULL OR shop = ${shop}::text
      GROUP BY shop, customer_id
    ),
    checked AS (
      SELECT c.shop, c.customer_id, c.balance, c.lifetime_points, c.tier,
        COALESCE(s.balance, 0) AS expected_balance, COALESCE(s.lifetime, 0) AS expected_lifetime, c.granted_tier
      FROM customers c LEFT JOIN sums s USING (shop, customer_id)
      WHERE ${shop}::text IS NULL OR c.shop = ${shop}::text
    ),
    expected AS (
      SELECT k.*,
        CASE WHEN g.key IS NOT NULL AND (e.key IS NULL OR g.level > e.level) THEN g.key ELSE e.key END AS expected_tier
      FROM checked k
      LEFT JOIN LATERAL (
        SELECT t.key, t.level FROM tiers t
        WHERE t.shop = k.shop AND t.min_points <= k.expected_lifetime
        ORDER BY t.min_points DESC, t.level DESC, t.key ASC LIMIT 1
      ) e ON true
      LEFT JOIN tiers g ON g.shop = k.shop AND g.key = k.granted_tier
    )
    SELECT shop, customer_id, balance, expected_balance, lifetime_points, expected_lifetime, tier, expected_tier
    FROM expected
    WHERE balance <> expected_balance OR lifetime_points <> expected_lifetime OR tier IS DISTINCT FROM expected_tier
    ORDER BY shop, customer_id
    LIMIT ${options.maxMismatches ?? 1000}`;
  const customersChecked = toSafeInt(counted?.count ?? 0, "count");
  const mismatches: LedgerMismatch[] = [];
  for (const row of rows) {
    const shopOf = String(row.shop);
    const customerId = String(row.customer_id);
    const pairs: Array<[LedgerMismatch["kind"], unknown, unknown, boolean]> = [
      ["balance", row.expected_balance, row.balance, true],
      ["lifetime", row.expected_lifetime, row.lifetime_points, true],
      ["tier", row.expected_tier, row.tier, false],
    ];
    for (const [kind, expectedRaw, actualRaw, numeric] of pairs) {
      const expected = numeric ? toSafeInt(expectedRaw, kind) : ((expectedRaw as string | null) ?? null);
      const actual = numeric ? toSafeInt(actualRaw, kind) : ((actualRaw as string | null) ?? null);
      if (expected !== actual) mismatches.push({ shop: shopOf, customerId, kind, expected, actual });
    }
  }
  return { ok: mismatches.length === 0, customersChecked, mismatches };
}
