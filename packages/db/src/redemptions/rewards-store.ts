import type { Queryable } from "../db.ts";
import { upsertShop } from "../shops-store.ts";
import { toSafeInt } from "../util.ts";
import type { Reward, RewardDefinition } from "./reward.ts";

interface RewardRow {
  key: string;
  name: string;
  cost_points: unknown;
  kind: Reward["kind"];
  value: string;
  active: boolean;
}

export function toReward(row: RewardRow): Reward {
  return {
    key: row.key,
    name: row.name,
    costPoints: toSafeInt(row.cost_points, "rewards.cost_points"),
    kind: row.kind,
    // numeric read as text: "5.00" → 5, the shortest exact decimal form.
    value: Number(row.value),
    active: row.active,
  };
}

/**
 * Inserts or updates rewards by key (a re-import changes name, cost, kind, value, active).
 * One statement over arrays, so an import is atomic. Returns them in the order given.
 * The definitions must already be validated (RewardDefinition).
 */
export async function upsertRewards(
  sql: Queryable,
  shopDomain: string,
  rewards: readonly RewardDefinition[],
): Promise<Reward[]> {
  const shop = await upsertShop(sql, { domain: shopDomain });
  if (rewards.length === 0) return [];
  const rows = await sql<RewardRow[]>`
    INSERT INTO rewards (shop, key, name, cost_points, kind, value, active)
    SELECT ${shop}, * FROM unnest(
      ${rewards.map((r) => r.key)}::text[], ${rewards.map((r) => r.name)}::text[],
      ${rewards.map((r) => r.costPoints)}::int8[], ${rewards.map((r) => r.kind)}::text[]::reward_kind[],
      ${rewards.map((r) => String(r.value))}::text[]::numeric[], ${rewards.map((r) => String(r.active))}::text[]::bool[])
    ON CONFLICT (shop, key) DO UPDATE SET
      name = EXCLUDED.name, cost_points = EXCLUDED.cost_points, kind = EXCLUDED.kind,
      value = EXCLUDED.value, active = EXCLUDED.active, updated_at = now()
    RETURNING key, name, cost_points, kind, value::text AS value, active`;
  const byKey = new Map(rows.map((row) => [row.key, toReward(row)]));
  return rewards.map((r) => byKey.get(r.key)).filter((r): r is Reward => r !== undefined);
}

/** A shop's rewards, active and inactive, cheapest first. */
export async function listRewards(sql: Queryable, shop: string): Promise<Reward[]> {
  const rows = await sql<RewardRow[]>`
    SELECT key, name, cost_points, kind, value::text AS value, active FROM rewards WHERE shop = ${shop} ORDER BY cost_points, key`;
  return rows.map(toReward);
}

export async function findReward(sql: Queryable, shop: string, key: string): Promise<Reward | null> {
  const [row] = await sql<RewardRow[]>`
    SELECT key, name, cost_points, kind, value::text AS value, active FROM rewards WHERE shop = ${shop} AND key = ${key}`;
  return row ? toReward(row) : null;
}
