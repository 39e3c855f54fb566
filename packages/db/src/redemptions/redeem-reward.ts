import { randomUUID } from "node:crypto";
import { LoyaltyError, partitionKey } from "@loyalty/core";
import { z } from "zod";
import type { Queryable, Sql } from "../db.ts";
import { toSafeInt } from "../util.ts";
import { generateDiscountCode } from "./discount-code.ts";
import { REDEMPTION_ERROR_CODES } from "./redemption-errors.ts";
import type { Reward } from "./reward.ts";
import { toReward } from "./rewards-store.ts";

/** The answer to a redemption; stored with it, so a retry with the same key gets these exact bytes. */
export const RedemptionResponse = z.object({
  redemptionId: z.uuid(),
  pointsDeducted: z.number().int(),
  /** The balance right after this redemption. */
  balance: z.number().int(),
  /** The discount code for the shopper, unique per shop. */
  code: z.string(),
});
export type RedemptionResponse = z.infer<typeof RedemptionResponse>;

export interface RedeemInput {
  shop: string;
  customerId: string;
  /** The reward's key (`rewardId` in the API). */
  rewardKey: string;
  idempotencyKey: string;
  now: Date;
  generateCode?: () => string;
  newId?: () => string;
}

export interface RedeemOutcome {
  response: RedemptionResponse;
  /** True when the idempotency key had already been redeemed: nothing was written this time. */
  replayed: boolean;
  /** Null only on a replay whose reward no longer exists. */
  reward: Reward | null;
}

/** Attempts at a fresh code when one collides; with 40-bit codes more than one is already rare. */
const CODE_ATTEMPTS = 5;

/**
 * Spends points on a reward in one transaction (packages/db/README.md ledger rules): lock the
 * customer row FOR UPDATE, then — behind that lock, so concurrent redemptions of one customer
 * run one after another and can never both see the old balance — check the idempotency key,
 * the reward and `balance ≥ cost`, and write redemption, `redeem` ledger row (negative delta,
 * lifetime points untouched), balance and a `reward.redeemed` outbox row in one statement.
 *
 * The same idempotency key again returns the stored answer, `replayed: true`. Two requests
 * with one key for different customers take different row locks; the unique
 * (shop, idempotency_key) then makes the second INSERT wait for the first and do nothing,
 * and it reads the winner's row instead.
 */
export async function redeemReward(sql: Sql, input: RedeemInput): Promise<RedeemOutcome> {
  return sql.begin((tx) => redeemIn(tx, input));
}

async function redeemIn(tx: Queryable, input: RedeemInput): Promise<RedeemOutcome> {
  const { shop, customerId, rewardKey, idempotencyKey } = input;
  // Pipelined, one round trip; the server runs them in order, so the two reads start after
  // the lock is held and see every redemption committed before it.
  const [customers, previous, rewards] = await Promise.all([
    tx<{ balance: unknown }[]>`
      SELECT balance FROM customers WHERE shop = ${shop} AND customer_id = ${customerId} FOR UPDATE`,
    previousRedemption(tx, shop, idempotencyKey),
    tx<Parameters<typeof toReward>[0][]>`
      SELECT key, name, cost_points, kind, value::text AS value, active
      FROM rewards WHERE shop = ${shop} AND key = ${rewardKey}`,
  ]);
  const customer = customers[0];
  if (!customer) {
    throw new LoyaltyError(
      REDEMPTION_ERROR_CODES.customerNotFound,
      `No customer ${customerId} in this shop.`,
      [{ customerId }],
    );
  }
  const reward = rewards[0] ? toReward(rewards[0]) : null;
  if (previous) return replay(previous, input, reward);
  if (!reward) {
    throw new LoyaltyError(REDEMPTION_ERROR_CODES.rewardNotFound, `No reward "${rewardKey}" in this shop.`, [
      { rewardId: rewardKey },
    ]);
  }
  if (!reward.active) {
    throw new LoyaltyError(
      REDEMPTION_ERROR_CODES.rewardInactive,
      `The reward "${rewardKey}" is not active.`,
      [{ rewardId: rewardKey }],
    );
  }
  const balance = toSafeInt(customer.balance, "customers.balance");
  if (balance < reward.costPoints) {
    throw new LoyaltyError(
      REDEMPTION_ERROR_CODES.insufficientPoints,
      `The customer has ${balance} points; "${reward.name}" costs ${reward.costPoints}.`,
      [{ balance, costPoints: reward.costPoints }],
    );
  }

  const redemptionId = (input.newId ?? randomUUID)();
  const drawCode = input.generateCode ?? (() => generateDiscountCode());
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const response: RedemptionResponse = {
      redemptionId,
      pointsDeducted: reward.costPoints,
      balance: balance - reward.costPoints,
      code: drawCode(),
    };
    if (await writeRedemption(tx, input, reward, response)) return { response, replayed: false, reward };
    // Nothing inserted: either a concurrent request with this key (another customer's lock) won,
    // or the code collided. The first is answered from its row; the second draws again.
    const winner = await previousRedemption(tx, shop, idempotencyKey);
    if (winner) return replay(winner, input, reward);
  }
  throw new LoyaltyError(
    REDEMPTION_ERROR_CODES.codeSpaceExhausted,
    `Could not draw an unused discount code in ${CODE_ATTEMPTS} attempts.`,
  );
}

