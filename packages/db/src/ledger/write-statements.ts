import type { Queryable } from "../db.ts";
import type {
  AwardRecord,
  CustomerState,
  ExecutionRecord,
  LedgerEntry,
  OrderState,
  OutboxEntry,
  RefundRecord,
  ShopState,
} from "./decide/types.ts";
import type { ArchiveRow } from "./writes.ts";

/**
 * The batch's writes: one statement per table over parallel arrays (`unnest`), whatever the
 * number of rows. Each is started at once (`execute()`), so statements go out pipelined in
 * the order these functions are called. Timestamps, numerics, enums and JSON travel as text
 * arrays cast in SQL (`::text[]::timestamptz[]`): drizzle's driver replaces the client's
 * serializers for timestamp and numeric arrays with pass-throughs, which cannot bind arrays.
 */

export const NONE = Promise.resolve();
export const pluck = <T, V>(rows: readonly T[], get: (row: T) => V): V[] => rows.map(get);

export function writeShops(tx: Queryable, shops: readonly ShopState[]) {
  if (shops.length === 0) return NONE;
  return tx`
    UPDATE shops s SET
      currency = COALESCE(s.currency, u.currency),
      uninstalled_at = COALESCE(u.uninstalled_at, s.uninstalled_at),
      redacted_at = COALESCE(s.redacted_at, u.redacted_at)
    FROM unnest(
      ${pluck(shops, (s) => s.domain)}::text[], ${pluck(shops, (s) => s.currency)}::text[],
      ${pluck(shops, (s) => s.uninstalledAt)}::text[]::timestamptz[], ${pluck(shops, (s) => s.redactedAt)}::text[]::timestamptz[]
    ) AS u(domain, currency, uninstalled_at, redacted_at)
    WHERE s.domain = u.domain`.execute();
}

export function writeOrders(tx: Queryable, orders: readonly OrderState[], now: string) {
  if (orders.length === 0) return NONE;
  // Sorted: guest orders are not covered by a customer lock, so keep a stable lock order.
  const rows = [...orders].sort((a, b) => cmp(a.shop, b.shop) || cmp(a.orderId, b.orderId));
  return tx`
    INSERT INTO customer_orders (shop, order_id, customer_id, currency, subtotal_minor, total_minor,
      earned_points, clawed_points, refunded_subtotal_minor, cancelled_at, first_seen_at, updated_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${pluck(rows, (o) => o.shop)}::text[], ${pluck(rows, (o) => o.orderId)}::text[],
      ${pluck(rows, (o) => o.customerId)}::text[], ${pluck(rows, (o) => o.currency)}::text[],
      ${pluck(rows, (o) => o.subtotalMinor)}::int8[], ${pluck(rows, (o) => o.totalMinor)}::int8[],
      ${pluck(rows, (o) => o.earnedPoints)}::int8[], ${pluck(rows, (o) => o.clawedPoints)}::int8[],
      ${pluck(rows, (o) => o.refundedSubtotalMinor)}::int8[], ${pluck(rows, (o) => o.cancelledAt)}::text[]::timestamptz[],
      ${pluck(rows, (o) => o.firstSeenAt)}::text[]::timestamptz[]
    ) AS u
    ON CONFLICT (shop, order_id) DO UPDATE SET
      customer_id = COALESCE(customer_orders.customer_id, EXCLUDED.customer_id),
      currency = EXCLUDED.currency,
      subtotal_minor = EXCLUDED.subtotal_minor,
      total_minor = EXCLUDED.total_minor,
      earned_points = EXCLUDED.earned_points,
      clawed_points = EXCLUDED.clawed_points,
      refunded_subtotal_minor = EXCLUDED.refunded_subtotal_minor,
      cancelled_at = COALESCE(customer_orders.cancelled_at, EXCLUDED.cancelled_at),
      updated_at = EXCLUDED.updated_at`.execute();
}

export function writeRefunds(tx: Queryable, refunds: readonly RefundRecord[], now: string) {
  if (refunds.length === 0) return NONE;
  return tx`
    INSERT INTO order_refunds (shop, refund_id, order_id, refunded_subtotal_minor, event_id, created_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${pluck(refunds, (r) => r.shop)}::text[], ${pluck(refunds, (r) => r.refundId)}::text[],
      ${pluck(refunds, (r) => r.orderId)}::text[], ${pluck(refunds, (r) => r.refundedSubtotalMinor)}::int8[],
      ${pluck(refunds, (r) => r.eventId)}::text[]
    ) AS u`.execute();
}

export function writeAwards(tx: Queryable, awards: readonly AwardRecord[], now: string) {
  if (awards.length === 0) return NONE;
  return tx`
    INSERT INTO rule_awards (shop, business_key, rule_id, rule_version, order_id, event_id, points, created_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${pluck(awards, (a) => a.shop)}::text[], ${pluck(awards, (a) => a.businessKey)}::text[],
      ${pluck(awards, (a) => a.ruleId)}::uuid[], ${pluck(awards, (a) => a.ruleVersion)}::int[],
      ${pluck(awards, (a) => a.orderId)}::text[], ${pluck(awards, (a) => a.eventId)}::text[],
      ${pluck(awards, (a) => a.points)}::int8[]
    ) AS u`.execute();
}

