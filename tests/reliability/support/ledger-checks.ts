import type { Queryable } from "@loyalty/db";

/** Customers whose balance or lifetime points differ from the hand-computed expectation. */
export async function balanceMismatches(
  sql: Queryable,
  shop: string,
  expected: ReadonlyMap<string, number>,
): Promise<Array<{ customerId: string; expected: number; balance: number; lifetime: number }>> {
  const rows = await sql<{ customer_id: string; balance: number; lifetime_points: number }[]>`
    SELECT customer_id, balance::int8 AS balance, lifetime_points::int8 AS lifetime_points
    FROM customers WHERE shop = ${shop}`;
  const actual = new Map(rows.map((row) => [row.customer_id, row]));
  const out: Array<{ customerId: string; expected: number; balance: number; lifetime: number }> = [];
  for (const customerId of new Set([...expected.keys(), ...actual.keys()])) {
    const want = expected.get(customerId) ?? 0;
    const row = actual.get(customerId);
    const balance = Number(row?.balance ?? 0);
    const lifetime = Number(row?.lifetime_points ?? 0);
    if (balance !== want || lifetime !== want) out.push({ customerId, expected: want, balance, lifetime });
  }
  return out;
}

/**
 * Double counts the primary keys cannot rule out: points_ledger has no unique key, so an
 * order's earn row for one rule written twice, or clawbacks beyond what the order earned,
 * would only show here.
 */
export async function doubleCounts(sql: Queryable): Promise<{ repeatedAwards: number; overClawed: number }> {
  const [awards] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM points_ledger WHERE kind = 'earn'
      GROUP BY shop, order_id, rule_id HAVING count(*) > 1) repeated`;
  const [clawed] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM points_ledger WHERE order_id IS NOT NULL
      GROUP BY shop, order_id
      HAVING -COALESCE(sum(delta) FILTER (WHERE kind = 'clawback'), 0) > COALESCE(sum(delta) FILTER (WHERE kind = 'earn'), 0)
    ) over_clawed`;
  return { repeatedAwards: awards?.n ?? 0, overClawed: clawed?.n ?? 0 };
}
