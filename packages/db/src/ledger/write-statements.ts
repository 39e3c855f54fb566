import type { Queryable } from "../db.ts";
import type {
  AwardRecord,
  CustomerState,
  ExecutionRecord,
  LedgerEntry,
  LotState,
  OrderState,
  OutboxEntry,
  RefundRecord,
  ShopState,
  TimerRecord,
} from "./decide/types.ts";
import { intArray, textArray, textList } from "./pg-arrays.ts";
import type { ArchiveRow } from "./writes.ts";

/**
 * The batch's writes: one statement per table over parallel arrays (`unnest`), whatever the
 * number of rows. Each is started at once (`execute()`), so statements go out pipelined in
 * the order these functions are called. Every array travels as one literal string built in
 * pg-arrays.ts and cast in SQL (`::timestamptz[]`, `::ledger_kind[]`): cheaper than the
 * client's per-element serialiser, and immune to drizzle's driver replacing the client's
 * timestamp/numeric array serializers with pass-throughs.
 */

export const NONE = Promise.resolve();

export function writeShops(tx: Queryable, shops: readonly ShopState[]) {
  if (shops.length === 0) return NONE;
  return tx`
    UPDATE shops s SET
      currency = COALESCE(s.currency, u.currency),
      uninstalled_at = COALESCE(u.uninstalled_at, s.uninstalled_at),
      redacted_at = COALESCE(s.redacted_at, u.redacted_at)
    FROM unnest(
      ${textArray(shops, (s) => s.domain)}::text[], ${textArray(shops, (s) => s.currency)}::text[],
      ${textArray(shops, (s) => s.uninstalledAt)}::timestamptz[], ${textArray(shops, (s) => s.redactedAt)}::timestamptz[]
    ) AS u(domain, currency, uninstalled_at, redacted_at)
    WHERE s.domain = u.domain`.execute();
}

export function writeOrders(tx: Queryable, orders: readonly OrderState[], now: string) {
  if (orders.length === 0) return NONE;
  // Sorted: guest orders are not covered by a customer lock, so keep a stable lock order.
  const rows = [...orders].sort((a, b) => cmp(a.shop, b.shop) || cmp(a.orderId, b.orderId));
  return tx`
    INSERT INTO customer_orders (shop, order_id, customer_id, currency, subtotal_minor, total_minor,
      earned_points, clawed_points, refunded_subtotal_minor, cancelled_at, first_seen_at, pending_points, paid_at,
      fulfilled_at, release_at, updated_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${textArray(rows, (o) => o.shop)}::text[], ${textArray(rows, (o) => o.orderId)}::text[],
      ${textArray(rows, (o) => o.customerId)}::text[], ${textArray(rows, (o) => o.currency)}::text[],
      ${intArray(rows, (o) => o.subtotalMinor)}::int8[], ${intArray(rows, (o) => o.totalMinor)}::int8[],
      ${intArray(rows, (o) => o.earnedPoints)}::int8[], ${intArray(rows, (o) => o.clawedPoints)}::int8[],
      ${intArray(rows, (o) => o.refundedSubtotalMinor)}::int8[], ${textArray(rows, (o) => o.cancelledAt)}::timestamptz[],
      ${textArray(rows, (o) => o.firstSeenAt)}::timestamptz[], ${intArray(rows, (o) => o.pendingPoints)}::int8[],
      ${textArray(rows, (o) => o.paidAt)}::timestamptz[], ${textArray(rows, (o) => o.fulfilledAt)}::timestamptz[],
      ${textArray(rows, (o) => o.releaseAt)}::timestamptz[]
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
      pending_points = EXCLUDED.pending_points,
      paid_at = COALESCE(customer_orders.paid_at, EXCLUDED.paid_at),
      fulfilled_at = COALESCE(customer_orders.fulfilled_at, EXCLUDED.fulfilled_at),
      release_at = EXCLUDED.release_at,
      updated_at = EXCLUDED.updated_at`.execute();
}

export function writeRefunds(tx: Queryable, refunds: readonly RefundRecord[], now: string) {
  if (refunds.length === 0) return NONE;
  return tx`
    INSERT INTO order_refunds (shop, refund_id, order_id, refunded_subtotal_minor, event_id, created_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${textArray(refunds, (r) => r.shop)}::text[], ${textArray(refunds, (r) => r.refundId)}::text[],
      ${textArray(refunds, (r) => r.orderId)}::text[], ${intArray(refunds, (r) => r.refundedSubtotalMinor)}::int8[],
      ${textArray(refunds, (r) => r.eventId)}::text[]
    ) AS u`.execute();
}

