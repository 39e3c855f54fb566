import { type EventEnvelope, partitionFor } from "@loyalty/core";
import { ENVELOPE_FIELD, encodeEnvelope, type StreamKeys } from "@loyalty/streams";
import type { Redis } from "ioredis";

/**
 * Writes the envelopes into their partitions' streams exactly as the producer lays them out
 * (one field `e`, the validated envelope's JSON), but with plain pipelined XADDs: the
 * producer's per-event dedupe script is ingest's cost, not the processor's, and would make
 * preloading 200k events take minutes.
 */
export async function preloadStreams(
  redis: Redis,
  keys: StreamKeys,
  envelopes: Iterable<EventEnvelope>,
  chunk = 2_000,
): Promise<{ written: number; perPartition: number[] }> {
  const perPartition = keys.all().map(() => 0);
  let pipeline = redis.pipeline();
  let queued = 0;
  let written = 0;
  const flush = async () => {
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
    written += queued;
    queued = 0;
    pipeline = redis.pipeline();
  };
  for (const envelope of envelopes) {
    const partition = partitionFor(envelope, keys.partitions);
    pipeline.xadd(keys.events(partition), "*", ENVELOPE_FIELD, encodeEnvelope(envelope));
    perPartition[partition] = (perPartition[partition] ?? 0) + 1;
    if (++queued >= chunk) await flush();
  }
  if (queued > 0) await flush();
  return { written, perPartition };
}
