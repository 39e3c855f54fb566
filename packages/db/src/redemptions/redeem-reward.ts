import { randomUUID } from "node:crypto";
import { LoyaltyError, partitionKey } from "@loyalty/core";
import type { Queryable, Sql } from "../db.ts";
import { toSafeInt } from "../util.ts";
import { discountCodeFor } from "./discount-code.ts";
import { REDEMPTION_ERROR_CODES } from "./redemption-errors.ts";
import {
  REDEMPTION_COLUMNS,
  type RedemptionRow,
  type RedemptionView,
  toRedemptionView,
} from "./redemption-view.ts";
import type { Reward } from "./reward.ts";
import { REWARD_COLUMNS, toReward } from "./rewards-store.ts";

/** What Shopify is asked to create for a redemption: the reward as redeemed, in the shop's currency. */
export interface RewardSnapshot {
  key: string;
  name: string;
  kind: Reward["kind"];
  value: number | null;
  minimumSubtotal: number | null;
  combinesWith: Reward["combinesWith"];
  /** ISO 4217 code of the shop; null when the shop never said (store credit then fails). */
  currency: string | null;
}

export interface RedeemInput {
  shop: string;
  customerId: string;
  /** The reward's key (`rewardId` in the API). */
  rewardKey: string;
  idempotencyKey: string;
  now: Date;
  newId?: () => string;
}

export interface RedeemOutcome {
  redemption: RedemptionView;
  /** True when the idempotency key had already been redeemed: nothing was written this time. */
  replayed: boolean;
}

/** Attempts at a fresh redemption id when its derived code collides: practically never more than one. */
const ID_ATTEMPTS = 5;
const DAY_MS = 86_400_000;

/**
 * Spends points on a reward in one transaction (packages/db/README.md ledger rules): lock the
 * customer row FOR UPDATE, then — behind that lock, so concurrent redemptions of one customer
 * run one after another and can never both see the old balance — check the idempotency key,
 * the reward and `balance ≥ cost`, and write in one statement: the redemption (`pending`, its
 * code derived from its id), the `redeem` ledger row, the balance, the `reward.redeemed`
 * outbox row and the `issue_reward` Shopify command. Nothing talks to Shopify here: the
 * command is executed after the commit (at once, then by the worker until done).
 *
 * The same idempotency key again answers that redemption as it is now, `replayed: true`. Two
 * requests with one key for different customers take different row locks; the unique
 * (shop, idempotency_key) then makes the second INSERT wait for the first and do nothing,
 * and it reads the winner's row instead.
 */
export async function redeemReward(sql: Sql, input: RedeemInput): Promise<RedeemOutcome> {
  return sql.begin((tx) => redeemIn(tx, input));
}