export function writeAwards(tx: Queryable, awards: readonly AwardRecord[], now: string) {
  if (awards.length === 0) return NONE;
  return tx`
    INSERT INTO rule_awards (shop, business_key, rule_id, rule_version, order_id, event_id, points, created_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${textArray(awards, (a) => a.shop)}::text[], ${textArray(awards, (a) => a.businessKey)}::text[],
      ${textArray(awards, (a) => a.ruleId)}::uuid[], ${intArray(awards, (a) => a.ruleVersion)}::int[],
      ${textArray(awards, (a) => a.orderId)}::text[], ${textArray(awards, (a) => a.eventId)}::text[],
      ${intArray(awards, (a) => a.points)}::int8[]
    ) AS u`.execute();
}

export function writeLedger(tx: Queryable, entries: readonly LedgerEntry[], now: string) {
  if (entries.length === 0) return NONE;
  return tx`
    INSERT INTO points_ledger (shop, customer_id, delta, kind, reason, event_id, rule_id, rule_version, order_id,
      api_key_id, created_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${textArray(entries, (e) => e.shop)}::text[], ${textArray(entries, (e) => e.customerId)}::text[],
      ${intArray(entries, (e) => e.delta)}::int8[], ${textArray(entries, (e) => e.kind)}::ledger_kind[],
      ${textArray(entries, (e) => e.reason)}::text[], ${textArray(entries, (e) => e.eventId)}::text[],
      ${textArray(entries, (e) => e.ruleId)}::uuid[], ${intArray(entries, (e) => e.ruleVersion)}::int[],
      ${textArray(entries, (e) => e.orderId)}::text[], ${textArray(entries, (e) => e.apiKeyId)}::text[]
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
      tags = u.tags::text[],
      profile_updated_at = u.profile_updated_at, redacted_at = u.redacted_at, pending_points = u.pending_points,
      last_activity_at = u.last_activity_at, updated_at = ${now}::timestamptz
    FROM unnest(
      ${textArray(c, (x) => x.shop)}::text[], ${textArray(c, (x) => x.customerId)}::text[],
      ${intArray(c, (x) => x.balance)}::int8[], ${intArray(c, (x) => x.lifetimePoints)}::int8[],
      ${intArray(c, (x) => x.ordersCount)}::int[], ${intArray(c, (x) => x.totalSpentMinor)}::int8[],
      ${textArray(c, (x) => x.tier)}::text[], ${textArray(c, (x) => x.grantedTier)}::text[],
      ${textArray(c, (x) => x.email)}::text[], ${textArray(c, (x) => x.firstName)}::text[],
      ${textArray(c, (x) => x.lastName)}::text[], ${textArray(c, (x) => x.phone)}::text[],
      ${textArray(c, (x) => textList(x.tags))}::text[], ${textArray(c, (x) => x.profileUpdatedAt)}::timestamptz[],
      ${textArray(c, (x) => x.redactedAt)}::timestamptz[], ${intArray(c, (x) => x.pendingPoints)}::int8[],
      ${textArray(c, (x) => x.lastActivityAt)}::timestamptz[]
    ) AS u(shop, customer_id, balance, lifetime_points, orders_count, total_spent_minor, tier, granted_tier,
      email, first_name, last_name, phone, tags, profile_updated_at, redacted_at, pending_points, last_activity_at)
    WHERE c.shop = u.shop AND c.customer_id = u.customer_id`.execute();
}

export function writeExecutions(tx: Queryable, executions: readonly ExecutionRecord[], now: string) {
  if (executions.length === 0) return NONE;
  return tx`
    INSERT INTO rule_executions (event_id, rule_id, shop, version, points, created_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${textArray(executions, (e) => e.eventId)}::text[], ${textArray(executions, (e) => e.ruleId)}::uuid[],
      ${textArray(executions, (e) => e.shop)}::text[], ${intArray(executions, (e) => e.version)}::int[],
      ${intArray(executions, (e) => e.points)}::int8[]
    ) AS u`.execute();
}

export function writeOutbox(tx: Queryable, entries: readonly OutboxEntry[], now: string) {
  if (entries.length === 0) return NONE;
  return tx`
    INSERT INTO outbox (shop, partition_key, type, payload, event_id, created_at)
    SELECT u.shop, u.partition_key, u.type, p.payload, u.event_id, ${now}::timestamptz
    FROM unnest(
      ${textArray(entries, (e) => e.shop)}::text[], ${textArray(entries, (e) => e.partitionKey)}::text[],
      ${textArray(entries, (e) => e.type)}::text[], ${textArray(entries, (e) => e.eventId)}::text[]
    ) WITH ORDINALITY AS u(shop, partition_key, type, event_id, n)
    JOIN jsonb_array_elements(${JSON.stringify(entries.map((e) => e.payload))}::text::jsonb)
      WITH ORDINALITY AS p(payload, n) USING (n)
    ORDER BY u.n`.execute();
}

