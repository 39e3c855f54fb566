import { createTestRedis, type TestRedis } from "@loyalty/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseReply, XReadReply } from "../stream-replies.ts";
import { trimAcknowledged } from "./janitor.ts";

const GROUP = "processors";
let t: TestRedis;
let key: string;
let ids: string[];

beforeAll(async () => {
  t = await createTestRedis("janitor");
  key = `${t.prefix}:events:{0}`;
});

afterAll(async () => {
  await t.cleanup();
});

// 500 entries: several radix-tree nodes (100 entries each by default), so `MINID ~` has whole
// nodes it may drop.
beforeEach(async () => {
  await t.client.del(key);
  const pipeline = t.client.pipeline();
  for (let i = 0; i < 500; i++) pipeline.xadd(key, "*", "e", JSON.stringify({ n: i }));
  ids = ((await pipeline.exec()) ?? []).map(([, id]) => String(id));
  await t.client.xgroup("CREATE", key, GROUP, "0");
});

async function read(group: string, count: number): Promise<string[]> {
  const reply = parseReply(
    XReadReply,
    await t.client.xreadgroup("GROUP", group, "c", "COUNT", count, "STREAMS", key, ">"),
    "XREADGROUP",
  );
  return (reply?.[0]?.[1] ?? []).map(([id]) => id);
}

async function present(id: string): Promise<boolean> {
  return (await t.client.xrange(key, id, id)).length === 1;
}

describe("trimAcknowledged", () => {
  it("trims acknowledged entries but keeps every pending and unread one, even for a lagging group", async () => {
    const delivered = await read(GROUP, 300);
    await t.client.xack(key, GROUP, ...delivered.slice(0, 250));

    const trimmed = await trimAcknowledged(t.client, key, GROUP);

    expect(trimmed).toBeGreaterThan(0);
    expect(trimmed).toBeLessThanOrEqual(250);
    expect(await t.client.xlen(key)).toBe(500 - trimmed);
    expect(await t.client.xlen(key)).toBeGreaterThanOrEqual(250);
    expect(await present(ids[250] ?? "")).toBe(true);
    // The 200 entries never delivered are all still there to read.
    expect(await read(GROUP, 1_000)).toEqual(ids.slice(300));
  });

  it("with nothing pending trims up to the group's last-delivered entry, never past it", async () => {
    const delivered = await read(GROUP, 300);
    await t.client.xack(key, GROUP, ...delivered);

    const trimmed = await trimAcknowledged(t.client, key, GROUP);

    expect(trimmed).toBeGreaterThan(0);
    expect(await t.client.xlen(key)).toBeGreaterThanOrEqual(200);
    expect(await read(GROUP, 1_000)).toEqual(ids.slice(300));
  });

  it("keeps what the slowest of several groups still needs", async () => {
    await t.client.xgroup("CREATE", key, "analytics", "0");
    await t.client.xack(key, GROUP, ...(await read(GROUP, 500)));
    const slow = await read("analytics", 120);
    await t.client.xack(key, "analytics", ...slow.slice(0, 110));

    await trimAcknowledged(t.client, key, GROUP);

    expect(await present(ids[110] ?? "")).toBe(true);
    expect(await t.client.xlen(key)).toBeGreaterThanOrEqual(390);
    expect(await read("analytics", 1_000)).toEqual(ids.slice(120));
  });

  it("trims nothing while the required group does not exist, or when nothing was read", async () => {
    await t.client.xgroup("CREATE", key, "other", "$");

    expect(await trimAcknowledged(t.client, key, "missing-group")).toBe(0);
    expect(await trimAcknowledged(t.client, key, GROUP)).toBe(0);
    expect(await trimAcknowledged(t.client, `${t.prefix}:no-stream`, GROUP)).toBe(0);
    expect(await t.client.xlen(key)).toBe(500);
  });
});