async function redeemIn(tx: Queryable, input: RedeemInput): Promise<RedeemOutcome> {
  const { shop, customerId, rewardKey, idempotencyKey } = input;
  // Pipelined, one round trip; the server runs them in order, so the reads start after
  // the lock is held and see every redemption committed before it.
  const [customers, previous, rewards, shops] = await Promise.all([
    tx<{ balance: unknown }[]>`
      SELECT balance FROM customers WHERE shop = ${shop} AND customer_id = ${customerId} FOR UPDATE`,
    previousRedemption(tx, shop, idempotencyKey),
    tx<Parameters<typeof toReward>[0][]>`
      SELECT ${tx.unsafe(REWARD_COLUMNS)} FROM rewards WHERE shop = ${shop} AND key = ${rewardKey}`,
    tx<{ currency: string | null }[]>`SELECT currency FROM shops WHERE domain = ${shop}`,
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
  const reward = rewards[0] ? toReward(rewards[0]) : null;
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

  const snapshot: RewardSnapshot = {
    key: reward.key,
    name: reward.name,
    kind: reward.kind,
    value: reward.value,
    minimumSubtotal: reward.minimumSubtotal,
    combinesWith: reward.combinesWith,
    currency: shops[0]?.currency ?? null,
  };
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const id = (input.newId ?? randomUUID)();
    const row = await writeRedemption(tx, input, reward, snapshot, id, balance - reward.costPoints);
    if (row) return { redemption: toRedemptionView(row), replayed: false };
    // Nothing inserted: either a concurrent request with this key (another customer's lock) won,
    // or the derived code collided with another redemption's. The first is answered from its
    // row; the second takes a new id (and so a new code).
    const winner = await previousRedemption(tx, shop, idempotencyKey);
    if (winner) return replay(winner, input);
  }
  throw new LoyaltyError(
    REDEMPTION_ERROR_CODES.codeSpaceExhausted,
    `Could not find an unused discount code in ${ID_ATTEMPTS} attempts.`,
  );
}

function previousRedemption(tx: Queryable, shop: string, idempotencyKey: string) {
  return tx<RedemptionRow[]>`
    SELECT ${tx.unsafe(REDEMPTION_COLUMNS)} FROM redemptions
    WHERE shop = ${shop} AND idempotency_key = ${idempotencyKey}`.then((rows) => rows[0] ?? null);
}

function replay(previous: RedemptionRow, input: RedeemInput): RedeemOutcome {
  if (previous.customer_id !== input.customerId || previous.reward_key !== input.rewardKey) {
    throw new LoyaltyError(
      REDEMPTION_ERROR_CODES.idempotencyKeyReused,
      "This idempotency key was already used for another customer or reward.",
      [{ idempotencyKey: input.idempotencyKey }],
    );
  }
  return { redemption: toRedemptionView(previous), replayed: true };
}

/**
 * Redemption, ledger row, balance, webhook outbox and Shopify command in one statement: the
 * later parts select FROM the INSERT's RETURNING, so when the INSERT hits a conflict nothing
 * else is written. Data-modifying CTEs run exactly once whether or not the final SELECT reads them.
 */
async function writeRedemption(
  tx: Queryable,
  input: RedeemInput,
  reward: Reward,
  snapshot: RewardSnapshot,
  id: string,
  balanceAfter: number,
): Promise<RedemptionRow | null> {
  const { shop, customerId } = input;
  const now = input.now.toISOString();
  const code = reward.kind === "store_credit" ? null : discountCodeFor(id);
  const expiresAt =
    reward.expiresInDays === null
      ? null
      : new Date(input.now.getTime() + reward.expiresInDays * DAY_MS).toISOString();
  const response = { pointsDeducted: reward.costPoints, balance: balanceAfter };
  const payload = {
    redemptionId: id,
    customerId,
    rewardId: reward.key,
    rewardName: reward.name,
    kind: reward.kind,
    value: reward.value,
    pointsDeducted: reward.costPoints,
    balance: balanceAfter,
  };
  const [row] = await tx<RedemptionRow[]>`
    WITH ins AS (
      INSERT INTO redemptions (id, shop, customer_id, reward_key, idempotency_key, points_deducted, status, code,
        response, reward, expires_at, created_at, status_changed_at)
      VALUES (${id}::uuid, ${shop}, ${customerId}, ${reward.key}, ${input.idempotencyKey}, ${reward.costPoints}::int8,
        'pending', ${code}, ${JSON.stringify(response)}::jsonb, ${JSON.stringify(snapshot)}::jsonb,
        ${expiresAt}::timestamptz, ${now}::timestamptz, ${now}::timestamptz)
      ON CONFLICT DO NOTHING
      RETURNING ${tx.unsafe(REDEMPTION_COLUMNS)}
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
    ), command AS (
      INSERT INTO shopify_commands (shop, kind, redemption_id, next_attempt_at, created_at)
      SELECT ${shop}, 'issue_reward', id, ${now}::timestamptz, ${now}::timestamptz FROM ins
    )
    SELECT * FROM ins`;
  return row ?? null;
}
