import { verifyLoyaltySignature } from "@loyalty/core";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { DISPATCHER_GROUP, listDeadLetters, webhooksLane } from "@loyalty/streams";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./harness.ts";
import { insertEndpoint, insertOutbox, type Receiver, SHOP, startReceiver, waitFor } from "./helpers.ts";

let redis: TestRedis;
let database: MigratedTestDatabase;
const open: Array<{ close: () => Promise<void> }> = [];

beforeAll(async () => {
  redis = await createTestRedis("dispatch");
  database = await createMigratedTestDatabase({ label: "dispatch", max: 10 });
});

afterAll(async () => {
  await redis.cleanup();
  await database.cleanup();
});

afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await resource.close();
  await database.sql`TRUNCATE outbox, webhook_endpoints, webhook_deliveries`;
});

async function receiver(answer?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const started = await startReceiver(answer);
  open.push(started);
  return started;
}

async function harness(overrides?: Parameters<typeof createHarness>[2]): Promise<Harness> {
  const created = await createHarness(redis, database, overrides);
  open.push(created);
  return created;
}

interface AttemptRow {
  deliveryId: string;
  endpointId: string;
  attempt: number;
  outcome: string;
  statusCode: number | null;
  error: string | null;
}

function attempts(): Promise<AttemptRow[]> {
  return database.sql<AttemptRow[]>`
    SELECT delivery_id AS "deliveryId", endpoint_id::text AS "endpointId", attempt, outcome,
      status_code AS "statusCode", error
    FROM webhook_deliveries ORDER BY id`;
}

async function pendingCount(h: Harness): Promise<number> {
  let total = 0;
  for (const p of h.keys.all()) {
    const summary = (await redis.client.xpending(h.keys.webhooks(p), DISPATCHER_GROUP)) as [
      number,
      ...unknown[],
    ];
    total += Number(summary[0]);
  }
  return total;
}

