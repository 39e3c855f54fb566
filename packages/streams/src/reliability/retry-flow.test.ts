import type { EventEnvelope } from "@loyalty/core";
import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeEntry, fieldValue } from "../entry-codec.ts";
import { type StreamKeys, streamKeys } from "../keys.ts";
import { parseReply, XReadReply } from "../stream-replies.ts";
import { orderPaidEnvelope } from "../test-support/envelopes.ts";
import { retryDelayMs } from "./backoff.ts";
import { classifyError, describeError, PermanentEventError } from "./errors.ts";
import { firstFailureAtOf } from "./retry-member.ts";
import { deadLetter, moveDueRetries, scheduleRetry } from "./retry-scheduler.ts";

// Processing steps 4 and 5 end to end, as the processor runs them, with time passed in.
const GROUP = "processors";
const P = 0;
let t: TestRedis;
let keys: StreamKeys;
let key: string;

beforeAll(async () => {
  t = await createTestRedis("retry-flow");
  keys = streamKeys({ prefix: t.prefix, partitions: 2 });
  key = keys.events(P);
  await t.client.xgroup("CREATE", key, GROUP, "0", "MKSTREAM");
});

afterAll(async () => {
  await t.cleanup();
});

async function publish(envelope: EventEnvelope): Promise<void> {
  await t.client.xadd(key, "*", "e", JSON.stringify(envelope));
}

async function readOne() {
  const reply = parseReply(
    XReadReply,
    await t.client.xreadgroup("GROUP", GROUP, "c1", "COUNT", 1, "STREAMS", key, ">"),
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

describe("a poison event", () => {
  it("is retried with growing delays and then dead-lettered, with no real waiting", async () => {
    await t.client.del(keys.retry(P), keys.dlq(P));
    const maxAttempts = 4;
    const backoff = { baseMs: 1_000, capMs: 60_000, jitterRatio: 0.1, random: () => 0.5 };
    let now = Date.UTC(2026, 9, 1, 12);
    const start = now;
    await publish(orderPaidEnvelope({ orderId: "poison" }));
    const delays: number[] = [];

    for (let round = 0; round < maxAttempts; round++) {
      const entry = await readOne();
      const error = new PermanentEventError("the rule throws on this order");
      expect(classifyError(error)).toBe("permanent");
      const attempts = entry.envelope.attempt + 1;
      const common = {
        partition: P,
        streamKey: key,
        group: GROUP,
        entryId: entry.id,
        error: describeError(error),
      };
      const firstFailureAt = firstFailureAtOf(entry.fields) ?? now;
      if (attempts >= maxAttempts) {
        await deadLetter(t.client, keys, {
          ...common,
          envelope: entry.envelope,
          attempts,
          firstFailureAt,
          lastFailureAt: now,
        });
        break;
      }
      const delay = retryDelayMs(entry.envelope.attempt, backoff);
      delays.push(delay);
      await scheduleRetry(t.client, keys, {
        ...common,
        envelope: entry.envelope,
        dueAt: now + delay,
        failedAt: now,
        firstFailureAt,
      });
      // Not due a millisecond early; due at its time.
      expect(await moveDueRetries(t.client, keys, P, now + delay - 1, 10)).toBe(0);
      now += delay;
      expect(await moveDueRetries(t.client, keys, P, now, 10)).toBe(1);
    }

    expect(delays).toEqual([1_050, 2_100, 4_200]);
    expect(await t.client.zcard(keys.retry(P))).toBe(0);
    expect(await pendingCount()).toBe(0);
    const [dead] = await t.client.xrange(keys.dlq(P), "-", "+");
    const fields = dead?.[1] ?? [];
    expect(fieldValue(fields, "attempts")).toBe("4");
    expect(fieldValue(fields, "errorCode")).toBe("permanent_event_failure");
    expect(fieldValue(fields, "firstFailureAt")).toBe(new Date(start).toISOString());
    expect(fieldValue(fields, "lastFailureAt")).toBe(new Date(now).toISOString());
    expect(JSON.parse(fieldValue(fields, "e") ?? "").attempt).toBe(3);
  });
});
