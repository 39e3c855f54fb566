import { customerLedger, customerSummary, ledgerKind, loadTiers, type Queryable } from "@loyalty/db";
import { z } from "zod";
import { tierView } from "../customers/tier-view.ts";

export const StorefrontTransaction = z.object({
  id: z.string(),
  delta: z.number().int(),
  kind: z.enum(ledgerKind.enumValues),
  reason: z.string(),
  orderId: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type StorefrontTransaction = z.infer<typeof StorefrontTransaction>;

/** The shopper's own loyalty profile: the admin customer view plus recent transactions. */
export const LoyaltyProfile = z.object({
  customerId: z.string(),
  balance: z.number().int(),
  lifetimePoints: z.number().int(),
  pendingPoints: z.number().int().describe("Earned, not spendable yet (the order ships or its days pass)"),
  expiringPoints: z
    .array(z.object({ points: z.number().int(), expiresAt: z.string() }))
    .describe("Soonest first"),
  tier: z.object({ key: z.string(), name: z.string(), level: z.number().int() }).nullable(),
  nextTier: z.object({ key: z.string(), name: z.string(), minPoints: z.number().int() }).nullable(),
  tierProgress: z.number().int().min(0).max(100),
  transactions: z.array(StorefrontTransaction).describe("Newest first"),
});
export type LoyaltyProfile = z.infer<typeof LoyaltyProfile>;

export const DEFAULT_TRANSACTIONS = 10;
export const MAX_TRANSACTIONS = 50;

/**
 * A shopper we have no row for yet (signed in, nothing earned) gets a zero profile rather
 * than an error: to them it is simply "0 points". The tier block is the admin API's
 * (`GET /v1/customers/:id`, tierView), so shopper and merchant always see the same tier.
 */
export async function loadLoyaltyProfile(
  sql: Queryable,
  shop: string,
  customerId: string,
  transactions: number,
): Promise<LoyaltyProfile> {
  const [summary, ledger] = await Promise.all([
    customerSummary(sql, shop, customerId),
    loadTransactions(sql, shop, customerId, transactions),
  ]);
  const tiers = summary?.tiers ?? (await loadTiers(sql, shop));
  const lifetimePoints = summary?.lifetimePoints ?? 0;
  return {
    customerId,
    balance: summary?.balance ?? 0,
    lifetimePoints,
    pendingPoints: summary?.pendingPoints ?? 0,
    expiringPoints: summary?.expiringPoints ?? [],
    ...tierView(tiers, lifetimePoints, summary?.tierKey ?? null),
    transactions: ledger,
  };
}

/** The shopper's latest ledger rows, without the internal event and rule ids the admin API shows. */
export async function loadTransactions(
  sql: Queryable,
  shop: string,
  customerId: string,
  limit: number,
): Promise<StorefrontTransaction[]> {
  if (limit <= 0) return [];
  const rows = await customerLedger(sql, shop, customerId, { limit: Math.min(limit, MAX_TRANSACTIONS) });
  return rows.map((row) => ({
    id: String(row.id),
    delta: row.delta,
    kind: row.kind,
    reason: row.reason,
    orderId: row.orderId,
    createdAt: row.createdAt,
  }));
}
