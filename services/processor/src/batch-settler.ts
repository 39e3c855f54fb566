import type { EventEnvelope, LoyaltyError } from "@loyalty/core";
import type { ProcessorMetrics } from "@loyalty/platform";
import {
  deadLetter,
  firstFailureAtOf,
  type GroupReader,
  PROCESSOR_GROUP,
  type ReadEntry,
  type RedisClient,
  retryDelayMs,
  type StreamKeys,
  scheduleRetry,
} from "@loyalty/streams";

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  jitterRatio: number;
}

export interface SettlerDeps {
  redis: RedisClient;
  reader: GroupReader;
  keys: StreamKeys;
  policy: RetryPolicy;
  metrics: ProcessorMetrics;
  now: () => number;
  random: () => number;
}

/**
 * What happens to each entry after the ledger answered: applied and duplicate entries are
 * acked together; a failed event is acked + rescheduled (or dead-lettered once it has used its
 * attempts) in one atomic Lua step, so it is never both lost and never both retried and acked.
 */
export function createSettler(deps: SettlerDeps) {
  const { redis, reader, keys, policy, metrics, now, random } = deps;

  async function ack(entries: readonly ReadEntry[]): Promise<void> {
    if (entries.length > 0) await reader.ack(entries);
  }

  async function fail(
    entry: ReadEntry,
    envelope: EventEnvelope,
    error: Pick<LoyaltyError, "code" | "message">,
  ): Promise<"retried" | "dead_lettered"> {
    const failedAt = now();
    const reason = { code: error.code, message: error.message };
    const firstFailureAt = firstFailureAtOf(entry.fields) ?? failedAt;
    if (envelope.attempt + 1 >= policy.maxAttempts) {
      await deadLetter(redis, keys, {
        partition: entry.partition,
        streamKey: entry.key,
        group: PROCESSOR_GROUP,
        entryId: entry.id,
        envelope,
        error: reason,
        attempts: envelope.attempt + 1,
        firstFailureAt,
        lastFailureAt: failedAt,
      });
      metrics.record(envelope.type, "dead_lettered");
      return "dead_lettered";
    }
    await scheduleRetry(redis, keys, {
      partition: entry.partition,
      streamKey: entry.key,
      group: PROCESSOR_GROUP,
      entryId: entry.id,
      envelope,
      error: reason,
      dueAt: failedAt + retryDelayMs(envelope.attempt, { ...policy, random }),
      failedAt,
      firstFailureAt,
    });
    metrics.record(envelope.type, "retried");
    metrics.retriesScheduledTotal.inc();
    return "retried";
  }

  /** An entry that is not an event at all: straight to the DLQ, no retries can fix it. */
  async function poison(
    entry: ReadEntry,
    raw: string,
    error: Pick<LoyaltyError, "code" | "message">,
  ): Promise<void> {
    const at = now();
    await deadLetter(redis, keys, {
      partition: entry.partition,
      streamKey: entry.key,
      group: PROCESSOR_GROUP,
      entryId: entry.id,
      envelope: raw,
      error: { code: error.code, message: error.message },
      attempts: entry.deliveries ?? 1,
      firstFailureAt: at,
      lastFailureAt: at,
    });
    metrics.record("unknown", "dead_lettered");
  }

  return { ack, fail, poison };
}

export type Settler = ReturnType<typeof createSettler>;