export function writeLedger(tx: Queryable, entries: readonly LedgerEntry[], now: string) {
  if (entries.length === 0) return NONE;
  return tx`
    INSERT INTO points_ledger (shop, customer_id, delta, kind, reason, event_id, rule_id, rule_version, order_id,
      created_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${pluck(entries, (e) => e.shop)}::text[], ${pluck(entries, (e) => e.customerId)}::text[],
      ${pluck(entries, (e) => e.delta)}::int8[], ${pluck(entries, (e) => e.kind)}::text[]::ledger_kind[],
      ${pluck(entries, (e) => e.reason)}::text[], ${pluck(entries, (e) => e.eventId)}::text[],
      ${pluck(entries, (e) => e.ruleId)}::uuid[], ${pluck(entries, (e) => e.ruleVersion)}::int[],
      ${pluck(entries, (e) => e.orderId)}::text[]
    ) AS u`.execute();
}

export function writeCustomers(tx: Queryable, customers: readonly CustomerState[], now: string) {
  if (customers.length === 0) return NONE;
  const c = customers;
  return tx`
    UPDATE customers c SET
      balance = u.balance, lifetime_points = u.lifetime_points, orders_count = u.orders_count,
      total_spent_minor = u.total_spent_minor, tier = u.tier, granted_tier = u.granted_tier,
      email = u.email, first_name = u.first_name, last_name = u.last_name, phone = u.phone,
      tags = ARRAY(SELECT jsonb_array_elements_text(u.tags::jsonb)),
      profile_updated_at = u.profile_updated_at, redacted_at = u.redacted_at, updated_at = ${now}::timestamptz
    FROM unnest(
      ${pluck(c, (x) => x.shop)}::text[], ${pluck(c, (x) => x.customerId)}::text[],
      ${pluck(c, (x) => x.balance)}::int8[], ${pluck(c, (x) => x.lifetimePoints)}::int8[],
      ${pluck(c, (x) => x.ordersCount)}::int[], ${pluck(c, (x) => x.totalSpentMinor)}::int8[],
      ${pluck(c, (x) => x.tier)}::text[], ${pluck(c, (x) => x.grantedTier)}::text[],
      ${pluck(c, (x) => x.email)}::text[], ${pluck(c, (x) => x.firstName)}::text[],
      ${pluck(c, (x) => x.lastName)}::text[], ${pluck(c, (x) => x.phone)}::text[],
      ${pluck(c, (x) => JSON.stringify(x.tags))}::text[], ${pluck(c, (x) => x.profileUpdatedAt)}::text[]::timestamptz[],
      ${pluck(c, (x) => x.redactedAt)}::text[]::timestamptz[]
    ) AS u(shop, customer_id, balance, lifetime_points, orders_count, total_spent_minor, tier, granted_tier,
      email, first_name, last_name, phone, tags, profile_updated_at, redacted_at)
    WHERE c.shop = u.shop AND c.customer_id = u.customer_id`.execute();
}

export function writeExecutions(tx: Queryable, executions: readonly ExecutionRecord[], now: string) {
  if (executions.length === 0) return NONE;
  return tx`
    INSERT INTO rule_executions (event_id, rule_id, shop, version, points, created_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${pluck(executions, (e) => e.eventId)}::text[], ${pluck(executions, (e) => e.ruleId)}::uuid[],
      ${pluck(executions, (e) => e.shop)}::text[], ${pluck(executions, (e) => e.version)}::int[],
      ${pluck(executions, (e) => e.points)}::int8[]
    ) AS u`.execute();
}

export function writeOutbox(tx: Queryable, entries: readonly OutboxEntry[], now: string) {
  if (entries.length === 0) return NONE;
  return tx`
    INSERT INTO outbox (shop, partition_key, type, payload, event_id, created_at)
    SELECT u.shop, u.partition_key, u.type, p.payload, u.event_id, ${now}::timestamptz
    FROM unnest(
      ${pluck(entries, (e) => e.shop)}::text[], ${pluck(entries, (e) => e.partitionKey)}::text[],
      ${pluck(entries, (e) => e.type)}::text[], ${pluck(entries, (e) => e.eventId)}::text[]
    ) WITH ORDINALITY AS u(shop, partition_key, type, event_id, n)
    JOIN jsonb_array_elements(${JSON.stringify(entries.map((e) => e.payload))}::text::jsonb)
      WITH ORDINALITY AS p(payload, n) USING (n)
    ORDER BY u.n`.execute();
}

/**
 * Payloads go as ONE json document split by json_array_elements, zipped by ordinality: a
 * text[] of JSON strings costs more (every quote escaped by the client, unescaped by the server).
 */
export function writeArchive(tx: Queryable, rows: readonly ArchiveRow[]) {
  if (rows.length === 0) return NONE;
  return tx`
    INSERT INTO events (id, shop, type, customer_id, order_id, occurred_at, received_at, payload)
    SELECT u.id, u.shop, u.type, u.customer_id, u.order_id, u.occurred_at, u.received_at, p.payload
    FROM unnest(
      ${pluck(rows, (r) => r.event.id)}::text[], ${pluck(rows, (r) => r.event.shop)}::text[],
      ${pluck(rows, (r) => r.event.type)}::text[], ${pluck(rows, (r) => r.customerId)}::text[],
      ${pluck(rows, (r) => r.orderId)}::text[], ${pluck(rows, (r) => r.event.occurredAt)}::text[]::timestamptz[],
      ${pluck(rows, (r) => r.event.receivedAt)}::text[]::timestamptz[]
    ) WITH ORDINALITY AS u(id, shop, type, customer_id, order_id, occurred_at, received_at, n)
    JOIN json_array_elements(${JSON.stringify(rows.map((r) => r.event))}::text::json)
      WITH ORDINALITY AS p(payload, n) USING (n)`.execute();
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
