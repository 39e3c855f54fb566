import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A } from "./support/query-app.ts";
import { ledgerAndBalance, seedCustomer } from "./support/seed.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "adjust_ok" });
  await seedCustomer(env.sql, SHOP_A, "42", [{ delta: 500 }]);
});
afterAll(async () => env?.close());

const adjust = (payload: Record<string, unknown>, customerId = "42") =>
  env.call({ method: "POST", url: `/v1/customers/${customerId}/adjustments`, payload });

describe("POST /v1/customers/:id/adjustments", () => {
  it("adds points as kind adjust, shows the acting key in transactions, and leaves lifetime points alone", async () => {
    const response = await adjust({ points: 250, reason: "Goodwill", idempotencyKey: "adj-1" });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ transactionId: expect.any(String), balance: 750 });
    const [keyRow] = await env.sql<
      { id: string }[]
    >`SELECT id::text AS id FROM api_keys WHERE shop = ${SHOP_A}`;
    const items = (await env.call({ method: "GET", url: "/v1/customers/42/transactions" })).json().items;
    expect(items[0]).toMatchObject({
      id: response.json().transactionId,
      delta: 250,
      kind: "adjust",
      reason: "Goodwill",
      apiKeyId: keyRow?.id,
    });
    expect(await ledgerAndBalance(env.sql, SHOP_A, "42")).toMatchObject({
      balance: 750,
      ledger: 750,
      lifetime: 500,
    });
  });

  it("answers the same body again for the same key and changes nothing", async () => {
    const first = await adjust({ points: -100, reason: "Correction", idempotencyKey: "adj-2" });
    const again = await adjust({ points: -100, reason: "Correction", idempotencyKey: "adj-2" });

    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json()).toEqual(first.json());
    expect((await ledgerAndBalance(env.sql, SHOP_A, "42")).balance).toBe(650);
  });

  it("refuses a debit below zero with 409 insufficient_points, a reused key with 409, an unknown customer with 404", async () => {
    expect((await adjust({ points: -10_000, reason: "x", idempotencyKey: "adj-3" })).json().error).toBe(
      "insufficient_points",
    );
    expect((await adjust({ points: 5, reason: "x", idempotencyKey: "adj-2" })).json().error).toBe(
      "idempotency_key_reused",
    );
    expect((await adjust({ points: 5, reason: "x", idempotencyKey: "adj-4" }, "nobody")).statusCode).toBe(
      404,
    );
    expect((await adjust({ points: 0, reason: "x", idempotencyKey: "adj-5" })).statusCode).toBe(400);
  });
});
