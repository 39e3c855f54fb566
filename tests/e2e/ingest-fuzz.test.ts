import { randomUUID } from "node:crypto";
import { shopifyFixtureJson } from "@loyalty/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPipeline, type Pipeline } from "./pipeline.ts";

/*
 * The converse of "a bad payload is a 400": whatever ingest answers 200 `accepted` must be
 * applied by the processor, never dead-lettered. Signed orders/paid bodies built from the
 * fixture with hostile values where storage and the ledger have limits (ids, currency, amounts,
 * quantities, text with NUL or lone surrogates). Every reject must be a 400 naming a JSON path.
 */

type Json = Record<string, unknown>;

const hostileText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("\u0000", "a\u0000b", "\ud800", "\udfff x", "🎉", "Zoë", "\\u0000", "x".repeat(5000)),
);
const id = fc.oneof(
  fc.bigInt({ min: 1n, max: 18_446_744_073_709_551_615n }).map(String),
  fc.integer({ min: -10, max: 2 ** 40 }),
  fc.constantFrom("0", "1".repeat(21), "9".repeat(100_000), "12a", " 42 ", "1\u00002"),
  hostileText,
);
const amount = fc.oneof(
  fc
    .bigInt({ min: 0n, max: 10_000_000_000_00n })
    .map((cents) => `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`),
  fc.constantFrom("-1.00", "-0.01", "99999999999.99", "10000000000.01", "1.001", "1e5", "", "0", "0.00"),
  fc.double({ noNaN: true, min: -1e12, max: 1e12 }),
  hostileText,
);
const currency = fc.oneof(
  fc.constantFrom("USD", "JPY", "KWD", "EUR", "usd", "XAU", "XTS", "ABC", "US\u0000", "USDX"),
  fc.string({ minLength: 3, maxLength: 3 }),
);
const quantity = fc.oneof(fc.integer({ min: -3, max: 2_000_000 }), fc.constantFrom(1.5, "2", null));

const FIELDS = {
  orderId: id,
  customerId: id,
  currency,
  subtotal: amount,
  total: amount,
  price: amount,
  quantity,
  title: hostileText,
  email: hostileText,
  tags: hostileText,
  note: hostileText,
};
type Field = keyof typeof FIELDS;

// Each body changes at most three of the fixture's fields: a body with every field hostile
// is almost never valid, and then the "every 200 is applied" half of the property would
// have nothing to check.
const orderBody = fc
  .record({
    values: fc.record(FIELDS),
    changed: fc.subarray(Object.keys(FIELDS) as Field[], { maxLength: 3 }),
  })
  .map(({ values, changed }) => {
    const order = shopifyFixtureJson<Json>("orders-paid");
    const line = (order.line_items as Json[])[0] as Json;
    const customer = order.customer as Json;
    const set = (field: Field, apply: (value: unknown) => void) => {
      if (changed.includes(field)) apply(values[field]);
    };
    // A fresh order id per body unless the id itself is under test, so accepted bodies are distinct orders.
    order.id = changed.includes("orderId")
      ? values.orderId
      : String(5_810_273_619_001n + BigInt(randomUUID().replace(/\D/g, "").slice(0, 9)));
    set("currency", (v) => {
      order.currency = v;
    });
    set("subtotal", (v) => {
      order.current_subtotal_price = v;
    });
    set("total", (v) => {
      order.current_total_price = v;
    });
    set("note", (v) => {
      order.note = v;
    });
    set("tags", (v) => {
      order.tags = v;
    });
    set("price", (v) => {
      line.price = v;
    });
    set("quantity", (v) => {
      line.quantity = v;
    });
    set("title", (v) => {
      line.title = v;
    });
    set("customerId", (v) => {
      customer.id = v;
    });
    set("email", (v) => {
      customer.email = v;
    });
    return JSON.stringify(order);
  });

let pipeline: Pipeline;
beforeAll(async () => {
  pipeline = await createPipeline("ingest_fuzz");
});
afterAll(async () => pipeline?.close());

describe("ingest fuzz: signed hostile order bodies", { timeout: 240_000 }, () => {
  it("applies every body answered 200 without a dead letter, and rejects the rest with 400 at a JSON path", async () => {
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(orderBody, async (body) => {
        const answer = await pipeline.post(body, "orders/paid", randomUUID());
        statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
        if (answer.statusCode === 200) {
          expect(answer.body.status).toBe("accepted");
          accepted.push(answer.body.eventId as string);
          return;
        }
        const refusal = answer.body as unknown as { error: string; details: Array<{ path?: unknown }> };
        expect(answer.statusCode).toBe(400);
        expect(refusal.error).toBe("invalid_payload");
        expect(refusal.details[0]?.path).toEqual(expect.stringMatching(/^(\$|[A-Za-z_])/));
      }),
      { numRuns: 200 },
    );
    // Both sides were exercised, or the property says nothing.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(10);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(10);

    pipeline.startProcessor();
    const done = await pipeline.waitFor(
      async () =>
        (
          await pipeline.database.sql<{ n: number }[]>`
            SELECT count(*)::int AS n FROM processed_events WHERE event_id = ANY(${accepted}::text[])`
        )[0]?.n ?? 0,
      (n) => n === accepted.length,
      180_000,
    );
    expect(done).toBe(accepted.length);
    let deadLetters = 0;
    let retrying = 0;
    for (const p of pipeline.keys.all()) {
      deadLetters += await pipeline.redis.client.xlen(pipeline.keys.dlq(p));
      retrying += await pipeline.redis.client.zcard(pipeline.keys.retry(p));
    }
    expect({ deadLetters, retrying }).toEqual({ deadLetters: 0, retrying: 0 });
    expect((await pipeline.verify()).ok).toBe(true);
  });
});
