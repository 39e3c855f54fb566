import type { Queryable, Sql } from "../db.ts";
import { toSafeInt } from "../util.ts";
import { REDEMPTION_COLUMNS, type RedemptionRow } from "./redemption-view.ts";

/** One redemption by id within its shop (a shop key never reads another shop's). */
export async function findRedemption(
  sql: Queryable,
  shop: string,
  id: string,
): Promise<RedemptionRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await sql<RedemptionRow[]>`
    SELECT ${sql.unsafe(REDEMPTION_COLUMNS)} FROM redemptions WHERE shop = ${shop} AND id = ${id}::uuid`;
  return row ?? null;
}

/** By id alone: for the issuer, which acts on commands that already name the shop. */
export async function findRedemptionById(sql: Queryable, id: string): Promise<RedemptionRow | null> {
  const [row] = await sql<RedemptionRow[]>`
    SELECT ${sql.unsafe(REDEMPTION_COLUMNS)} FROM redemptions WHERE id = ${id}::uuid`;
  return row ?? null;
}

/** A customer's redemptions, newest first. */
export async function customerRedemptions(sql: Queryable, shop: string, customerId: string, limit = 50) {
  return sql<RedemptionRow[]>`
    SELECT ${sql.unsafe(REDEMPTION_COLUMNS)} FROM redemptions
    WHERE shop = ${shop} AND customer_id = ${customerId} ORDER BY created_at DESC, id LIMIT ${limit}`;
}

/**
 * pending → issued, recording what Shopify created; completes the command in the same
 * transaction. Only from pending: a second attempt racing the first changes nothing.
 */
export async function markIssued(sql: Sql, input: { redemptionId: string; shopifyId: string; now: Date }) {
  const now = input.now.toISOString();
  return sql.begin(async (tx) => {
    const rows = await tx<RedemptionRow[]>`
      UPDATE redemptions SET status = 'issued', shopify_id = ${input.shopifyId}, status_changed_at = ${now}::timestamptz
      WHERE id = ${input.redemptionId}::uuid AND status = 'pending'
      RETURNING ${tx.unsafe(REDEMPTION_COLUMNS)}`;
    await completeCommands(tx, input.redemptionId, now, null);
    return rows[0] ?? null;
  });
}

/**
 * pending → failed (Shopify refused for good): the points come back as `redeem_reversal`
 * in the same transaction, behind the customer's row lock like every balance change.
 */
export async function markFailed(sql: Sql, input: { redemptionId: string; reason: string; now: Date }) {
  const now = input.now.toISOString();
  return sql.begin(async (tx) => {
    const row = await transition(tx, input.redemptionId, ["pending"], "failed", now, input.reason);
    if (row) await returnPoints(tx, row, `Reward could not be issued: ${input.reason}`, now);
    await completeCommands(tx, input.redemptionId, now, input.reason);
    return row;
  });
}

/** issued → cancelled after Shopify deactivated the code: the points come back. */
export async function markCancelled(sql: Sql, input: { redemptionId: string; now: Date }) {
  const now = input.now.toISOString();
  return sql.begin(async (tx) => {
    const row = await transition(tx, input.redemptionId, ["issued"], "cancelled", now, null);
    if (row) await returnPoints(tx, row, "Redemption cancelled", now);
    return row;
  });
}

/**
 * Moves a redemption between statuses under the customer's row lock (taken first, as the
 * ledger does, so this never deadlocks against a batch touching the same customer).
 */
export async function transition(
  tx: Queryable,
  redemptionId: string,
  from: readonly RedemptionRow["status"][],
  to: RedemptionRow["status"],
  now: string,
  reason: string | null,
): Promise<RedemptionRow | null> {
  const [owner] = await tx<{ shop: string; customer_id: string }[]>`
    SELECT shop, customer_id FROM redemptions WHERE id = ${redemptionId}::uuid`;
  if (!owner) return null;
  await tx`SELECT 1 FROM customers WHERE shop = ${owner.shop} AND customer_id = ${owner.customer_id} FOR UPDATE`;
  const [row] = await tx<RedemptionRow[]>`
    UPDATE redemptions SET status = ${to}, status_changed_at = ${now}::timestamptz,
      failure_reason = COALESCE(${reason}, failure_reason)
    WHERE id = ${redemptionId}::uuid AND status = ANY(${from as string[]}::redemption_status[])
    RETURNING ${tx.unsafe(REDEMPTION_COLUMNS)}`;
  return row ?? null;
}

/** The `redeem_reversal` row and the balance that goes with it (lifetime points are untouched by redemptions). */
export async function returnPoints(tx: Queryable, row: RedemptionRow, reason: string, now: string) {
  const points = toSafeInt(row.points_deducted, "redemptions.points_deducted");
  await tx`
    WITH ledger AS (
      INSERT INTO points_ledger (shop, customer_id, delta, kind, reason, order_id, created_at)
      VALUES (${row.shop}, ${row.customer_id}, ${points}::int8, 'redeem_reversal', ${reason}, ${row.used_order_id}, ${now}::timestamptz)
    )
    UPDATE customers SET balance = balance + ${points}::int8, updated_at = ${now}::timestamptz
    WHERE shop = ${row.shop} AND customer_id = ${row.customer_id}`;
}

async function completeCommands(tx: Queryable, redemptionId: string, now: string, error: string | null) {
  await tx`
    UPDATE shopify_commands SET done_at = ${now}::timestamptz, last_error = COALESCE(${error}, last_error)
    WHERE redemption_id = ${redemptionId}::uuid AND done_at IS NULL`;
}
