import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "@loyalty/db/testing";
import { createOutboundPolicy, type HostLookup } from "@loyalty/platform";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./harness.ts";
import { insertEndpoint, insertOutbox, type Receiver, startReceiver, waitFor } from "./helpers.ts";

let redis: TestRedis;
let database: MigratedTestDatabase;
const open: Array<{ close: () => Promise<void> }> = [];

beforeAll(async () => {
  redis = await createTestRedis("dispatch_ssrf");
  database = await createMigratedTestDatabase({ label: "dispatch_ssrf", max: 10 });
});
afterAll(async () => {
  await redis.cleanup();
  await database.cleanup();
});
afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await resource.close();
  await database.sql`TRUNCATE outbox, webhook_endpoints, webhook_deliveries`;
});

async function receiver(): Promise<Receiver> {
  const started = await startReceiver();
  open.push(started);
  return started;
}

/**
 * `rebound.test` resolved to a public address when its endpoint was created; now it answers
 * with the loopback address our receiver listens on — what a DNS-rebinding attacker does.
 */
const rebinding: HostLookup = (hostname, callback) => {
  if (hostname === "rebound.test") callback(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" }), []);
};

async function harness(allowedHosts: string[]): Promise<Harness> {
  const created = await createHarness(redis, database, {
    outboundPolicy: createOutboundPolicy({ production: false, allowedHosts }),
    hostLookup: rebinding,
    maxAttempts: 1,
  });
  open.push(created);
  created.dispatcher.start();
  return created;
}

function attempts() {
  return database.sql<{ outcome: string; statusCode: number | null; error: string | null }[]>`
    SELECT outcome, status_code AS "statusCode", error FROM webhook_deliveries ORDER BY id`;
}

describe("outbound URL policy at delivery", () => {
  it("refuses to connect when a name now resolves to a refused address (DNS rebinding), sending nothing", async () => {
    const target = await receiver();
    const port = new URL(target.url).port;
    await insertEndpoint(database.sql, { url: `http://rebound.test:${port}/hooks` });
    await insertOutbox(database.sql, [{}]);
    await harness([]);

    const [row] = await waitFor(attempts, (rows) => rows.length === 1);
    expect(row).toMatchObject({ outcome: "dead_lettered", statusCode: null });
    expect(row?.error).toMatch(/^EDESTINATIONREFUSED: .*rebound\.test resolves to 127\.0\.0\.1/);
    expect(target.received).toHaveLength(0);
  });

  it("refuses a stored URL that the policy refuses now (an IP literal skips DNS, so it is checked first)", async () => {
    const target = await receiver();
    await insertEndpoint(database.sql, { url: target.url });
    await insertOutbox(database.sql, [{}]);
    await harness([]);

    const [row] = await waitFor(attempts, (rows) => rows.length === 1);
    expect(row?.error).toMatch(/^destination_refused: the URL points at 127\.0\.0\.1, a loopback/);
    expect(target.received).toHaveLength(0);
  });

  it("delivers to a host listed in WEBHOOK_ALLOWED_HOSTS whatever it resolves to", async () => {
    const target = await receiver();
    const port = new URL(target.url).port;
    await insertEndpoint(database.sql, { url: `http://rebound.test:${port}/hooks` });
    await insertOutbox(database.sql, [{}]);
    await harness(["rebound.test"]);

    const [row] = await waitFor(attempts, (rows) => rows.length === 1);
    expect(row).toMatchObject({ outcome: "delivered", statusCode: 200 });
    expect(target.received).toHaveLength(1);
  });

  it("does not follow a redirect: the 3xx is the attempt's answer and its target gets nothing", async () => {
    const elsewhere = await receiver();
    const bouncer = createServer((_request, response) => {
      response.writeHead(307, { location: elsewhere.url }).end();
    });
    await new Promise<void>((resolve) => bouncer.listen(0, "127.0.0.1", resolve));
    open.push({
      close: () =>
        new Promise<void>((resolve) => {
          bouncer.closeAllConnections();
          bouncer.close(() => resolve());
        }),
    });
    const { port } = bouncer.address() as AddressInfo;
    await insertEndpoint(database.sql, { url: `http://127.0.0.1:${port}/hooks` });
    await insertOutbox(database.sql, [{}]);
    await harness(["127.0.0.1"]);

    const [row] = await waitFor(attempts, (rows) => rows.length === 1);
    expect(row).toMatchObject({ statusCode: 307 });
    expect(row?.outcome).not.toBe("delivered");
    expect(elsewhere.received).toHaveLength(0);
  });
});
