import type { Queryable } from "../db.ts";
import { upsertShop } from "../shops-store.ts";
import { toSafeInt } from "../util.ts";
import type { Reward, RewardDefinition } from "./reward.ts";

interface RewardRow {
  key: string;
  name: string;
  cost_points: unknown;
  kind: Reward["kind"];
  value: string | null;
  expires_in_days: number | null;
  minimum_subtotal: string | null;
  combines_with: Reward["combinesWith"];
  active: boolean;
}

/** The columns toReward reads, numerics as text so no precision is lost on the way. */
export const REWARD_COLUMNS =
  "key, name, cost_points, kind, value::text AS value, expires_in_days, minimum_subtotal::text AS minimum_subtotal, combines_with, active";

export function toReward(row: RewardRow): Reward {
  return {
    key: row.key,
    name: row.name,
    costPoints: toSafeInt(row.cost_points, "rewards.cost_points"),
    kind: row.kind,
    // numeric read as text: "5.00" → 5, the shortest exact decimal form.
    value: row.value === null ? null : Number(row.value),
    expiresInDays: row.expires_in_days,
    minimumSubtotal: row.minimum_subtotal === null ? null : Number(row.minimum_subtotal),
    combinesWith: row.combines_with,
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
    INSERT INTO rewards (shop, key, name, cost_points, kind, value, expires_in_days, minimum_subtotal, combines_with, active)
    SELECT ${shop}, key, name, cost, kind, value, days, minimum, combines::jsonb, active FROM unnest(
      ${rewards.map((r) => r.key)}::text[], ${rewards.map((r) => r.name)}::text[],
      ${rewards.map((r) => r.costPoints)}::int8[], ${rewards.map((r) => r.kind)}::text[]::reward_kind[],
      ${rewards.map((r) => (r.value === null ? null : String(r.value)))}::text[]::numeric[],
      ${rewards.map((r) => r.expiresInDays)}::int4[],
      ${rewards.map((r) => (r.minimumSubtotal === null ? null : String(r.minimumSubtotal)))}::text[]::numeric[],
      ${rewards.map((r) => (r.combinesWith === null ? null : JSON.stringify(r.combinesWith)))}::text[],
      ${rewards.map((r) => String(r.active))}::text[]::bool[])
      AS t(key, name, cost, kind, value, days, minimum, combines, active)
    ON CONFLICT (shop, key) DO UPDATE SET
      name = EXCLUDED.name, cost_points = EXCLUDED.cost_points, kind = EXCLUDED.kind,
      value = EXCLUDED.value, expires_in_days = EXCLUDED.expires_in_days,
      minimum_subtotal = EXCLUDED.minimum_subtotal, combines_with = EXCLUDED.combines_with,
      active = EXCLUDED.active, updated_at = now()
    RETURNING ${sql.unsafe(REWARD_COLUMNS)}`;
  const byKey = new Map(rows.map((row) => [row.key, toReward(row)]));
  return rewards.map((r) => byKey.get(r.key)).filter((r): r is Reward => r !== undefined);
}

/** A shop's rewards, active and inactive, cheapest first. */
export async function listRewards(sql: Queryable, shop: string): Promise<Reward[]> {
  const rows = await sql<RewardRow[]>`
    SELECT ${sql.unsafe(REWARD_COLUMNS)} FROM rewards WHERE shop = ${shop} ORDER BY cost_points, key`;
  return rows.map(toReward);
}

export async function findReward(sql: Queryable, shop: string, key: string): Promise<Reward | null> {
  const [row] = await sql<RewardRow[]>`
    SELECT ${sql.unsafe(REWARD_COLUMNS)} FROM rewards WHERE shop = ${shop} AND key = ${key}`;
  return row ? toReward(row) : null;
}