/**
 * Payloads go as ONE json document split by json_array_elements, zipped by ordinality: a
 * text[] of JSON strings costs more (every quote escaped by the client, unescaped by the server).
 * `envelopeJson` gives an envelope's text as it arrived (the stream entry), which is archived
 * as is rather than serialised again (a tenth of a batch's Node time).
 */
export function writeArchive(
  tx: Queryable,
  rows: readonly ArchiveRow[],
  envelopeJson: (event: ArchiveRow["event"]) => string | undefined = () => undefined,
) {
  if (rows.length === 0) return NONE;
  const payloads = rows.map((r) => envelopeJson(r.event) ?? JSON.stringify(r.event));
  return tx`
    INSERT INTO events (id, shop, type, customer_id, order_id, occurred_at, received_at, payload)
    SELECT u.id, u.shop, u.type, u.customer_id, u.order_id, u.occurred_at, u.received_at, p.payload
    FROM unnest(
      ${textArray(rows, (r) => r.event.id)}::text[], ${textArray(rows, (r) => r.event.shop)}::text[],
      ${textArray(rows, (r) => r.event.type)}::text[], ${textArray(rows, (r) => r.customerId)}::text[],
      ${textArray(rows, (r) => r.orderId)}::text[], ${textArray(rows, (r) => r.event.occurredAt)}::timestamptz[],
      ${textArray(rows, (r) => r.event.receivedAt)}::timestamptz[]
    ) WITH ORDINALITY AS u(id, shop, type, customer_id, order_id, occurred_at, received_at, n)
    JOIN json_array_elements(${`[${payloads.join(",")}]`}::text::json)
      WITH ORDINALITY AS p(payload, n) USING (n)`.execute();
}

/** Lots as they stand after the batch (one row per key: BatchWrites keeps the last state). */
export function writeLots(tx: Queryable, lots: readonly LotState[], now: string) {
  if (lots.length === 0) return NONE;
  return tx`
    INSERT INTO points_lots (shop, customer_id, lot_key, points, remaining, earned_at, expires_at, next_reminder_at,
      reminded_days_before, created_at, updated_at)
    SELECT u.*, ${now}::timestamptz, ${now}::timestamptz FROM unnest(
      ${textArray(lots, (l) => l.shop)}::text[], ${textArray(lots, (l) => l.customerId)}::text[],
      ${textArray(lots, (l) => l.lotKey)}::text[], ${intArray(lots, (l) => l.points)}::int8[],
      ${intArray(lots, (l) => l.remaining)}::int8[], ${textArray(lots, (l) => l.earnedAt)}::timestamptz[],
      ${textArray(lots, (l) => l.expiresAt)}::timestamptz[], ${textArray(lots, (l) => l.nextReminderAt)}::timestamptz[],
      ${intArray(lots, (l) => l.remindedDaysBefore)}::int8[]
    ) AS u
    ON CONFLICT (shop, customer_id, lot_key) DO UPDATE SET
      points = EXCLUDED.points, remaining = EXCLUDED.remaining, next_reminder_at = EXCLUDED.next_reminder_at,
      reminded_days_before = EXCLUDED.reminded_days_before, updated_at = EXCLUDED.updated_at`.execute();
}

/** Timers set (upsert) and cleared (delete) in one statement each. */
export function writeTimers(tx: Queryable, timers: readonly TimerRecord[], now: string) {
  const set = timers.filter((t) => t.dueAt !== null);
  const cleared = timers.filter((t) => t.dueAt === null);
  return Promise.all([
    set.length === 0
      ? NONE
      : tx`
    INSERT INTO customer_timers (shop, customer_id, kind, due_at, updated_at)
    SELECT u.*, ${now}::timestamptz FROM unnest(
      ${textArray(set, (t) => t.shop)}::text[], ${textArray(set, (t) => t.customerId)}::text[],
      ${textArray(set, (t) => t.kind)}::text[], ${textArray(set, (t) => t.dueAt)}::timestamptz[]
    ) AS u
    ON CONFLICT (shop, customer_id, kind) DO UPDATE SET due_at = EXCLUDED.due_at, updated_at = EXCLUDED.updated_at`.execute(),
    cleared.length === 0
      ? NONE
      : tx`
    DELETE FROM customer_timers t USING unnest(
      ${textArray(cleared, (c) => c.shop)}::text[], ${textArray(cleared, (c) => c.customerId)}::text[],
      ${textArray(cleared, (c) => c.kind)}::text[]
    ) AS u(shop, customer_id, kind)
    WHERE t.shop = u.shop AND t.customer_id = u.customer_id AND t.kind = u.kind`.execute(),
  ]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
