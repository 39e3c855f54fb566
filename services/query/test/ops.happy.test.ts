import { PROCESSOR_GROUP } from "@loyalty/streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDeadLetter, redactEnvelope } from "./support/dead-letters.ts";
import { createQueryTestEnv, OPS_TOKEN, PARTITIONS, type QueryTestEnv } from "./support/query-app.ts";

let env: QueryTestEnv;
beforeAll(async () => {
  env = await createQueryTestEnv({ label: "ops_happy" });
});
afterAll(async () => env?.close());

const ops = (method: "GET" | "POST", url: string, payload?: Record<string, unknown>) =>
  env.call({ method, url, key: OPS_TOKEN, ...(payload ? { payload } : {}) });

describe("/v1/ops", () => {
  it("reports length, lag, pending, DLQ depth and retries of every partition", async () => {
    const redis = env.redis.client;
    await redis.xadd(env.keys.events(0), "*", "e", "{}");
    await redis.xadd(env.keys.events(0), "*", "e", "{}");
    await redis.xgroup("CREATE", env.keys.events(1), PROCESSOR_GROUP, "0", "MKSTREAM");
    await redis.xadd(env.keys.events(1), "*", "e", "{}");
    await redis.xreadgroup("GROUP", PROCESSOR_GROUP, "c1", "COUNT", 1, "STREAMS", env.keys.events(1), ">");
    await redis.zadd(env.keys.retry(2), 1, "member");
    await addDeadLetter(redis, env.keys, 3, "not json");

    const response = await ops("GET", "/v1/ops/streams");

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      group: PROCESSOR_GROUP,
      partitions: [
        { partition: 0, length: 2, lag: 2, pending: 0, dlq: 0, retrying: 0 },
        { partition: 1, length: 1, lag: 0, pending: 1, dlq: 0, retrying: 0 },
        { partition: 2, length: 0, lag: 0, pending: 0, dlq: 0, retrying: 1 },
        { partition: 3, length: 0, lag: 0, pending: 0, dlq: 1, retrying: 0 },
      ],
    });
    expect(response.json().partitions).toHaveLength(PARTITIONS);
  });

  it("lists dead letters with their failure and the event they carry", async () => {
    const id = await addDeadLetter(
      env.redis.client,
      env.keys,
      2,
      JSON.stringify(redactEnvelope("evt_listed")),
    );

    const response = await ops("GET", "/v1/ops/dlq?partition=2");

    expect(response.statusCode).toBe(200);
    expect(response.json().items).toContainEqual({
      id,
      partition: 2,
      errorCode: "rule_failed",
      errorMessage: "rule threw",
      attempts: 8,
      originalId: "1767268800000-0",
      firstFailureAt: "2026-05-04T10:00:00.000Z",
      lastFailureAt: "2026-05-04T11:00:00.000Z",
      event: {
        id: "evt_listed",
        type: "customer.redact",
        shop: "alpha-store.myshopify.com",
        customerId: "c-1",
      },
      payload: JSON.stringify(redactEnvelope("evt_listed")),
    });
  });

  it("pages the dead letters with a cursor", async () => {
    for (let i = 0; i < 3; i++) await addDeadLetter(env.redis.client, env.keys, 0, `letter ${i}`);

    const first = (await ops("GET", "/v1/ops/dlq?partition=0&limit=2")).json();
    const second = (await ops("GET", `/v1/ops/dlq?partition=0&limit=2&cursor=${first.nextCursor}`)).json();

    expect(first.items.map((i: { payload: string }) => i.payload)).toEqual(["letter 0", "letter 1"]);
    expect(second.items.map((i: { payload: string }) => i.payload)).toEqual(["letter 2"]);
    expect(second.nextCursor).toBeNull();
  });

  it("replays chosen dead letters back onto their stream with attempt 0", async () => {
    const id = await addDeadLetter(
      env.redis.client,
      env.keys,
      1,
      JSON.stringify(redactEnvelope("evt_replayed")),
    );

    const response = await ops("POST", "/v1/ops/dlq/replay", { ids: [id] });
    const again = await ops("POST", "/v1/ops/dlq/replay", { ids: [id] });

    expect(response.json()).toEqual({ replayed: 1, missing: 0 });
    expect(again.json()).toEqual({ replayed: 0, missing: 1 });
    const [[, fields]] = (await env.redis.client.xrevrange(env.keys.events(1), "+", "-", "COUNT", 1)) as [
      [string, string[]],
    ];
    expect(JSON.parse(fields[1] ?? "")).toMatchObject({ id: "evt_replayed", attempt: 0 });
  });

  it("replays every dead letter with all: true", async () => {
    await addDeadLetter(env.redis.client, env.keys, 0, JSON.stringify(redactEnvelope("evt_all_1")));
    await addDeadLetter(env.redis.client, env.keys, 3, JSON.stringify(redactEnvelope("evt_all_2")));
    const before = (await ops("GET", "/v1/ops/streams")).json();
    const waiting = before.partitions.reduce((sum: number, p: { dlq: number }) => sum + p.dlq, 0);

    const response = await ops("POST", "/v1/ops/dlq/replay", { all: true });
    const after = (await ops("GET", "/v1/ops/streams")).json();

    expect(response.json()).toEqual({ replayed: waiting, missing: 0 });
    expect(after.partitions.every((p: { dlq: number }) => p.dlq === 0)).toBe(true);
  });
});
