import { LoyaltyError } from "@loyalty/core";
import { z } from "zod";
import type { Queryable, Sql } from "../db.ts";
import { loadLots } from "../ledger/load.ts";
import { writeLots } from "../ledger/write-statements.ts";
import { REDEMPTION_ERROR_CODES } from "../redemptions/redemption-errors.ts";
import { loadSettings } from "../settings/settings-store.ts";
import { toSafeInt } from "../util.ts";
import { decideAdjustment } from "./decide-adjustment.ts";

export const AdjustmentResponse = z.object({
  transactionId: z.string().describe("The `adjust` ledger row's id"),
  balance: z.number().int().describe("The balance right after the adjustment"),
});
export type AdjustmentResponse = z.infer<typeof AdjustmentResponse>;

export interface AdjustInput {
  shop: string;
  customerId: string;
  points: number;
  reason: string;
  idempotencyKey: string;
  /** The acting API key (kept on the ledger row and shown in transactions). */
  apiKeyId: string | null;
  now: Date;
}

/**
 * A manual adjustment in one transaction, under the customer's row lock like every balance
 * change: check the idempotency key, refuse a debit below zero, then write the adjustment,
 * its `adjust` ledger row (lifetime points untouched), the balance and the lots it changes.
 * The same key again answers the stored response and writes nothing.
 */
export async function adjustPoints(sql: Sql, input: AdjustInput) {
  return sql.begin((tx) => adjustIn(tx, input));
}

async function adjustIn(tx: Queryable, input: AdjustInput) {
  const { shop, customerId, idempotencyKey } = input;
  const now = input.now.toISOString();
  const [customers, previous, settings] = await Promise.all([
    tx<{ balance: unknown }[]>`
      SELECT balance FROM customers WHERE shop = ${shop} AND customer_id = ${customerId} FOR UPDATE`,
    previousAdjustment(tx, shop, idempotencyKey),
    loadSettings(tx, shop),
  ]);
  const customer = customers[0];
  if (!customer) {
    throw new LoyaltyError(
      REDEMPTION_ERROR_CODES.customerNotFound,
      `No customer ${customerId} in this shop.`,
      [{ customerId }],
    );
  }
  if (previous) return replay(previous, input);
  const balance = toSafeInt(customer.balance, "customers.balance");
  if (balance + input.points < 0) {
    throw new LoyaltyError(
      REDEMPTION_ERROR_CODES.insufficientPoints,
      `The customer has ${balance} points; ${-input.points} cannot be taken.`,
      [{ balance, points: input.points }],
    );
  }
  const [tracked] =
    settings.expiry.mode === "fixed" ? await loadLots(tx, [{ shop, customerId }]) : [undefined];
  const decided = decideAdjustment(balance, tracked?.lots, settings, { ...input, now });
  const [row] = await tx<{ ledger_id: unknown }[]>`
    WITH id AS (SELECT nextval(pg_get_serial_sequence('points_ledger', 'id')) AS id),
    adj AS (
      INSERT INTO adjustments (shop, idempotency_key, customer_id, points, reason, api_key_id, ledger_id, response, created_at)
      SELECT ${shop}, ${idempotencyKey}, ${customerId}, ${input.points}::int8, ${input.reason}, ${input.apiKeyId},
        id.id, jsonb_build_object('transactionId', id.id::text, 'balance', ${decided.balance}::int8), ${now}::timestamptz
      FROM id
      ON CONFLICT DO NOTHING
      RETURNING ledger_id
    ), ledger AS (
      INSERT INTO points_ledger (id, shop, customer_id, delta, kind, reason, api_key_id, created_at)
      SELECT ledger_id, ${shop}, ${customerId}, ${input.points}::int8, 'adjust', ${input.reason}, ${input.apiKeyId},
        ${now}::timestamptz
      FROM adj
    ), upd AS (
      UPDATE customers SET balance = ${decided.balance}::int8, updated_at = ${now}::timestamptz
      WHERE shop = ${shop} AND customer_id = ${customerId} AND EXISTS (SELECT 1 FROM adj)
    )
    SELECT ledger_id FROM adj`;
  if (!row) {
    // Another customer's request with this key won (it held a different row lock): answer its result.
    const winner = await previousAdjustment(tx, shop, idempotencyKey);
    if (!winner)
      throw new LoyaltyError("adjustment_conflict", "The adjustment could not be recorded; retry.");
    return replay(winner, input);
  }
  await writeLots(tx, decided.lots, now);
  const response = { transactionId: String(row.ledger_id), balance: decided.balance };
  return { response, replayed: false };
}

interface PreviousAdjustment {
  customer_id: string;
  points: unknown;
  response: unknown;
}

function previousAdjustment(tx: Queryable, shop: string, key: string) {
  return tx<PreviousAdjustment[]>`
    SELECT customer_id, points, response FROM adjustments WHERE shop = ${shop} AND idempotency_key = ${key}`.then(
    (rows) => rows[0] ?? null,
  );
}

function replay(previous: PreviousAdjustment, input: AdjustInput) {
  if (
    previous.customer_id !== input.customerId ||
    toSafeInt(previous.points, "adjustments.points") !== input.points
  ) {
    throw new LoyaltyError(
      REDEMPTION_ERROR_CODES.idempotencyKeyReused,
      "This idempotency key was already used for another customer or amount.",
      [{ idempotencyKey: input.idempotencyKey }],
    );
  }
  return { response: AdjustmentResponse.parse(previous.response), replayed: true };
}
