import type { EventEnvelope } from "@loyalty/core";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeEntry, fieldValue } from "../entry-codec.ts";
import { type StreamKeys, streamKeys } from "../keys.ts";
import { parseReply, XReadReply } from "../stream-replies.ts";
import { orderPaidEnvelope } from "../test-support/envelopes.ts";
import { webhooksLane } from "./lane.ts";
import { decodeRetryMember, firstFailureAtOf } from "./retry-member.ts";
import { deadLetter, moveDueRetries, scheduleRetry } from "./retry-scheduler.ts";

const GROUP = "processors";
const P = 1;
let t: TestRedis;
let keys: StreamKeys;
let key: string;

beforeAll(async () => {
  t = await createTestRedis("retry");
  keys = streamKeys({ prefix: t.prefix, partitions: 2 });
  key = keys.events(P);
  await t.client.xgroup("CREATE", key, GROUP, "0", "MKSTREAM");
});

afterAll(async () => {
  await t.cleanup();
});

async function publish(envelope: EventEnvelope): Promise<string> {
  const id = await t.client.xadd(key, "*", "e", JSON.stringify(envelope));
  if (id === null) throw new Error("XADD returned no id");
  return id;
}

async function readOne(consumer = "c1") {
  const reply = parseReply(
    XReadReply,
    await t.client.xreadgroup("GROUP", GROUP, consumer, "COUNT", 1, "STREAMS", key, ">"),
    "XREADGROUP",
  );
  const entry = reply?.[0]?.[1][0];
  if (!entry) throw new Error("nothing to read");
  const decoded = decodeEntry(entry[1]);
  if (!decoded.ok) throw decoded.error;
  return { id: entry[0], fields: entry[1] ?? [], envelope: decoded.envelope };
}

async function pendingCount(): Promise<number> {
  const [count] = (await t.client.xpending(key, GROUP)) as [number];
  return count;
}

const failure = { code: "rule_failed", message: "the rule threw" };

describe("scheduleRetry", () => {
  it("acks the entry and adds it to the retry zset, scored by its due time, with attempt + 1", async () => {
    await t.client.del(keys.retry(P));
    await publish(orderPaidEnvelope());
    const entry = await readOne();

    const scheduled = await scheduleRetry(t.client, keys, {
      partition: P,
      streamKey: key,
      group: GROUP,
      entryId: entry.id,
      envelope: entry.envelope,
      error: failure,
      dueAt: 1_000_500,
      failedAt: 1_000_000,
    });

    expect(scheduled).toBe(true);
    expect(await pendingCount()).toBe(0);
    const [member, score] = await t.client.zrange(keys.retry(P), 0, -1, "WITHSCORES");
    expect(score).toBe("1000500");
    const retry = decodeRetryMember(member ?? "");
    expect(retry.envelope).toEqual({ ...entry.envelope, attempt: 1 });
    expect(retry.error).toEqual(failure);
    expect(retry.firstFailureAt).toBe(new Date(1_000_000).toISOString());
    expect(retry.lastFailureAt).toBe(new Date(1_000_000).toISOString());
  });

  it("schedules nothing for an entry that is no longer pending (someone else settled it)", async () => {
    await t.client.del(keys.retry(P));
    await publish(orderPaidEnvelope());
    const entry = await readOne();
    await t.client.xack(key, GROUP, entry.id);

    const scheduled = await scheduleRetry(t.client, keys, {
      partition: P,
      streamKey: key,
      group: GROUP,
      entryId: entry.id,
      envelope: entry.envelope,
      error: failure,
      dueAt: 10,
      failedAt: 5,
    });

    expect(scheduled).toBe(false);
    expect(await t.client.zcard(keys.retry(P))).toBe(0);
  });
});

