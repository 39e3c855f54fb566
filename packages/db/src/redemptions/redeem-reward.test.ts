import { isLoyaltyError } from "@loyalty/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../testing.ts";
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
  it("draws a new code when the first one is already taken in the shop", async () => {
    const first = await redeemReward(db.sql, {
      ...input("c-1", "k-1"),
      generateCode: () => "LOYAL-AAAA-AAAA",
    });
    const codes = ["LOYAL-AAAA-AAAA", "LOYAL-BBBB-BBBB"];

    const second = await redeemReward(db.sql, {
      ...input("c-1", "k-2"),
      generateCode: () => codes.shift() ?? "",
    });

    expect(first.response.code).toBe("LOYAL-AAAA-AAAA");
    expect(second.response.code).toBe("LOYAL-BBBB-BBBB");
    expect(second.response.balance).toBe(800);
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

  it("records the redemption with its exact answer and the time given", async () => {
    const outcome = await redeemReward(db.sql, input("c-1", "k-record"));

    const [row] = await db.sql<{ response: unknown; created_at: unknown; points_deducted: string }[]>`
      SELECT response, created_at, points_deducted::text AS points_deducted FROM redemptions WHERE id = ${outcome.response.redemptionId}`;
    expect(row?.response).toEqual(outcome.response);
    expect(new Date(String(row?.created_at)).toISOString()).toBe("2026-05-04T10:00:00.000Z");
    expect(row?.points_deducted).toBe("100");
  });
});
