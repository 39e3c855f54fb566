import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { announceApiKeyRevocation, watchApiKeyRevocations } from "./api-key-revocations.ts";
import { createRedis, type RedisClient, waitUntilReady } from "./client.ts";

let t: TestRedis;
const opened: RedisClient[] = [];
const quiet = { warn: () => {}, error: () => {} };

beforeAll(async () => {
  t = await createTestRedis("revocations");
});
afterAll(async () => {
  for (const client of opened) client.disconnect();
  await t.cleanup();
});

async function client(name: string): Promise<RedisClient> {
  const created = createRedis({ url: t.url, name, mode: "request", logger: quiet });
  opened.push(created);
  await waitUntilReady(created, 5_000);
  return created;
}

/** Resolves when `predicate` holds for the events seen so far; events are pushed by the watch. */
function recorder() {
  const events: string[] = [];
  const waiters: Array<{ predicate: (events: string[]) => boolean; resolve: () => void }> = [];
  const push = (event: string) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(events)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const until = (predicate: (events: string[]) => boolean) =>
    predicate(events)
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ predicate, resolve }));
  return { events, push, until };
}

describe("API key revocation announcements", () => {
  it("goes live once subscribed and hears every announcement under its prefix only", async () => {
    const seen = recorder();
    const watch = watchApiKeyRevocations(
      await client("watch"),
      t.prefix,
      { onRevoked: (shop) => seen.push(`revoked ${shop}`), onLive: (live) => seen.push(`live ${live}`) },
      quiet,
    );
    await seen.until((events) => events.includes("live true"));
    const publisher = await client("publish");
    await announceApiKeyRevocation(publisher, `${t.prefix}-other`, "elsewhere.myshopify.com");
    expect(await announceApiKeyRevocation(publisher, t.prefix, "a.myshopify.com")).toBe(1);

    await seen.until((events) => events.includes("revoked a.myshopify.com"));
    expect(seen.events).toEqual(["live true", "revoked a.myshopify.com"]);
    await watch.close();
    expect(seen.events.at(-1)).toBe("live false");
  });

  it("is not live while its connection is gone, and live again after resubscribing", async () => {
    const seen = recorder();
    const subscriber = await client("watch-killed");
    // Asked before subscribing: a subscribed connection runs nothing but (un)subscribe and ping.
    const id = await subscriber.client("ID");
    const watch = watchApiKeyRevocations(
      subscriber,
      t.prefix,
      { onRevoked: (shop) => seen.push(`revoked ${shop}`), onLive: (live) => seen.push(`live ${live}`) },
      quiet,
    );
    await seen.until((events) => events.includes("live true"));
    // The server drops the connection, as in a Redis restart or failover.
    await t.client.client("KILL", "ID", String(id));
    await seen.until((events) => events.filter((event) => event === "live true").length === 2);
    expect(seen.events).toEqual(["live true", "live false", "live true"]);

    await announceApiKeyRevocation(await client("publish-2"), t.prefix, "b.myshopify.com");
    await seen.until((events) => events.includes("revoked b.myshopify.com"));
    await watch.close();
  });
});
