import { setTimeout as sleep } from "node:timers/promises";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeEntry, fieldValue } from "../entry-codec.ts";
import type { ReadEntry } from "../group-reader.ts";
import { type StreamKeys, streamKeys } from "../keys.ts";
import { parseReply, XPendingReply } from "../stream-replies.ts";
import { orderPaidEnvelope } from "../test-support/envelopes.ts";
import { claimStale, keepAlive, removeIdleConsumers } from "./claimer.ts";

const GROUP = "processors";
const P = 0;
let t: TestRedis;
let keys: StreamKeys;
let key: string;

beforeAll(async () => {
  t = await createTestRedis("claimer");
  keys = streamKeys({ prefix: t.prefix, partitions: 2 });
  key = keys.events(P);
});

afterAll(async () => {
  await t.cleanup();
});

beforeEach(async () => {
  await t.client.del(key, keys.dlq(P));
  await t.client.xgroup("CREATE", key, GROUP, "0", "MKSTREAM");
});

/** Publishes `n` events and lets `consumer` read them (they become its pending entries). */
async function deliver(n: number, consumer = "crashed"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    ids.push(
      (await t.client.xadd(key, "*", "e", JSON.stringify(orderPaidEnvelope({ orderId: `o-${i}` })))) ?? "",
    );
  }
  await t.client.xreadgroup("GROUP", GROUP, consumer, "COUNT", n, "STREAMS", key, ">");
  return ids;
}

/** Makes entries look idle for a minute without waiting: XCLAIM's IDLE backdates them; JUSTID keeps the counter. */
async function age(owner: string, ids: string[], idleMs = 60_000): Promise<void> {
  await t.client.xclaim(key, GROUP, owner, 0, ...ids, "IDLE", idleMs, "JUSTID");
}

async function pel() {
  return parseReply(XPendingReply, await t.client.xpending(key, GROUP, "-", "+", 1000), "XPENDING");
}

const claim = (
  consumer: string,
  extra: { count?: number; maxDeliveries?: number; maxIterations?: number } = {},
) =>
  claimStale(t.client, {
    keys,
    partition: P,
    group: GROUP,
    consumer,
    minIdleMs: 30_000,
    count: extra.count ?? 10,
    maxDeliveries: extra.maxDeliveries ?? 5,
    now: () => Date.UTC(2026, 9, 1),
    ...(extra.maxIterations ? { maxIterations: extra.maxIterations } : {}),
  });

