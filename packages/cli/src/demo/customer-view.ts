import { customerLedger, customerProfile, type Sql } from "@loyalty/db";
import { DEMO_SHOP } from "./demo-data.ts";

export interface CustomerSnapshot {
  balance: number;
  lifetimePoints: number;
  tier: string | null;
  transactions: Array<{ kind: string; delta: number; reason: string; orderId: string | null }>;
}

/** Where the demo reads a customer: the query API, or Postgres when no query service runs. */
export type CustomerView = (customerId: string) => Promise<CustomerSnapshot | null>;

export function queryApiView(queryUrl: string, apiKey: string): CustomerView {
  const get = async (path: string): Promise<unknown> => {
    const response = await fetch(`${queryUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` } });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return response.json();
  };
  return async (customerId) => {
    const customer = (await get(`/v1/customers/${customerId}`)) as {
      balance: number;
      lifetimePoints: number;
      tier: { key: string } | null;
    } | null;
    if (!customer) return null;
    const history = (await get(`/v1/customers/${customerId}/transactions?limit=50`)) as {
      items: CustomerSnapshot["transactions"];
    } | null;
    return {
      balance: customer.balance,
      lifetimePoints: customer.lifetimePoints,
      tier: customer.tier?.key ?? null,
      transactions: history?.items ?? [],
    };
  };
}

export function databaseView(sql: Sql): CustomerView {
  return async (customerId) => {
    const profile = await customerProfile(sql, DEMO_SHOP, customerId);
    if (!profile) return null;
    const ledger = await customerLedger(sql, DEMO_SHOP, customerId, { limit: 50 });
    return {
      balance: profile.balance,
      lifetimePoints: profile.lifetimePoints,
      tier: profile.tier,
      transactions: ledger.map((row) => ({
        kind: row.kind,
        delta: row.delta,
        reason: row.reason,
        orderId: row.orderId,
      })),
    };
  };
}

/**
 * The demo's events are applied once the paid order earned and the partial refund clawed
 * back (the refund may arrive first: the processor retries it until its order is there).
 */
export function demoApplied(snapshot: CustomerSnapshot | null, orderId: string): boolean {
  if (!snapshot) return false;
  const ofOrder = snapshot.transactions.filter((t) => t.orderId === orderId);
  return ofOrder.some((t) => t.kind === "earn") && ofOrder.some((t) => t.kind === "clawback");
}