describe("the dispatcher", () => {
  it("relays an outbox row and POSTs it signed with the endpoint's secret, with its headers, then records and acks it", async () => {
    const target = await receiver();
    const endpoint = await insertEndpoint(database.sql, { url: target.url });
    const [rowId] = await insertOutbox(database.sql, [
      { type: "points.awarded", payload: { customerId: "42", points: 150 } },
    ]);
    const h = await harness();
    h.dispatcher.start();

    const [row] = await waitFor(attempts, (rows) => rows.length === 1);
    const request = target.received[0]!;
    const deliveryId = `dlv_${rowId}_${endpoint.id}`;
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["x-loyalty-delivery-id"]).toBe(deliveryId);
    expect(request.headers["x-loyalty-event"]).toBe("points.awarded");
    const signature = String(request.headers["x-loyalty-signature"]);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyLoyaltySignature(signature, request.body, endpoint.secret)).toMatchObject({ valid: true });
    expect(verifyLoyaltySignature(signature, request.body, "another-secret")).toEqual({
      valid: false,
      reason: "mismatch",
    });
    expect(JSON.parse(request.body)).toEqual({
      id: deliveryId,
      type: "points.awarded",
      shop: SHOP,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: { customerId: "42", points: 150 },
    });
    expect(row).toMatchObject({
      deliveryId,
      endpointId: endpoint.id,
      attempt: 1,
      outcome: "delivered",
      statusCode: 200,
      error: null,
    });
    expect(
      await waitFor(
        () => pendingCount(h),
        (n) => n === 0,
      ),
    ).toBe(0);
    expect(await h.counted()).toEqual({ delivered: 1 });
    expect(target.received).toHaveLength(1);
  });

  it("retries a receiver that answers 500 twice with growing delays, then delivers; three attempts are recorded", async () => {
    const target = await receiver((_request, index) => (index < 2 ? 500 : 200));
    await insertEndpoint(database.sql, { url: target.url });
    await insertOutbox(database.sql, [{}]);
    const h = await harness({ retry: { baseMs: 60, capMs: 1_000, jitterRatio: 0 } });
    h.dispatcher.start();

    const rows = await waitFor(attempts, (r) => r.length === 3);
    expect(rows.map((r) => [r.attempt, r.outcome, r.statusCode])).toEqual([
      [1, "failed", 500],
      [2, "failed", 500],
      [3, "delivered", 200],
    ]);
    expect(rows[0]?.error).toBe("http_500: the endpoint answered 500");
    expect(new Set(target.received.map((r) => r.headers["x-loyalty-delivery-id"])).size).toBe(1);
    // A retry is never due before its delay: 60 ms after the first failure, 120 ms after the second.
    const [first, second, third] = target.received.map((r) => r.at) as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(60);
    expect(third - second).toBeGreaterThanOrEqual(120);
    expect(await h.counted()).toEqual({ failed: 2, delivered: 1 });
  });

  it("keeps delivering to a healthy endpoint while another one hangs, and retries the hanging one after its timeout", async () => {
    const hanging = await receiver(() => "hang");
    const healthy = await receiver();
    const dead = await insertEndpoint(database.sql, { url: hanging.url });
    await insertEndpoint(database.sql, { url: healthy.url });
    await insertOutbox(database.sql, [{}, {}, {}, {}, {}, {}]);
    // 4 global slots, 2 per endpoint, 1 waiting: the hanging endpoint holds 2 slots, one more of
    // its deliveries waits, the rest are put back; the healthy endpoint keeps the other 2 slots.
    const h = await harness({ timeoutMs: 1_500, concurrency: 4, perEndpoint: 2, queuePerEndpoint: 1 });
    h.dispatcher.start();

    await waitFor(
      () => hanging.abandoned.length,
      (n) => n >= 1,
    );
    const firstTimeout = Math.min(...hanging.abandoned.map((a) => a.at));
    expect(healthy.received).toHaveLength(6);
    // Every healthy delivery arrived before the hanging endpoint's first request timed out.
    expect(Math.max(...healthy.received.map((r) => r.at))).toBeLessThan(firstTimeout);

    // The timed-out deliveries are recorded as failed and come back for another attempt.
    await waitFor(
      () => hanging.received.map((r) => String(r.headers["x-loyalty-delivery-id"])),
      (ids) => new Set(ids).size < ids.length,
    );
    const rows = await attempts();
    const timedOut = rows.find((row) => row.endpointId === dead.id && row.attempt === 1);
    expect(timedOut).toMatchObject({ outcome: "failed", statusCode: null });
    expect(timedOut?.error).toMatch(/^timeout: /);
    expect(rows.filter((row) => row.outcome === "delivered")).toHaveLength(6);
  });

  it("dead-letters a delivery to the webhooks DLQ after WEBHOOK_MAX_ATTEMPTS failures", async () => {
    const target = await receiver(() => 503);
    await insertEndpoint(database.sql, { url: target.url });
    const [rowId] = await insertOutbox(database.sql, [{}]);
    const h = await harness({ maxAttempts: 3 });
    h.dispatcher.start();

    const rows = await waitFor(attempts, (r) => r.length === 3);
    expect(rows.map((r) => r.outcome)).toEqual(["failed", "failed", "dead_lettered"]);
    const page = await waitFor(
      () => listDeadLetters(redis.client, webhooksLane(h.keys), { count: 10 }),
      (p) => p.items.length === 1,
    );
    expect(page.items[0]).toMatchObject({ errorCode: "http_503", attempts: 3 });
    expect(JSON.stringify(page.items[0])).toContain(`dlv_${rowId}_`);
    expect(await h.counted()).toEqual({ failed: 2, dead_lettered: 1 });
    expect(await pendingCount(h)).toBe(0);
  });

  it("dead-letters at once when the receiver answers 410 Gone", async () => {
    const target = await receiver(() => 410);
    await insertEndpoint(database.sql, { url: target.url });
    await insertOutbox(database.sql, [{}]);
    const h = await harness();
    h.dispatcher.start();

    const page = await waitFor(
      () => listDeadLetters(redis.client, webhooksLane(h.keys), { count: 10 }),
      (p) => p.items.length === 1,
    );
    expect(page.items[0]).toMatchObject({ errorCode: "endpoint_gone", attempts: 1 });
    expect((await attempts()).map((r) => [r.outcome, r.statusCode])).toEqual([["dead_lettered", 410]]);
    expect(target.received).toHaveLength(1);
  });

  it("drops deliveries of an endpoint deleted after they were relayed, recording why", async () => {
    const target = await receiver();
    const endpoint = await insertEndpoint(database.sql, { url: target.url });
    await insertOutbox(database.sql, [{}, {}]);
    const h = await harness();
    expect(await h.dispatcher.relayOnce()).toEqual({ rows: 2, deliveries: 2 });
    await database.sql`UPDATE webhook_endpoints SET deleted_at = now() WHERE id = ${endpoint.id}::uuid`;
    h.dispatcher.start();

    const rows = await waitFor(attempts, (r) => r.length === 2);
    expect(rows.map((r) => [r.outcome, r.error])).toEqual([
      ["failed", "endpoint deleted"],
      ["failed", "endpoint deleted"],
    ]);
    expect(
      await waitFor(
        () => pendingCount(h),
        (n) => n === 0,
      ),
    ).toBe(0);
    expect(target.received).toHaveLength(0);
    expect(await h.counted()).toEqual({});
  });

  it("signs each attempt with the endpoint's current secret, so a rotation applies to the next retry", async () => {
    const target = await receiver((_request, index) => (index === 0 ? 500 : 200));
    const endpoint = await insertEndpoint(database.sql, { url: target.url, secret: "old-secret" });
    await insertOutbox(database.sql, [{}]);
    const h = await harness({ retry: { baseMs: 300, capMs: 1_000, jitterRatio: 0 } });
    h.dispatcher.start();

    await waitFor(attempts, (r) => r.length === 1);
    await database.sql`UPDATE webhook_endpoints SET secret = 'new-secret' WHERE id = ${endpoint.id}::uuid`;
    await waitFor(attempts, (r) => r.length === 2);
    const [first, second] = target.received;
    expect(
      verifyLoyaltySignature(String(first?.headers["x-loyalty-signature"]), first!.body, "old-secret").valid,
    ).toBe(true);
    expect(
      verifyLoyaltySignature(String(second?.headers["x-loyalty-signature"]), second!.body, "new-secret")
        .valid,
    ).toBe(true);
  });

  it("dead-letters a stream entry that is not a delivery without sending anything", async () => {
    const h = await harness({ relay: { enabled: false } });
    h.dispatcher.start();
    await redis.client.xadd(h.keys.webhooks(1), "*", "e", JSON.stringify({ deliveryId: "dlv_x" }));

    const page = await waitFor(
      () => listDeadLetters(redis.client, webhooksLane(h.keys), { count: 10 }),
      (p) => p.items.length === 1,
    );
    expect(page.items[0]).toMatchObject({ errorCode: "invalid_delivery" });
    expect(await h.counted()).toEqual({ dead_lettered: 1 });
  });
});
