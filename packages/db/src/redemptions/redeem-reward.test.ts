import { isLoyaltyError } from "@loyalty/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../testing.ts";
import { discountCodeFor } from "./discount-code.ts";
import { redeemReward } from "./redeem-reward.ts";
import { RewardDefinition } from "./reward.ts";
import { upsertRewards } from "./rewards-store.ts";

const SHOP = "redeem-unit.myshopify.com";
let db: MigratedTestDatabase;

beforeAll(async () => {
  db = await createMigratedTestDatabase({ label: "redeem", max: 6 });
  await upsertRewards(db.sql, SHOP, [
    RewardDefinition.parse({ key: "r", name: "R", costPoints: 100, kind: "free_shipping" }),
  ]);
  for (const customerId of ["c-1", "c-2", "c-3"]) {
    await db.sql`INSERT INTO customers (shop, customer_id, balance, lifetime_points) VALUES (${SHOP}, ${customerId}, 1000, 1000)`;
  }
});
afterAll(async () => db?.cleanup());

const input = (customerId: string, idempotencyKey: string) => ({
  shop: SHOP,
  customerId,
  rewardKey: "r",
  idempotencyKey,
  now: new Date("2026-05-04T10:00:00Z"),
});

describe("redeemReward", () => {
  it("derives the code from the redemption id and takes a new id when that code is already taken in the shop", async () => {
    const ids = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"];
    const first = await redeemReward(db.sql, { ...input("c-1", "k-1"), newId: () => ids[0]! });
    const second = await redeemReward(db.sql, { ...input("c-1", "k-2"), newId: () => ids.shift()! });

    const codes = await db.sql<{ id: string; code: string }[]>`
      SELECT id, code FROM redemptions WHERE shop = ${SHOP} AND id = ANY(${[first.redemption.redemptionId, second.redemption.redemptionId]}::uuid[]) ORDER BY id`;
    expect(codes).toEqual([
      {
        id: "00000000-0000-4000-8000-000000000001",
        code: discountCodeFor("00000000-0000-4000-8000-000000000001"),
      },
      {
        id: "00000000-0000-4000-8000-000000000002",
        code: discountCodeFor("00000000-0000-4000-8000-000000000002"),
      },
    ]);
    expect(second.redemption.balance).toBe(800);
    // Not issued yet: the code is not shown until Shopify has it.
    expect(first.redemption).toMatchObject({ status: "pending", code: null });
  });

  it("gives one key used for two customers at once to one of them, and refuses the other", async () => {
    const outcomes = await Promise.allSettled([
      redeemReward(db.sql, input("c-2", "contested")),
      redeemReward(db.sql, input("c-3", "contested")),
    ]);

    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o) => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.status === "rejected" && isLoyaltyError(lost[0].reason, "idempotency_key_reused")).toBe(
      true,
    );
    const balances = await db.sql<{ balance: string }[]>`
      SELECT balance::text AS balance FROM customers WHERE shop = ${SHOP} AND customer_id IN ('c-2', 'c-3')`;
    expect(balances.map((b) => Number(b.balance)).sort((a, b) => a - b)).toEqual([900, 1000]);
  });

  it("records the redemption, its ledger row and its Shopify command together, at the time given", async () => {
    const outcome = await redeemReward(db.sql, input("c-1", "k-record"));
    const id = outcome.redemption.redemptionId;

    const [row] = await db.sql<
      { status: string; created_at: unknown; points_deducted: string; reward: unknown }[]
    >`
      SELECT status, created_at, points_deducted::text AS points_deducted, reward FROM redemptions WHERE id = ${id}`;
    const commands =
      await db.sql`SELECT kind, attempts, done_at FROM shopify_commands WHERE redemption_id = ${id}`;
    expect(row?.status).toBe("pending");
    expect(new Date(String(row?.created_at)).toISOString()).toBe("2026-05-04T10:00:00.000Z");
    expect(row?.points_deducted).toBe("100");
    expect(row?.reward).toMatchObject({ key: "r", kind: "free_shipping", value: null });
    expect([...commands]).toEqual([{ kind: "issue_reward", attempts: 0, done_at: null }]);
  });
});
