import type { EventEnvelope } from "@loyalty/core";
import type { Queryable } from "../db.ts";
import { LedgerState, newCustomer } from "../ledger/decide/state.ts";
import { effectiveTier } from "../ledger/decide/tiers.ts";
import type { CustomerState } from "../ledger/decide/types.ts";
import { loadAwards, loadOrders, loadRefunds, orderCustomers } from "../ledger/load.ts";
import { planBatch } from "../ledger/plan.ts";
import { DEFAULT_SETTINGS } from "../settings/shop-settings.ts";
import { loadTiers } from "../tiers-store.ts";
import { toIsoOrNull, toSafeInt } from "../util.ts";

/**
 * The state the ledger would see for this one event, read WITHOUT the ledger's writes and
 * locks: the same plan (which customers, orders, awards, refunds), the same read queries,
 * and, for a customer or shop we have no row for, what the ledger would insert (a fresh
 * customer at the tier 0 points give; a shop with no currency). Nothing is written.
 */
export async function loadSimulationState(tx: Queryable, event: EventEnvelope): Promise<LedgerState> {
  const plan = planBatch([event]);
  const [shopRow, tiers, known] = await Promise.all([
    loadShop(tx, event.shop),
    loadTiers(tx, event.shop),
    plan.orders.length > 0 ? orderCustomers(tx, plan.orders) : [],
  ]);
  const keys = plan.customersOf([event], known);
  const orderKeys = plan.orderKeysOf([event]);
  const refundKeys = plan.refundKeysOf([event]);
  const [customers, orders, awards, refunds] = await Promise.all([
    loadCustomers(
      tx,
      event.shop,
      keys.map((key) => key.customerId),
    ),
    orderKeys.length > 0 ? loadOrders(tx, orderKeys) : [],
    orderKeys.length > 0 ? loadAwards(tx, orderKeys) : [],
    refundKeys.length > 0 ? loadRefunds(tx, refundKeys) : [],
  ]);
  const initialTier = effectiveTier(tiers, 0, null)?.key ?? null;
  const missing = keys
    .filter((key) => !customers.some((customer) => customer.customerId === key.customerId))
    .map((key) => ({ ...newCustomer(event.shop, key.customerId), tier: initialTier }));
  return new LedgerState({
    shops: [
      {
        domain: event.shop,
        currency: shopRow?.currency ?? null,
        uninstalledAt: shopRow?.uninstalledAt ?? null,
        redactedAt: shopRow?.redactedAt ?? null,
        tiers,
        // Simulation answers which rules match and what they award: pending and expiry never change that.
        settings: DEFAULT_SETTINGS,
      },
    ],
    customers: [...customers, ...missing],
    orders,
    awards,
    refunds,
  });
}

async function loadShop(tx: Queryable, domain: string) {
  const [row] = await tx<{ currency: string | null; uninstalled_at: unknown; redacted_at: unknown }[]>`
    SELECT currency, uninstalled_at, redacted_at FROM shops WHERE domain = ${domain}`;
  if (!row) return null;
  return {
    currency: row.currency,
    uninstalledAt: toIsoOrNull(row.uninstalled_at),
    redactedAt: toIsoOrNull(row.redacted_at),
  };
}

async function loadCustomers(tx: Queryable, shop: string, ids: readonly string[]): Promise<CustomerState[]> {
  if (ids.length === 0) return [];
  const rows = await tx<Record<string, unknown>[]>`
    SELECT customer_id, balance, lifetime_points, orders_count, total_spent_minor, tier, granted_tier,
      email, first_name, last_name, phone, tags, profile_updated_at, redacted_at
    FROM customers WHERE shop = ${shop} AND customer_id = ANY(${ids as string[]}::text[])`;
  return rows.map((row) => ({
    shop,
    customerId: String(row.customer_id),
    balance: toSafeInt(row.balance, "customers.balance"),
    lifetimePoints: toSafeInt(row.lifetime_points, "customers.lifetime_points"),
    pendingPoints: 0,
    lastActivityAt: null,
    ordersCount: toSafeInt(row.orders_count, "customers.orders_count"),
    totalSpentMinor: toSafeInt(row.total_spent_minor, "customers.total_spent_minor"),
    tier: (row.tier as string | null) ?? null,
    grantedTier: (row.granted_tier as string | null) ?? null,
    email: (row.email as string | null) ?? null,
    firstName: (row.first_name as string | null) ?? null,
    lastName: (row.last_name as string | null) ?? null,
    phone: (row.phone as string | null) ?? null,
    tags: (row.tags as string[] | null) ?? [],
    profileUpdatedAt: toIsoOrNull(row.profile_updated_at),
    redactedAt: toIsoOrNull(row.redacted_at),
  }));
}
