import { isLoyaltyError } from "@loyalty/core";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeEntry } from "../entry-codec.ts";
import { type StreamKeys, streamKeys } from "../keys.ts";
import { parseReply, XReadReply } from "../stream-replies.ts";
import { orderPaidEnvelope } from "../test-support/envelopes.ts";
import { formatDeadLetterId } from "./dead-letter-id.ts";
import { dlqDepth, listDeadLetters, purgeDeadLetters, showDeadLetter } from "./dlq.ts";
import { type ReplayProgress, replayDeadLetters } from "./dlq-replay.ts";
import { deadLetter } from "./retry-scheduler.ts";

const GROUP = "processors";
let t: TestRedis;
let keys: StreamKeys;

beforeAll(async () => {
  t = await createTestRedis("dlq");
  keys = streamKeys({ prefix: t.prefix, partitions: 2 });
});

afterAll(async () => {
  await t.cleanup();
});

beforeEach(async () => {
  for (const p of keys.all()) await t.client.del(keys.events(p), keys.dlq(p));
  for (const p of keys.all()) await t.client.xgroup("CREATE", keys.events(p), GROUP, "0", "MKSTREAM");
});

/** Publishes, reads and dead-letters one event; returns its dead-letter id. */
async function bury(partition: number, orderId: string, payload?: string): Promise<string> {
  const key = keys.events(partition);
  const envelope = { ...orderPaidEnvelope({ orderId }), attempt: 4 };
  const entryId = await t.client.xadd(key, "*", "e", payload ?? JSON.stringify(envelope));
  await t.client.xreadgroup("GROUP", GROUP, "c", "COUNT", 1, "STREAMS", key, ">");
  const id = await deadLetter(t.client, keys, {
    partition,
    streamKey: key,
    group: GROUP,
    entryId: entryId ?? "",
    envelope: payload ?? envelope,
    error: { code: "rule_failed", message: `order ${orderId} failed` },
    attempts: 5,
    firstFailureAt: 1_000,
    lastFailureAt: 2_000,
  });
  if (id === null) throw new Error("not dead-lettered");
  return formatDeadLetterId(partition, id);
}

/** The envelopes on the stream that no one has read yet: the originals were read and acked, so these are replays. */
async function streamEnvelopes(partition: number) {
  const key = keys.events(partition);
  const reply = parseReply(
    XReadReply,
    await t.client.xreadgroup("GROUP", GROUP, "reader", "COUNT", 100, "STREAMS", key, ">"),
    "XREADGROUP",
  );
  return (reply?.[0]?.[1] ?? []).map(([, fields]) => {
    const decoded = decodeEntry(fields);
    return decoded.ok ? decoded.envelope : null;
  });
}

describe("listDeadLetters and showDeadLetter", () => {
  it("pages through every partition with a cursor, oldest first", async () => {
    const ids = [await bury(0, "a"), await bury(0, "b"), await bury(1, "c")];

    const first = await listDeadLetters(t.client, keys, { count: 2 });
    const second = await listDeadLetters(t.client, keys, { count: 2, cursor: first.nextCursor });

    expect(first.items.map((d) => d.id)).toEqual(ids.slice(0, 2));
    expect(first.nextCursor).toBe(ids[1]);
    expect(second.items.map((d) => d.id)).toEqual(ids.slice(2));
    expect(second.nextCursor).toBeNull();
  });

  it("lists a single partition when asked", async () => {
    await bury(0, "a");
    const only = await bury(1, "b");

    const page = await listDeadLetters(t.client, keys, { count: 10, partition: 1 });

    expect(page.items.map((d) => d.id)).toEqual([only]);
  });

  it("shows one dead letter with its envelope and failure details", async () => {
    const id = await bury(1, "shown");

    const shown = await showDeadLetter(t.client, keys, id);

    expect(shown).toMatchObject({
      id,
      partition: 1,
      errorCode: "rule_failed",
      errorMessage: "order shown failed",
      attempts: 5,
      originalStream: keys.events(1),
      firstFailureAt: new Date(1_000).toISOString(),
      lastFailureAt: new Date(2_000).toISOString(),
    });
    expect(shown?.envelope?.orderId).toBe("shown");
  });

  it("shows an unreadable payload verbatim, with a null envelope", async () => {
    const id = await bury(0, "x", "{not json");

    const shown = await showDeadLetter(t.client, keys, id);

    expect(shown?.payload).toBe("{not json");
    expect(shown?.envelope).toBeNull();
  });

  it("answers null for an id that is not there and a typed error for one that is malformed", async () => {
    expect(await showDeadLetter(t.client, keys, "1-1-0")).toBeNull();
    for (const bad of ["1700000000000-0", "9-1-0", "a-1-0", ""]) {
      const error = await showDeadLetter(t.client, keys, bad).catch((e: unknown) => e);
      expect(isLoyaltyError(error, "invalid_dead_letter_id")).toBe(true);
    }
  });
});

describe("replayDeadLetters", () => {
  it("puts the event back on its stream with attempt 0 and removes it from the DLQ", async () => {
    const id = await bury(1, "again");

    const summary = await replayDeadLetters(t.client, keys, [id]);

    expect(summary).toEqual({ replayed: 1, missing: 0 });
    expect(await t.client.xlen(keys.dlq(1))).toBe(0);
    const replayed = await streamEnvelopes(1);
    expect(replayed).toHaveLength(1);
    expect(replayed[0]).toMatchObject({ orderId: "again", attempt: 0 });
  });

  it("is safe to run twice: the second run finds nothing and adds nothing", async () => {
    const id = await bury(0, "twice");
    await replayDeadLetters(t.client, keys, [id]);
    const length = await t.client.xlen(keys.events(0));

    const again = await replayDeadLetters(t.client, keys, [id]);

    expect(again).toEqual({ replayed: 0, missing: 1 });
    expect(await t.client.xlen(keys.events(0))).toBe(length);
  });

  it("replays all of them across partitions and reports progress", async () => {
    await bury(0, "a");
    await bury(0, "b");
    await bury(1, "c");
    const progress: ReplayProgress[] = [];

    const summary = await replayDeadLetters(t.client, keys, "all", (p) => progress.push(p));

    expect(summary).toEqual({ replayed: 3, missing: 0 });
    expect(progress.map((p) => [p.done, p.total, p.last.outcome])).toEqual([
      [1, 3, "replayed"],
      [2, 3, "replayed"],
      [3, 3, "replayed"],
    ]);
    expect((await dlqDepth(t.client, keys)).map((d) => d.depth)).toEqual([0, 0]);
    expect((await streamEnvelopes(0)).map((e) => e?.orderId)).toEqual(["a", "b"]);
  });
});

describe("purgeDeadLetters and dlqDepth", () => {
  it("deletes the named dead letters only", async () => {
    const a = await bury(0, "a");
    await bury(0, "b");
    const c = await bury(1, "c");

    expect(await purgeDeadLetters(t.client, keys, [a, c, a])).toBe(2);
    expect(await dlqDepth(t.client, keys)).toEqual([
      { partition: 0, depth: 1 },
      { partition: 1, depth: 0 },
    ]);
  });

  it("deletes every dead letter with 'all' and says how many", async () => {
    await bury(0, "a");
    await bury(1, "b");
    await bury(1, "c");

    expect(await purgeDeadLetters(t.client, keys, "all")).toBe(3);
    expect((await dlqDepth(t.client, keys)).map((d) => d.depth)).toEqual([0, 0]);
  });
});
