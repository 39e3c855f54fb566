import type { LedgerKind, Sql } from "@loyalty/db";
import { RewardDefinition, upsertRewards, upsertShop } from "@loyalty/db";

export interface SeedEntry {
  delta: number;
  kind?: LedgerKind;
  reason?: string;
  orderId?: string | null;
  eventId?: string | null;
}

/**
 * A customer whose profile matches its ledger (balance = Σ delta, lifetime = Σ earn + clawback),
 * written straight in SQL: these tests are about reading and spending, not about the processor.
 */
export async function seedCustomer(
  sql: Sql,
  shop: string,
  customerId: string,
  entries: readonly SeedEntry[] = [],
): Promise<{ balance: number; lifetimePoints: number }> {
  await upsertShop(sql, { domain: shop });
  const balance = entries.reduce((sum, e) => sum + e.delta, 0);
  const lifetimePoints = entries
    .filter((e) => (e.kind ?? "earn") === "earn" || e.kind === "clawback")
    .reduce((sum, e) => sum + e.delta, 0);
  await sql`
    INSERT INTO customers (shop, customer_id, balance, lifetime_points)
    VALUES (${shop}, ${customerId}, ${balance}, ${lifetimePoints})`;
  for (const [index, entry] of entries.entries()) {
    await sql`
      INSERT INTO points_ledger (shop, customer_id, delta, kind, reason, event_id, order_id)
      VALUES (${shop}, ${customerId}, ${entry.delta}, ${entry.kind ?? "earn"},
        ${entry.reason ?? `Seed ${index}`}, ${entry.eventId ?? null}, ${entry.orderId ?? null})`;
  }
  return { balance, lifetimePoints };
}

/** Σ ledger deltas and the stored balance of one customer. */
export async function ledgerAndBalance(sql: Sql, shop: string, customerId: string) {
  const [row] = await sql<{ balance: string; ledger: string; lifetime: string; redeemed: string }[]>`
    SELECT c.balance::text AS balance, c.lifetime_points::text AS lifetime,
      (SELECT COALESCE(sum(delta), 0)::text FROM points_ledger l WHERE l.shop = c.shop AND l.customer_id = c.customer_id) AS ledger,
      (SELECT count(*)::text FROM points_ledger l WHERE l.shop = c.shop AND l.customer_id = c.customer_id AND kind = 'redeem') AS redeemed
    FROM customers c WHERE c.shop = ${shop} AND c.customer_id = ${customerId}`;
  return {
    balance: Number(row?.balance),
    ledger: Number(row?.ledger),
    lifetime: Number(row?.lifetime),
    redeemRows: Number(row?.redeemed),
  };
}

export const REWARD_5_OFF = {
  key: "5-off",
  name: "$5 off",
  costPoints: 500,
  kind: "fixed_discount",
  value: 5,
} as const;

/** Stores rewards for a shop as the API would (validated by RewardDefinition). */
export async function seedRewards(sql: Sql, shop: string, rewards: readonly Record<string, unknown>[]) {
  return upsertRewards(
    sql,
    shop,
    rewards.map((reward) => RewardDefinition.parse(reward)),
  );
}