describe("moveDueRetries", () => {
  it("moves only the retries due at `now` back onto the stream, intact and with the first failure time", async () => {
    await t.client.del(keys.retry(P));
    const dueTimes = [100, 200, 300];
    for (const dueAt of dueTimes) {
      await publish(orderPaidEnvelope());
      const entry = await readOne();
      await scheduleRetry(t.client, keys, {
        partition: P,
        streamKey: key,
        group: GROUP,
        entryId: entry.id,
        envelope: entry.envelope,
        error: failure,
        dueAt,
        failedAt: 50,
        firstFailureAt: 10,
      });
    }

    const moved = await moveDueRetries(t.client, keys, P, 200, 100);

    expect(moved).toBe(2);
    expect(await t.client.zcard(keys.retry(P))).toBe(1);
    const first = await readOne();
    const second = await readOne();
    // The payload is cut out of the member as text, so empty arrays stay arrays.
    expect(first.envelope.attempt).toBe(1);
    expect(second.envelope.attempt).toBe(1);
    expect(first.envelope.data).toMatchObject({ discountCodes: [], tags: [] });
    expect(firstFailureAtOf(first.fields)).toBe(10);
    await t.client.xack(key, GROUP, first.id, second.id);
  });

  it("moves no more than `limit` at a time, the earliest due first", async () => {
    await t.client.del(keys.retry(P));
    for (const dueAt of [30, 10, 20]) {
      await publish(orderPaidEnvelope({ orderId: `due-${dueAt}` }));
      const entry = await readOne();
      await scheduleRetry(t.client, keys, {
        partition: P,
        streamKey: key,
        group: GROUP,
        entryId: entry.id,
        envelope: entry.envelope,
        error: failure,
        dueAt,
        failedAt: 1,
      });
    }

    expect(await moveDueRetries(t.client, keys, P, 1_000, 2)).toBe(2);
    const moved = [await readOne(), await readOne()];
    expect(moved.map((e) => e.envelope.orderId)).toEqual(["due-10", "due-20"]);
    expect(await moveDueRetries(t.client, keys, P, 1_000, 2)).toBe(1);
    const last = await readOne();
    expect(last.envelope.orderId).toBe("due-30");
    await t.client.xack(key, GROUP, ...moved.map((e) => e.id), last.id);
  });
  it("keeps amounts exact that a cjson round trip would round", async () => {
    await t.client.del(keys.retry(P));
    const base = orderPaidEnvelope({ orderId: "big" });
    await publish({ ...base, data: { ...base.data, totalMinor: 9_007_199_254_740_991 } });
    const entry = await readOne();
    await scheduleRetry(t.client, keys, {
      partition: P,
      streamKey: key,
      group: GROUP,
      entryId: entry.id,
      envelope: entry.envelope,
      error: failure,
      dueAt: 1,
      failedAt: 1,
    });

    await moveDueRetries(t.client, keys, P, 1, 10);

    const moved = await readOne();
    expect(moved.envelope.data).toMatchObject({ totalMinor: 9_007_199_254_740_991 });
    await t.client.xack(key, GROUP, moved.id);
  });

  it("sends a retry member it cannot read to the DLQ instead of blocking the zset", async () => {
    await t.client.del(keys.retry(P), keys.dlq(P));
    await t.client.zadd(keys.retry(P), 5, "not a retry member");

    expect(await moveDueRetries(t.client, keys, P, 10, 10)).toBe(1);

    expect(await t.client.zcard(keys.retry(P))).toBe(0);
    const [dead] = await t.client.xrange(keys.dlq(P), "-", "+");
    expect(fieldValue(dead?.[1] ?? [], "e")).toBe("not a retry member");
    expect(fieldValue(dead?.[1] ?? [], "errorCode")).toBe("unreadable_retry");
  });
});

describe("deadLetter", () => {
  it("acks the entry and writes the envelope with every failure field to the partition's DLQ", async () => {
    await publish(orderPaidEnvelope({ orderId: "dead-1" }));
    const entry = await readOne();

    const id = await deadLetter(t.client, keys, {
      partition: P,
      streamKey: key,
      group: GROUP,
      entryId: entry.id,
      envelope: entry.envelope,
      error: failure,
      attempts: 5,
      firstFailureAt: Date.UTC(2026, 9, 1, 12),
      lastFailureAt: Date.UTC(2026, 9, 1, 13),
    });

    expect(id).not.toBeNull();
    expect(await pendingCount()).toBe(0);
    const [dead] = await t.client.xrange(keys.dlq(P), id ?? "", id ?? "");
    const fields = dead?.[1] ?? [];
    expect(JSON.parse(fieldValue(fields, "e") ?? "")).toEqual(entry.envelope);
    expect(
      Object.fromEntries(fields.flatMap((v, i) => (i % 2 === 0 && i > 0 ? [[v, fields[i + 1]]] : []))),
    ).toEqual({
      errorCode: "rule_failed",
      errorMessage: "the rule threw",
      attempts: "5",
      originalId: entry.id,
      originalStream: key,
      firstFailureAt: "2026-10-01T12:00:00.000Z",
      lastFailureAt: "2026-10-01T13:00:00.000Z",
    });
  });

  it("serves the webhook dispatcher through its own lane of keys", async () => {
    const lane = webhooksLane(keys);
    const webhookKey = lane.stream(0);
    await t.client.xgroup("CREATE", webhookKey, "dispatchers", "0", "MKSTREAM");
    const id = await t.client.xadd(webhookKey, "*", "e", JSON.stringify({ deliveryId: "d1", attempt: 2 }));
    await t.client.xreadgroup("GROUP", "dispatchers", "d", "COUNT", 1, "STREAMS", webhookKey, ">");

    await scheduleRetry(t.client, lane, {
      partition: 0,
      streamKey: webhookKey,
      group: "dispatchers",
      entryId: id ?? "",
      envelope: { deliveryId: "d1", attempt: 2 },
      error: { code: "http_500", message: "endpoint failed" },
      dueAt: 5,
      failedAt: 1,
    });
    expect(await moveDueRetries(t.client, lane, 0, 5, 10)).toBe(1);

    const entries = await t.client.xrange(webhookKey, "-", "+");
    expect(JSON.parse(fieldValue(entries.at(-1)?.[1] ?? [], "e") ?? "")).toEqual({
      deliveryId: "d1",
      attempt: 3,
    });
    expect(await t.client.zcard(keys.retry(0))).toBe(0);
  });
});