interface PreviousRedemption {
  customer_id: string;
  reward_key: string;
  response: unknown;
}

function previousRedemption(tx: Queryable, shop: string, idempotencyKey: string) {
  return tx<PreviousRedemption[]>`
    SELECT customer_id, reward_key, response FROM redemptions
    WHERE shop = ${shop} AND idempotency_key = ${idempotencyKey}`.then((rows) => rows[0] ?? null);
}

function replay(previous: PreviousRedemption, input: RedeemInput, reward: Reward | null): RedeemOutcome {
  if (previous.customer_id !== input.customerId || previous.reward_key !== input.rewardKey) {
    throw new LoyaltyError(
      REDEMPTION_ERROR_CODES.idempotencyKeyReused,
      "This idempotency key was already used for another customer or reward.",
      [{ idempotencyKey: input.idempotencyKey }],
    );
  }
  return { response: RedemptionResponse.parse(previous.response), replayed: true, reward };
}

/**
 * Redemption, ledger row, balance and outbox in one statement: the later parts select FROM
 * the INSERT's RETURNING, so when the INSERT hits a conflict nothing else is written.
 * Data-modifying CTEs run exactly once whether or not the final SELECT reads them.
 */
async function writeRedemption(
  tx: Queryable,
  input: RedeemInput,
  reward: Reward,
  response: RedemptionResponse,
): Promise<boolean> {
  const { shop, customerId } = input;
  const now = input.now.toISOString();
  const payload = {
    redemptionId: response.redemptionId,
    customerId,
    rewardId: reward.key,
    rewardName: reward.name,
    kind: reward.kind,
    value: reward.value,
    pointsDeducted: response.pointsDeducted,
    balance: response.balance,
    code: response.code,
  };
  const [row] = await tx<{ inserted: unknown }[]>`
    WITH ins AS (
      INSERT INTO redemptions (id, shop, customer_id, reward_key, idempotency_key, points_deducted, code, response, created_at)
      VALUES (${response.redemptionId}::uuid, ${shop}, ${customerId}, ${reward.key}, ${input.idempotencyKey},
        ${reward.costPoints}::int8, ${response.code}, ${JSON.stringify(response)}::jsonb, ${now}::timestamptz)
      ON CONFLICT DO NOTHING
      RETURNING id
    ), ledger AS (
      INSERT INTO points_ledger (shop, customer_id, delta, kind, reason, created_at)
      SELECT ${shop}, ${customerId}, ${-reward.costPoints}::int8, 'redeem', ${`Redeemed "${reward.name}"`}, ${now}::timestamptz
      FROM ins
    ), upd AS (
      UPDATE customers SET balance = balance - ${reward.costPoints}::int8, updated_at = ${now}::timestamptz
      WHERE shop = ${shop} AND customer_id = ${customerId} AND EXISTS (SELECT 1 FROM ins)
    ), outbox AS (
      INSERT INTO outbox (shop, partition_key, type, payload, created_at)
      SELECT ${shop}, ${partitionKey({ shop, customerId, orderId: null })}, 'reward.redeemed',
        ${JSON.stringify(payload)}::jsonb, ${now}::timestamptz
      FROM ins
    )
    SELECT count(*) AS inserted FROM ins`;
  return Number(row?.inserted) === 1;
}