describe("claimStale", () => {
  it("takes over another consumer's idle entry and leaves its fresh one alone", async () => {
    const [idle, fresh] = await deliver(2);
    await age("crashed", [idle ?? ""]);

    const result = await claim("rescuer");

    expect(result.entries).toHaveLength(1);
    expect(result.entries[0]).toMatchObject({ partition: P, key, id: idle, deliveries: 2 });
    expect(decodeEntry(result.entries[0]?.fields ?? null).ok).toBe(true);
    expect(result.complete).toBe(true);
    expect((await pel()).map(([id, owner]) => [id, owner])).toEqual([
      [idle, "rescuer"],
      [fresh, "crashed"],
    ]);
  });

  it("follows XAUTOCLAIM's cursor past `count` entries until the pending list is exhausted", async () => {
    const ids = await deliver(25);
    await age("crashed", ids);

    const result = await claim("rescuer", { count: 10 });

    expect(result.entries.map((e) => e.id)).toEqual(ids);
    expect(result.complete).toBe(true);
  });

  it("stops after maxIterations rounds and says the scan is not complete", async () => {
    const ids = await deliver(25);
    await age("crashed", ids);

    const result = await claim("rescuer", { count: 10, maxIterations: 1 });

    expect(result.entries).toHaveLength(10);
    expect(result.complete).toBe(false);
  });

  it("reports a pending entry deleted from the stream instead of returning it, and it leaves the pending list", async () => {
    const ids = await deliver(3);
    await age("crashed", ids);
    await t.client.xdel(key, ids[1] ?? "");

    const result = await claim("rescuer");

    expect(result.entries.map((e) => e.id)).toEqual([ids[0], ids[2]]);
    expect(result.deleted).toEqual([ids[1]]);
    expect((await pel()).map(([id]) => id)).toEqual([ids[0], ids[2]]);
  });

  it("dead-letters an entry delivered more than maxDeliveries times instead of returning it", async () => {
    const [poison, healthy] = await deliver(2);
    // Two more deliveries of the poison entry: replicas that took it over and crashed on it.
    await t.client.xclaim(key, GROUP, "crashed", 0, poison ?? "");
    await t.client.xclaim(key, GROUP, "crashed", 0, poison ?? "");
    await age("crashed", [poison ?? "", healthy ?? ""]);
    const told: Array<[ReadEntry, string | null]> = [];

    const result = await claimStale(t.client, {
      keys,
      partition: P,
      group: GROUP,
      consumer: "rescuer",
      minIdleMs: 30_000,
      count: 10,
      maxDeliveries: 3,
      now: () => Date.UTC(2026, 9, 1),
      onPoison: (entry, id) => told.push([entry, id]),
    });

    expect(result.entries.map((e) => e.id)).toEqual([healthy]);
    expect(result.deadLettered.map((e) => [e.id, e.deliveries])).toEqual([[poison, 4]]);
    expect(told.map(([entry]) => entry.id)).toEqual([poison]);
    expect((await pel()).map(([id]) => id)).toEqual([healthy]);
    const [dead] = await t.client.xrange(keys.dlq(P), "-", "+");
    const fields = dead?.[1] ?? [];
    expect(dead?.[0]).toBe(told[0]?.[1]);
    expect(fieldValue(fields, "errorCode")).toBe("max_deliveries_exceeded");
    expect(fieldValue(fields, "attempts")).toBe("4");
    expect(fieldValue(fields, "originalId")).toBe(poison);
    expect(JSON.parse(fieldValue(fields, "e") ?? "").orderId).toBe("o-0");
  });
});

describe("keepAlive", () => {
  it("keeps an in-flight entry from being claimed, without counting a delivery", async () => {
    const [id] = await deliver(1, "worker");
    await age("worker", [id ?? ""]);

    const kept = await keepAlive(t.client, key, GROUP, "worker", [id ?? ""]);
    const result = await claim("rescuer");

    expect(kept).toEqual([id]);
    expect(result.entries).toEqual([]);
    expect((await pel()).map(([pid, owner, , deliveries]) => [pid, owner, deliveries])).toEqual([
      [id, "worker", 1],
    ]);
  });

  it("does not take back an entry another consumer has already claimed", async () => {
    const [id] = await deliver(1, "slow");
    await age("slow", [id ?? ""]);
    await claim("rescuer");

    const kept = await keepAlive(t.client, key, GROUP, "slow", [id ?? ""]);

    expect(kept).toEqual([]);
    expect((await pel()).map(([, owner]) => owner)).toEqual(["rescuer"]);
  });
});

describe("removeIdleConsumers", () => {
  it("deletes only consumers that own nothing and have been idle long enough", async () => {
    await deliver(1, "busy");
    for (const name of ["gone-1", "gone-2", "me"]) await t.client.xgroup("CREATECONSUMER", key, GROUP, name);
    const consumers = async () =>
      ((await t.client.xinfo("CONSUMERS", key, GROUP)) as unknown[][]).map((c) => String(c[1])).sort();

    // Not idle an hour yet: kept.
    expect(await removeIdleConsumers(t.client, key, GROUP, { idleMs: 3_600_000 })).toEqual([]);
    // Idle for more than 0 ms: a precondition, not a timing assertion.
    await sleep(5);
    const removed = await removeIdleConsumers(t.client, key, GROUP, { idleMs: 0, except: ["me"] });

    expect(removed.sort()).toEqual(["gone-1", "gone-2"]);
    expect(await consumers()).toEqual(["busy", "me"]);
  });

  it("answers an empty list for a stream or group that does not exist", async () => {
    expect(await removeIdleConsumers(t.client, `${t.prefix}:nothing`, GROUP, { idleMs: 0 })).toEqual([]);
    expect(await removeIdleConsumers(t.client, key, "no-such-group", { idleMs: 0 })).toEqual([]);
  });
});
