import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { DispatcherEnv, loadConfig } from "@loyalty/platform";
import { DISPATCHER_GROUP } from "@loyalty/streams";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDispatcher } from "../src/index.ts";
import { createHarness } from "./harness.ts";
import { insertEndpoint, insertOutbox, startReceiver, waitFor } from "./helpers.ts";

let redis: TestRedis;
let database: MigratedTestDatabase;

beforeAll(async () => {
  redis = await createTestRedis("dlife");
  database = await createMigratedTestDatabase({ label: "dlife", max: 6 });
});

afterAll(async () => {
  await redis.cleanup();
  await database.cleanup();
});

async function deliveryRows(): Promise<Array<{ outcome: string }>> {
  return database.sql<{ outcome: string }[]>`SELECT outcome FROM webhook_deliveries ORDER BY id`;
}

describe("dispatcher lifecycle", () => {
  it("lets a delivery in flight finish, be recorded and acked when it stops", async () => {
    await database.sql`TRUNCATE outbox, webhook_endpoints, webhook_deliveries`;
    let answer: () => void = () => {};
    // Answers only once the stop has begun: the stop must wait for it.
    const late = await startReceiverWithLateAnswer((respond) => {
      answer = respond;
    });
    await insertEndpoint(database.sql, { url: late.url });
    await insertOutbox(database.sql, [{}]);
    const h = await createHarness(redis, database);
    h.dispatcher.start();
    await waitFor(
      () => late.requests,
      (n) => n === 1,
    );

    const stopped = h.dispatcher.stop(10_000);
    answer();
    await stopped;
    expect(await deliveryRows()).toEqual([{ outcome: "delivered" }]);
    const [count] = (await redis.client.xpending(h.keys.webhooks(0), DISPATCHER_GROUP)) as [number];
    const [count1] = (await redis.client.xpending(h.keys.webhooks(1), DISPATCHER_GROUP)) as [number];
    expect(Number(count) + Number(count1)).toBe(0);
    await h.close();
    await late.close();
  });

  it("aborts a delivery still hanging at the shutdown deadline and leaves it pending for a takeover", async () => {
    await database.sql`TRUNCATE outbox, webhook_endpoints, webhook_deliveries`;
    const receiver = await startReceiver(() => "hang");
    await insertEndpoint(database.sql, { url: receiver.url });
    await insertOutbox(database.sql, [{}]);
    const h = await createHarness(redis, database, { timeoutMs: 30_000 });
    h.dispatcher.start();
    await waitFor(
      () => receiver.received.length,
      (n) => n === 1,
    );

    await h.dispatcher.stop(100);
    expect(await deliveryRows()).toEqual([]);
    let pending = 0;
    for (const p of h.keys.all())
      pending += Number(((await redis.client.xpending(h.keys.webhooks(p), DISPATCHER_GROUP)) as [number])[0]);
    expect(pending).toBe(1);
    await h.close();
    await receiver.close();
  });

  it("starts from its environment with health and metrics on METRICS_PORT, delivers, and closes", async () => {
    await database.sql`TRUNCATE outbox, webhook_endpoints, webhook_deliveries`;
    const receiver = await startReceiver();
    await insertEndpoint(database.sql, { url: receiver.url });
    await insertOutbox(database.sql, [{}]);
    const config = loadConfig(DispatcherEnv, {
      REDIS_URL: redis.url,
      DATABASE_URL: database.url,
      STREAM_PREFIX: `${redis.prefix}:env`.replaceAll(/[^A-Za-z0-9_.:-]/g, "").slice(-64),
      STREAM_PARTITIONS: "2",
      METRICS_PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      // The receiver is on loopback, which the outbound policy refuses unless listed.
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    });
    const running = await startDispatcher(config, { handleSignals: false });
    try {
      expect((await fetch(`${running.address}/readyz`)).status).toBe(200);
      await waitFor(
        () => deliveryRows(),
        (rows) => rows.length === 1,
      );
      const metrics = await (await fetch(`${running.address}/metrics`)).text();
      expect(metrics).toMatch(/loyalty_webhook_deliveries_total\{outcome="delivered"[^}]*\} 1/);
      expect(metrics).toContain("loyalty_webhook_delivery_seconds_bucket");
    } finally {
      await running.close();
      await receiver.close();
    }
    expect(receiver.received).toHaveLength(1);
  });
});

/** A receiver that answers 200 only when the test calls the function it was handed. */
async function startReceiverWithLateAnswer(onRequest: (respond: () => void) => void) {
  const { createServer } = await import("node:http");
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      requests++;
      onRequest(() => res.writeHead(200).end("ok"));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/late`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
