import type { EventEnvelope } from "@loyalty/core";
import type { Queryable } from "../db.ts";
import { toIso, toIsoOrNull, toSafeInt } from "../util.ts";
import { textArray, textList } from "./pg-arrays.ts";

export { type CustomerKey, lockCustomers } from "./lock-customers.ts";

import type { LotState, OrderState } from "./decide/types.ts";

/**
 * The batch's reads, each one statement over arrays (unnest) whatever the batch size, so
 * the statement text is fixed (prepared once) and the round trips do not grow with events.
 */

const unzip = <T>(rows: readonly T[], ...pick: Array<(row: T) => string>) =>
  pick.map((get) => textArray(rows, get));

/** The effectively-once gate: returns the ids that were not processed before. */
export async function claimEvents(tx: Queryable, events: readonly EventEnvelope[], now: string) {
  // Sorted so two replicas claiming overlapping batches wait on each other in one order.
  const sorted = [...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const [ids, shops, types] = unzip(
    sorted,
    (e) => e.id,
    (e) => e.shop,
    (e) => e.type,
  );
  const rows = await tx<{ event_id: string }[]>`
    INSERT INTO processed_events (event_id, shop, type, outcome, processed_at)
    SELECT id, shop, type, 'applied', ${now}::timestamptz
    FROM unnest(${ids!}::text[], ${shops!}::text[], ${types!}::text[]) AS e(id, shop, type)
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id`.execute();
  return new Set(rows.map((row) => row.event_id));
}

export interface ShopRow {
  domain: string;
  currency: string | null;
  uninstalledAt: string | null;
  redactedAt: string | null;
}

/** Creates unknown shops (customers reference them) and returns every shop of the batch. */
export async function upsertShops(
  tx: Queryable,
  domains: readonly string[],
  now: string,
): Promise<ShopRow[]> {
  const rows = await tx<
    { domain: string; currency: string | null; uninstalled_at: unknown; redacted_at: unknown }[]
  >`
    WITH inserted AS (
      INSERT INTO shops (domain, installed_at, created_at)
      SELECT d, ${now}::timestamptz, ${now}::timestamptz FROM unnest(${textList(domains)}::text[]) AS d
      ON CONFLICT (domain) DO NOTHING
      RETURNING domain, currency, uninstalled_at, redacted_at
    )
    SELECT * FROM inserted
    UNION ALL
    SELECT domain, currency, uninstalled_at, redacted_at FROM shops WHERE domain = ANY(${textList(domains)}::text[])`.execute();
  return rows.map((row) => ({
    domain: row.domain,
    currency: row.currency,
    uninstalledAt: toIsoOrNull(row.uninstalled_at),
    redactedAt: toIsoOrNull(row.redacted_at),
  }));
}

export interface OrderKey {
  shop: string;
  orderId: string;
}

/** Which customer each known order belongs to: how refunds find the customer to lock. */
export async function orderCustomers(tx: Queryable, keys: readonly OrderKey[]) {
  const [shops, orderIds] = unzip(
    keys,
    (k) => k.shop,
    (k) => k.orderId,
  );
  const rows = await tx<{ shop: string; order_id: string; customer_id: string | null }[]>`
    SELECT o.shop, o.order_id, o.customer_id
    FROM customer_orders o
    JOIN unnest(${shops!}::text[], ${orderIds!}::text[]) AS k(shop, order_id) USING (shop, order_id)`.execute();
  return rows;
}

/** The batch's orders, read after the customer locks so they include every committed change. */
export async function loadOrders(tx: Queryable, keys: readonly OrderKey[]): Promise<OrderState[]> {
  const [shops, orderIds] = unzip(
    keys,
    (k) => k.shop,
    (k) => k.orderId,
  );
  const rows = await tx<Record<string, unknown>[]>`
    SELECT o.shop, o.order_id, o.customer_id, o.currency, o.subtotal_minor, o.total_minor, o.earned_points,
      o.clawed_points, o.refunded_subtotal_minor, o.cancelled_at, o.first_seen_at, o.pending_points, o.paid_at,
      o.fulfilled_at, o.release_at
    FROM customer_orders o
    JOIN unnest(${shops!}::text[], ${orderIds!}::text[]) AS k(shop, order_id) USING (shop, order_id)`.execute();
  return rows.map((row) => ({
    shop: String(row.shop),
    orderId: String(row.order_id),
    customerId: row.customer_id === null ? null : String(row.customer_id),
    currency: String(row.currency),
    subtotalMinor: toSafeInt(row.subtotal_minor, "customer_orders.subtotal_minor"),
    totalMinor: toSafeInt(row.total_minor, "customer_orders.total_minor"),
    earnedPoints: toSafeInt(row.earned_points, "customer_orders.earned_points"),
    clawedPoints: toSafeInt(row.clawed_points, "customer_orders.clawed_points"),
    refundedSubtotalMinor: toSafeInt(row.refunded_subtotal_minor, "customer_orders.refunded_subtotal_minor"),
    cancelledAt: toIsoOrNull(row.cancelled_at),
    firstSeenAt: toIso(row.first_seen_at),
    pendingPoints: toSafeInt(row.pending_points, "customer_orders.pending_points"),
    paidAt: toIsoOrNull(row.paid_at),
    fulfilledAt: toIsoOrNull(row.fulfilled_at),
    releaseAt: toIsoOrNull(row.release_at),
  }));
}

/** Awards already made for the batch's orders (non-order events are new, so they have none). */
export async function loadAwards(tx: Queryable, keys: readonly OrderKey[]) {
  const [shops, businessKeys] = unzip(
    keys,
    (k) => k.shop,
    (k) => `order:${k.orderId}`,
  );
  return tx<{ shop: string; businessKey: string; ruleId: string }[]>`
    SELECT a.shop, a.business_key AS "businessKey", a.rule_id AS "ruleId"
    FROM rule_awards a
    JOIN unnest(${shops!}::text[], ${businessKeys!}::text[]) AS k(shop, business_key) USING (shop, business_key)`.execute();
}

/** Refund ids of the batch already recorded. */
export async function loadRefunds(tx: Queryable, keys: ReadonlyArray<{ shop: string; refundId: string }>) {
  const [shops, refundIds] = unzip(
    keys,
    (k) => k.shop,
    (k) => k.refundId,
  );
  return tx<{ shop: string; refundId: string }[]>`
    SELECT r.shop, r.refund_id AS "refundId"
    FROM order_refunds r
    JOIN unnest(${shops!}::text[], ${refundIds!}::text[]) AS k(shop, refund_id) USING (shop, refund_id)`.execute();
}

/** Live lots (remaining > 0) of the given customers, by primary key prefix. */
export async function loadLots(tx: Queryable, keys: ReadonlyArray<{ shop: string; customerId: string }>) {
  const [shops, customerIds] = unzip(
    keys,
    (k) => k.shop,
    (k) => k.customerId,
  );
  const rows = await tx<Record<string, unknown>[]>`
    SELECT l.shop, l.customer_id, l.lot_key, l.points, l.remaining, l.earned_at, l.expires_at, l.next_reminder_at,
      l.reminded_days_before
    FROM points_lots l
    JOIN unnest(${shops!}::text[], ${customerIds!}::text[]) AS k(shop, customer_id) USING (shop, customer_id)
    WHERE l.remaining > 0`.execute();
  const byCustomer = new Map(
    keys.map((k) => [`${k.shop}\n${k.customerId}`, { ...k, lots: [] as LotState[] }]),
  );
  for (const row of rows) {
    byCustomer.get(`${row.shop}\n${row.customer_id}`)?.lots.push({
      shop: String(row.shop),
      customerId: String(row.customer_id),
      lotKey: String(row.lot_key),
      points: toSafeInt(row.points, "points_lots.points"),
      remaining: toSafeInt(row.remaining, "points_lots.remaining"),
      earnedAt: toIso(row.earned_at),
      expiresAt: toIso(row.expires_at),
      nextReminderAt: toIsoOrNull(row.next_reminder_at),
      remindedDaysBefore: row.reminded_days_before === null ? null : Number(row.reminded_days_before),
    });
  }
  return [...byCustomer.values()];
}
