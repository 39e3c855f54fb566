import { setTimeout as delay } from "node:timers/promises";
import { Cluster } from "ioredis";
import { ackEntries } from "./ack-entries.ts";
import type { RedisClient } from "./client.ts";
import { redisFailure } from "./errors.ts";
import { deliveryCounts, entryKey } from "./pending-deliveries.ts";
import { parseReply, XReadReply } from "./stream-replies.ts";

export interface GroupStream {
  partition: number;
  key: string;
}

export interface ReadEntry {
  partition: number;
  key: string;
  id: string;
  /** `[field, value, …]`; null when the entry was deleted or trimmed while pending (ack it). */
  fields: string[] | null;
  /** Times this entry has been delivered to a consumer, this delivery included. */
  deliveries?: number;
}

export interface GroupReaderOptions {
  /**
   * A client of its own: XREADGROUP … BLOCK holds the connection until it returns, so every
   * other command sent on it (by anyone) waits behind the block. Create it with mode "worker".
   */
  redis: RedisClient;
  group: string;
  consumer: string;
  streams: readonly GroupStream[];
  /** Entries per stream per read (Redis applies COUNT to each stream). */
  count: number;
  /** How long one read waits for new entries before returning none. */
  blockMs: number;
  /** Read each stream with its own command. Default: when the client is a Cluster. */
  perStream?: boolean;
  /** Waits out an idle round in per-stream mode; tests may pass their own. */
  sleep?: (ms: number) => Promise<void>;
}

export interface GroupReader {
  /** Creates the group on every stream (and the stream itself) when missing. */
  ensureGroups(): Promise<void>;
  /** Own pending entries first (after start, a reconnect or rewind()), then new ones. */
  read(): Promise<ReadEntry[]>;
  /** XACKs the entries; returns how many Redis acknowledged (already-acked ones do not count). */
  ack(entries: ReadonlyArray<Pick<ReadEntry, "key" | "id">>): Promise<number>;
  /**
   * Re-read own pending entries from the start on the next read (e.g. after a failed batch).
   * Entries returned earlier and not acked yet come back again: at-least-once, as always.
   */
  rewind(): void;
  /** Stops listening to the client's reconnects; the caller closes the client. */
  close(): void;
}

export function createGroupReader(options: GroupReaderOptions): GroupReader {
  const { redis, group, consumer, count, blockMs } = options;
  if (options.streams.length === 0) throw new RangeError("a group reader needs at least one stream");
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be ≥ 1, got ${count}`);
  // BLOCK 0 would wait forever, and a reader that never returns cannot be stopped.
  if (!Number.isInteger(blockMs) || blockMs < 1) throw new RangeError(`blockMs must be ≥ 1, got ${blockMs}`);
  const streams = [...options.streams];
  const byKey = new Map(streams.map((stream) => [stream.key, stream]));
  // One XREADGROUP cannot name keys of different hash slots (CROSSSLOT), and partitions live in
  // different slots on purpose. So in a Cluster each partition gets its own command, sent
  // concurrently. They cannot BLOCK: ioredis shares one connection per node, and a blocked
  // command holds that connection, so blocking reads would wait for each other in turn.
  const perStream = options.perStream ?? redis instanceof Cluster;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));

  // Own pending entries still to re-read: stream key → last id returned (ids are exclusive
  // lower bounds). Entries this consumer was given but never acked — because it crashed, or
  // because a reply was lost with a dropped connection — are only ever returned by reading
  // history (id `0`), never by `>`. A restart or reconnect must not strand them.
  let pending: Map<string, string> | null = null;
  const rewind = () => {
    pending = new Map(streams.map((stream) => [stream.key, "0"]));
  };
  rewind();
  // 'ready' fires after every connect. The first one is no reconnect: rewinding then would
  // re-read from 0 while the first pending scan is still queued, returning its entries twice.
  let connectedBefore = redis.status === "ready";
  const onReady = () => {
    if (connectedBefore) rewind();
    connectedBefore = true;
  };
  redis.on("ready", onReady);

  async function xreadgroup(keys: string[], ids: string[], block: boolean): Promise<XReadReply> {
    const head = ["GROUP", group, consumer, "COUNT", count] as const;
    try {
      const reply = block
        ? await redis.xreadgroup(...head, "BLOCK", blockMs, "STREAMS", ...keys, ...ids)
        : await redis.xreadgroup(...head, "STREAMS", ...keys, ...ids);
      return parseReply(XReadReply, reply, "XREADGROUP");
    } catch (error) {
      throw redisFailure(error, "reading a consumer group");
    }
  }

  /** Per-stream or one command, as the deployment allows; results in stream order. */
  async function readStreams(keys: string[], ids: string[], block: boolean): Promise<XReadReply[]> {
    if (!perStream) return [await xreadgroup(keys, ids, block)];
    return Promise.all(keys.map((key, i) => xreadgroup([key], [ids[i] ?? ">"], false)));
  }

  function toEntries(replies: XReadReply[], deliveries: Map<string, number> | null): ReadEntry[] {
    const entries: ReadEntry[] = [];
    for (const reply of replies) {
      for (const [key, items] of reply ?? []) {
        const stream = byKey.get(key);
        if (!stream) continue;
        for (const [id, fields] of items) {
          entries.push({
            partition: stream.partition,
            key,
            id,
            fields,
            deliveries: deliveries?.get(entryKey(key, id)) ?? 1,
          });
        }
      }
    }
    return entries;
  }

  async function readPending(cursors: Map<string, string>): Promise<ReadEntry[]> {
    const keys = [...cursors.keys()];
    const after = keys.map((key) => cursors.get(key) ?? "0");
    const replies = await readStreams(keys, after, false);
    const returned = new Map<string, string[]>();
    for (const [key, items] of replies.flatMap((reply) => reply ?? [])) {
      const ids = items.map(([id]) => id);
      returned.set(key, ids);
    }
    for (const key of keys) {
      const ids = returned.get(key) ?? [];
      const last = ids.at(-1);
      // A short page means this stream's pending list is exhausted: saves one empty round trip.
      if (last === undefined || ids.length < count) cursors.delete(key);
      else cursors.set(key, last);
    }
    return toEntries(replies, await deliveryCounts(redis, group, consumer, returned));
  }

  async function readNew(): Promise<ReadEntry[]> {
    const keys = streams.map((stream) => stream.key);
    const onlyNew = keys.map(() => ">");
    const entries = toEntries(await readStreams(keys, onlyNew, true), null);
    if (perStream && entries.length === 0) await sleep(blockMs);
    return entries;
  }

  return {
    async ensureGroups() {
      await Promise.all(
        streams.map(async ({ key }) => {
          try {
            // Start id 0, not `$`: events published before the group existed (first deploy,
            // a group recreated by an operator) are still processed. MKSTREAM lets a replica
            // start before anything was ever published.
            await redis.xgroup("CREATE", key, group, "0", "MKSTREAM");
          } catch (error) {
            if (error instanceof Error && error.message.startsWith("BUSYGROUP")) return;
            throw redisFailure(error, `creating group ${group} on ${key}`);
          }
        }),
      );
    },

    async read() {
      const cursors = pending;
      if (cursors) {
        if (cursors.size > 0) {
          const entries = await readPending(cursors);
          if (entries.length > 0) return entries;
        }
        // Rewound while we were reading: start the pending scan over on the next read.
        if (pending !== cursors) return [];
        pending = null;
      }
      return readNew();
    },

    ack(entries) {
      return ackEntries(redis, group, entries);
    },

    rewind,

    close() {
      redis.off("ready", onReady);
    },
  };
}
