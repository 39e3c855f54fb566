import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { inject } from "vitest";
import "./vitest-context.ts";

export interface TestRedis {
  url: string;
  /** Every key this test file touches starts with it, so files can run in parallel. */
  prefix: string;
  /** A plain client for assertions; closed by cleanup(). */
  client: Redis;
  /** Deletes every key under the prefix and closes the client. */
  cleanup: () => Promise<void>;
}

export function testRedisUrl(): string {
  return inject("testRedisUrl");
}

export async function createTestRedis(label = "t"): Promise<TestRedis> {
  const url = testRedisUrl();
  const prefix = `test:${label}:${randomBytes(4).toString("hex")}:loyalty`;
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: false });
  return {
    url,
    prefix,
    client,
    cleanup: async () => {
      await deleteByPrefix(client, prefix);
      client.disconnect();
    },
  };
}

export async function deleteByPrefix(client: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) await client.unlink(...keys);
  } while (cursor !== "0");
}
