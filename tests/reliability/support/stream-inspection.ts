import type { StreamKeys } from "@loyalty/streams";
import type { Redis } from "ioredis";

function compareIds(a: string, b: string): number {
  const [am = 0n, as = 0n] = a.split("-").map(BigInt);
  const [bm = 0n, bs = 0n] = b.split("-").map(BigInt);
  return am === bm ? Number(as - bs) : am < bm ? -1 : 1;
}

/**
 * Event ids the group has not settled: delivered but unacknowledged (pending), or not yet
 * delivered (after the group's last-delivered-id). An event that is neither, and not in
 * processed_events or the DLQ, would be lost. Reads whole streams: for test-sized streams only.
 */
export async function unsettledEventIds(redis: Redis, keys: StreamKeys, group: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const p of keys.all()) {
    const key = keys.events(p);
    const groups = (await redis.xinfo("GROUPS", key)) as unknown[][];
    const info = groups.find((flat) => flat[flat.indexOf("name") + 1] === group) ?? [];
    const lastDelivered = String(info[info.indexOf("last-delivered-id") + 1] ?? "0-0");
    const pending = (await redis.xpending(key, group, "-", "+", 100_000)) as Array<[string, ...unknown[]]>;
    const pendingIds = new Set(pending.map(([id]) => id));
    for (const [id, fields] of await redis.xrange(key, "-", "+")) {
      if (!pendingIds.has(id) && compareIds(id, lastDelivered) <= 0) continue;
      const payload = fields[fields.indexOf("e") + 1];
      if (payload) ids.add((JSON.parse(payload) as { id: string }).id);
    }
  }
  return ids;
}
