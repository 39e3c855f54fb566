import type { Queryable, Sql } from "../db.ts";
import { toIso, toSafeInt } from "../util.ts";
import { type EndpointSubscription, fanOut, type OutboxDelivery, type OutboxRow } from "./fan-out.ts";

export interface RelayBatchOptions {
  /** Rows claimed per transaction. */
  limit: number;
  /**
   * Puts the deliveries on their streams (XADD). Runs inside the transaction that holds the rows'
   * locks; it must resolve only once every delivery is written, and throw otherwise (rollback).
   */
  publish: (deliveries: readonly OutboxDelivery[]) => Promise<void>;
  now?: () => Date;
}

export interface RelayBatchResult {
  /** Outbox rows marked relayed (a row of a shop without endpoints counts, with nothing sent). */
  rows: number;
  deliveries: number;
}

/**
 * One relay step: claim up to `limit` unrelayed rows, fan them out to their shops' endpoints,
 * publish, mark them relayed, commit — in that order, so a row is marked only after its
 * deliveries are on the stream. A crash after publish and before commit leaves the rows
 * unrelayed: they are relayed again with the same delivery ids (at-least-once; receivers and
 * the dispatcher dedupe by id). FOR UPDATE SKIP LOCKED lets several relays (one per dispatcher
 * replica) work at once on disjoint rows; outbox_pending_idx makes the claim an index range scan.
 *
 * Rows are marked (relayed_at), not deleted: the row then stays as the record of what was
 * emitted and when it left — what an operator checks first when a merchant says "we got
 * nothing" — and the partial index keeps the pending scan as cheap as a delete would.
 * `purgeRelayedOutbox` removes them once they are old.
 */
export async function relayOutboxBatch(sql: Sql, options: RelayBatchOptions): Promise<RelayBatchResult> {
  if (!Number.isInteger(options.limit) || options.limit < 1)
    throw new RangeError(`limit must be ≥ 1, got ${options.limit}`);
  const now = (options.now ?? (() => new Date()))();
  return sql.begin(async (tx) => {
    const rows = await claimPendingRows(tx, options.limit);
    if (rows.length === 0) return { rows: 0, deliveries: 0 };
    const endpoints = await activeEndpointsOf(tx, [...new Set(rows.map((row) => row.shop))]);
    const deliveries = fanOut(rows, endpoints);
    if (deliveries.length > 0) await options.publish(deliveries);
    await tx`
      UPDATE outbox SET relayed_at = ${now.toISOString()}::timestamptz
      WHERE id = ANY(${rows.map((row) => row.id)}::int8[])`;
    return { rows: rows.length, deliveries: deliveries.length };
  });
}

async function claimPendingRows(tx: Queryable, limit: number): Promise<OutboxRow[]> {
  // payload as text: parsed here rather than by a driver-level JSON parser, so the rows look
  // the same whichever client (plain postgres.js or drizzle's) created the pool.
  const rows = await tx<
    { id: unknown; shop: string; partition_key: string; type: string; payload: string; created_at: unknown }[]
  >`
    SELECT id, shop, partition_key, type, payload::text AS payload, created_at
    FROM outbox WHERE relayed_at IS NULL ORDER BY id LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;
  return rows.map((row) => ({
    id: toSafeInt(row.id, "outbox.id"),
    shop: row.shop,
    partitionKey: row.partition_key,
    type: row.type,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: toIso(row.created_at),
  }));
}

/** Live (not deleted) endpoints of the shops, oldest first: fan-out order is stable. */
export async function activeEndpointsOf(
  sql: Queryable,
  shops: readonly string[],
): Promise<EndpointSubscription[]> {
  if (shops.length === 0) return [];
  const rows = await sql<{ id: string; shop: string; url: string; events: string[] }[]>`
    SELECT id::text AS id, shop, url, events FROM webhook_endpoints
    WHERE shop = ANY(${[...shops]}::text[]) AND deleted_at IS NULL
    ORDER BY created_at, id`;
  return rows.map((row) => ({ id: row.id, shop: row.shop, url: row.url, events: [...row.events] }));
}

/**
 * Deletes relayed rows older than `olderThan`, at most `limit` per call (short transactions,
 * no long lock on the table); returns how many went. Call again while it returns `limit`.
 */
export async function purgeRelayedOutbox(
  sql: Queryable,
  options: { olderThan: Date; limit: number },
): Promise<number> {
  const rows = await sql`
    DELETE FROM outbox WHERE id IN (
      SELECT id FROM outbox
      WHERE relayed_at IS NOT NULL AND relayed_at < ${options.olderThan.toISOString()}::timestamptz
      ORDER BY id LIMIT ${options.limit}
    )`;
  return rows.count;
}
