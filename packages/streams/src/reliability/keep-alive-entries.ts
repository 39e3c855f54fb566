import type { RedisClient } from "../client.ts";
import type { ReadEntry } from "../group-reader.ts";
import { keepAlive } from "./claimer.ts";

/** keepAlive for entries of several streams: one XCLAIM … JUSTID per stream key. */
export async function keepAliveEntries(
  redis: RedisClient,
  group: string,
  consumer: string,
  entries: ReadonlyArray<Pick<ReadEntry, "key" | "id">>,
): Promise<void> {
  const byKey = new Map<string, string[]>();
  for (const entry of entries) {
    const ids = byKey.get(entry.key);
    if (ids) ids.push(entry.id);
    else byKey.set(entry.key, [entry.id]);
  }
  for (const [key, ids] of byKey) await keepAlive(redis, key, group, consumer, ids);
}
