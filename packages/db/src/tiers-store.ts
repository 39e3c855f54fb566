import { LoyaltyError, type Tier, TierList } from "@loyalty/core";
import type { Queryable, Sql } from "./db.ts";
import { upsertShop } from "./shops-store.ts";
import { toSafeInt } from "./util.ts";

interface TierRow {
  shop: string;
  key: string;
  name: string;
  level: number;
  min_points: string | number;
  multiplier: string;
}

function toTier(row: TierRow): Tier {
  return {
    key: row.key,
    name: row.name,
    level: row.level,
    minPoints: toSafeInt(row.min_points, "tiers.min_points"),
    // numeric read as text: "1.15" → 1.15, whose shortest decimal form core's ratio reads back exactly.
    multiplier: Number(row.multiplier),
  };
}

/** Tiers of several shops, each ordered by level, min points, key (the order tierFor's ties rely on). */
export async function loadTiersOfShops(
  sql: Queryable,
  shops: readonly string[],
): Promise<Map<string, Tier[]>> {
  const result = new Map<string, Tier[]>(shops.map((shop) => [shop, []]));
  if (shops.length === 0) return result;
  const rows = await sql<TierRow[]>`
    SELECT shop, key, name, level, min_points, multiplier::text AS multiplier
    FROM tiers WHERE shop = ANY(${shops as string[]}::text[])
    ORDER BY shop, level, min_points, key`;
  for (const row of rows) result.get(row.shop)?.push(toTier(row));
  return result;
}

export async function loadTiers(sql: Queryable, shop: string): Promise<Tier[]> {
  return (await loadTiersOfShops(sql, [shop])).get(shop) ?? [];
}

/**
 * Replaces a shop's tiers (PUT /v1/tiers, `loyalty tiers import`) and, in the same
 * transaction, moves every customer of the shop to the tier the new thresholds give them
 * (set-based; the same rule as the ledger's effectiveTier and verifyLedger). No tier.changed
 * webhooks are emitted for this bulk move. Returns how many customers changed tier.
 */
export async function replaceTiers(
  sql: Sql,
  shopDomain: string,
  tiers: readonly unknown[],
): Promise<{ changed: number }> {
  const parsed = TierList.safeParse(tiers);
  if (!parsed.success) {
    throw new LoyaltyError(
      "invalid_tiers",
      "the tiers are not valid",
      parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message })),
    );
  }
  const list = parsed.data;
  return sql.begin(async (tx) => {
    const shop = await upsertShop(tx, { domain: shopDomain });
    await tx`DELETE FROM tiers WHERE shop = ${shop}`;
    if (list.length > 0) {
      await tx`
        INSERT INTO tiers (shop, key, name, level, min_points, multiplier)
        SELECT ${shop}, * FROM unnest(
          ${list.map((t) => t.key)}::text[], ${list.map((t) => t.name)}::text[],
          ${list.map((t) => t.level)}::int[], ${list.map((t) => t.minPoints)}::int8[],
          ${list.map((t) => String(t.multiplier))}::text[]::numeric[])`;
    }
    const moved = await tx`
      UPDATE customers c SET tier = x.expected, updated_at = now()
      FROM (
        SELECT c2.shop, c2.customer_id,
          CASE WHEN g.key IS NOT NULL AND (e.key IS NULL OR g.level > e.level) THEN g.key ELSE e.key END AS expected
        FROM customers c2
        LEFT JOIN LATERAL (
          SELECT t.key, t.level FROM tiers t
          WHERE t.shop = c2.shop AND t.min_points <= c2.lifetime_points
          ORDER BY t.min_points DESC, t.level DESC, t.key ASC LIMIT 1
        ) e ON true
        LEFT JOIN tiers g ON g.shop = c2.shop AND g.key = c2.granted_tier
        WHERE c2.shop = ${shop}
      ) x
      WHERE c.shop = x.shop AND c.customer_id = x.customer_id AND c.tier IS DISTINCT FROM x.expected`;
    return { changed: moved.count };
  });
}
