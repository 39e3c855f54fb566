import type { Queryable } from "./db.ts";
import type { LedgerKind } from "./schema/util/enums.ts";
import { toIso, toIsoOrNull, toSafeInt } from "./util.ts";

export interface CustomerProfileRow {
  shop: string;
  customerId: string;
  balance: number;
  lifetimePoints: number;
  ordersCount: number;
  totalSpentMinor: number;
  tier: string | null;
  grantedTier: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  tags: string[];
  redactedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export async function customerProfile(
  sql: Queryable,
  shop: string,
  customerId: string,
): Promise<CustomerProfileRow | null> {
  const [row] = await sql<Record<string, unknown>[]>`
    SELECT * FROM customers WHERE shop = ${shop} AND customer_id = ${customerId}`;
  if (!row) return null;
  return {
    shop: String(row.shop),
    customerId: String(row.customer_id),
    balance: toSafeInt(row.balance),
    lifetimePoints: toSafeInt(row.lifetime_points),
    ordersCount: toSafeInt(row.orders_count),
    totalSpentMinor: toSafeInt(row.total_spent_minor),
    tier: (row.tier as string | null) ?? null,
    grantedTier: (row.granted_tier as string | null) ?? null,
    email: (row.email as string | null) ?? null,
    firstName: (row.first_name as string | null) ?? null,
    lastName: (row.last_name as string | null) ?? null,
    phone: (row.phone as string | null) ?? null,
    tags: (row.tags as string[]) ?? [],
    redactedAt: toIsoOrNull(row.redacted_at),
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

export interface LedgerRow {
  id: number;
  delta: number;
  kind: LedgerKind;
  reason: string;
  eventId: string | null;
  ruleId: string | null;
  ruleVersion: number | null;
  orderId: string | null;
  /** The API key that made it (manual adjustments). */
  apiKeyId: string | null;
  createdAt: string;
}

/** A customer's ledger, newest first; `beforeId` pages (the history index serves it). */
export async function customerLedger(
  sql: Queryable,
  shop: string,
  customerId: string,
  options: { limit?: number; beforeId?: number } = {},
): Promise<LedgerRow[]> {
  const rows = await sql<Record<string, unknown>[]>`
    SELECT id, delta, kind, reason, event_id, rule_id, rule_version, order_id, api_key_id, created_at
    FROM points_ledger
    WHERE shop = ${shop} AND customer_id = ${customerId}
      AND (${options.beforeId ?? null}::int8 IS NULL OR id < ${options.beforeId ?? null}::int8)
    ORDER BY id DESC
    LIMIT ${options.limit ?? 50}`;
  return rows.map((row) => ({
    id: toSafeInt(row.id),
    delta: toSafeInt(row.delta),
    kind: row.kind as LedgerKind,
    reason: String(row.reason),
    eventId: (row.event_id as string | null) ?? null,
    ruleId: (row.rule_id as string | null) ?? null,
    ruleVersion: (row.rule_version as number | null) ?? null,
    orderId: (row.order_id as string | null) ?? null,
    apiKeyId: (row.api_key_id as string | null) ?? null,
    createdAt: toIso(row.created_at),
  }));
}
