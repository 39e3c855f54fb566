import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueryTestEnv, type QueryTestEnv, SHOP_A } from "./support/query-app.ts";
import { seedCustomer } from "./support/seed.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "tx_happy", poolMax: 10 });
  await seedCustomer(env.sql, SHOP_A, "c-history", [
    { delta: 150, reason: "1 point per dollar", orderId: "o-1", eventId: "evt_1" },
    { delta: -50, kind: "clawback", reason: "Refund of order o-1", orderId: "o-1", eventId: "evt_2" },
    { delta: -100, kind: "redeem", reason: 'Redeemed "$1 off"' },
  ]);
  await seedCustomer(env.sql, SHOP_A, "c-new");
  await seedCustomer(
    env.sql,
    SHOP_A,
    "c-many",
    Array.from({ length: 120 }, (_, i) => ({ delta: i + 1 })),
  );
});
afterAll(async () => env?.close());

interface Page {
  items: Array<{ id: string; delta: number }>;
  nextCursor: string | null;
}

async function page(customerId: string, query: string): Promise<Page> {
  const response = await env.call({ method: "GET", url: `/v1/customers/${customerId}/transactions${query}` });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe("GET /v1/customers/:customerId/transactions", () => {
  it("lists the ledger newest first with every contract field", async () => {
    const { items, nextCursor } = await page("c-history", "");

    expect(nextCursor).toBeNull();
    expect(items.map((i) => i.delta)).toEqual([-100, -50, 150]);
    expect(items[2]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      delta: 150,
      kind: "earn",
      reason: "1 point per dollar",
      eventId: "evt_1",
      ruleId: null,
      orderId: "o-1",
      apiKeyId: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect(items[0]).toMatchObject({ kind: "redeem", eventId: null, orderId: null });
  });

  it("answers an empty page for a known customer without transactions", async () => {
    expect(await page("c-new", "")).toEqual({ items: [], nextCursor: null });
  });

  it("pages with limit and an opaque cursor, ending with a null cursor", async () => {
    const first = await page("c-many", "?limit=50");
    const second = await page("c-many", `?limit=50&cursor=${first.nextCursor}`);
    const third = await page("c-many", `?limit=50&cursor=${second.nextCursor}`);

    expect([first.items.length, second.items.length, third.items.length]).toEqual([50, 50, 20]);
    expect(third.nextCursor).toBeNull();
    expect(first.items[0]?.delta).toBe(120);
    expect(third.items.at(-1)?.delta).toBe(1);
  });

  it("defaults to 50 rows per page", async () => {
    expect((await page("c-many", "")).items).toHaveLength(50);
  });

  it("returns every transaction exactly once while new ledger rows are inserted concurrently", async () => {
    const customerId = "c-busy";
    await seedCustomer(
      env.sql,
      SHOP_A,
      customerId,
      Array.from({ length: 300 }, (_, i) => ({ delta: 1, reason: `old ${i}` })),
    );
    const before = await env.sql<{ id: string }[]>`
      SELECT id::text AS id FROM points_ledger WHERE shop = ${SHOP_A} AND customer_id = ${customerId}`;
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        await env.sql`INSERT INTO points_ledger (shop, customer_id, delta, kind, reason)
          VALUES (${SHOP_A}, ${customerId}, 1, 'adjust', ${`new ${n++}`})`;
      }
      return n;
    })();

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const current: Page = await page(customerId, `?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...current.items.map((i) => i.id));
      cursor = current.nextCursor;
    } while (cursor !== null);
    writing = false;
    const inserted = await writer;

    expect(inserted).toBeGreaterThan(0);
    expect(new Set(seen).size).toBe(seen.length);
    const seenSet = new Set(seen);
    expect(before.every((row) => seenSet.has(row.id))).toBe(true);
    const ids = seen.map(Number);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});
