import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type StreamKeys, streamKeys } from "../keys.ts";
import { partitionStatus } from "./lag.ts";

const GROUP = "processors";
let t: TestRedis;
let keys: StreamKeys;
let ids: string[];

beforeAll(async () => {
  t = await createTestRedis("lag");
  keys = streamKeys({ prefix: t.prefix, partitions: 2 });
});

afterAll(async () => {
  await t.cleanup();
});

/** Partition 0: ten entries, the group has read four and acknowledged two. Partition 1: nothing at all. */
beforeEach(async () => {
  for (const p of keys.all()) await t.client.del(keys.events(p), keys.dlq(p), keys.retry(p));
  const key = keys.events(0);
  ids = [];
  for (let i = 0; i < 10; i++) ids.push((await t.client.xadd(key, "*", "e", `{"n":${i}}`)) ?? "");
  await t.client.xgroup("CREATE", key, GROUP, "0");
  await t.client.xreadgroup("GROUP", GROUP, "c", "COUNT", 4, "STREAMS", key, ">");
  await t.client.xack(key, GROUP, ids[0] ?? "", ids[1] ?? "");
});

async function reportedLag(): Promise<unknown> {
  const [group] = (await t.client.xinfo("GROUPS", keys.events(0))) as unknown[][];
  const flat = group ?? [];
  return flat[flat.indexOf("lag") + 1];
}

describe("partitionStatus", () => {
  it("reports length, lag, pending, DLQ depth and retries per partition", async () => {
    await t.client.xadd(keys.dlq(0), "*", "e", "{}");
    await t.client.zadd(keys.retry(0), 1, "a", 2, "b");

    const status = await partitionStatus(t.client, keys, GROUP);

    expect(status).toEqual([
      { partition: 0, length: 10, lag: 6, pending: 2, dlq: 1, retrying: 2 },
      { partition: 1, length: 0, lag: 0, pending: 0, dlq: 0, retrying: 0 },
    ]);
  });

  it("counts the whole stream as lag when the group does not exist yet", async () => {
    const status = await partitionStatus(t.client, keys, "not-created-yet");

    expect(status[0]).toMatchObject({ length: 10, lag: 10, pending: 0 });
  });

  it("computes the lag itself when Redis reports none after an unread entry was deleted", async () => {
    await t.client.xdel(keys.events(0), ids[6] ?? "");
    expect(await reportedLag()).toBeNull();

    const [status] = await partitionStatus(t.client, keys, GROUP);

    // Entries 5, 6, 8, 9 and 10 are unread; entries-added − entries-read would say 6.
    expect(status).toMatchObject({ length: 9, lag: 5, pending: 2 });
  });

  it("counts the delivered side instead when the unread side is over the scan limit", async () => {
    await t.client.xdel(keys.events(0), ids[6] ?? "");

    const [status] = await partitionStatus(t.client, keys, GROUP, { scanLimit: 4 });

    expect(status?.lag).toBe(5);
  });

  it("falls back to entries-added − entries-read, capped at the length, when both sides are over the limit", async () => {
    await t.client.xdel(keys.events(0), ids[6] ?? "");

    const [status] = await partitionStatus(t.client, keys, GROUP, { scanLimit: 3 });

    expect(status?.lag).toBe(6);
  });
});
