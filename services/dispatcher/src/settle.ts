import {
  DISPATCHER_GROUP,
  deadLetter,
  type FailureReason,
  firstFailureAtOf,
  type GroupReader,
  type ReadEntry,
  type RedisClient,
  type RetryLane,
  retryDelayMs,
  scheduleRetry,
  type WebhookDelivery,
} from "@loyalty/streams";

export interface RetryPolicy {
  /** Delay before the first retry; doubles per attempt up to capMs. */
  baseMs: number;
  capMs: number;
  jitterRatio: number;
}

export interface DeferPolicy {
  /** First put-back delay of an entry whose endpoint had no free slot; doubles per deferral. */
  baseMs: number;
  capMs: number;
}

export interface SettlerDeps {
  redis: RedisClient;
  reader: GroupReader;
  lane: RetryLane;
  retry: RetryPolicy;
  defer: DeferPolicy;
  now: () => number;
  random: () => number;
}

/**
 * The ways an entry leaves this replica. Retry, defer and dead-letter each ack the entry and
 * write its next home in one Lua step (the streams retry lane), so an entry is never both
 * acked and lost, nor both pending and rescheduled.
 */
export function createSettler(deps: SettlerDeps) {
  const { redis, reader, lane, now, random } = deps;

  function base(entry: ReadEntry) {
    return { partition: entry.partition, streamKey: entry.key, group: DISPATCHER_GROUP, entryId: entry.id };
  }

  return {
    async ack(entry: ReadEntry): Promise<void> {
      await reader.ack([entry]);
    },

    /** After a failed attempt: back on the stream after min(base·2^attempt, cap) + jitter. */
    async retry(entry: ReadEntry, delivery: WebhookDelivery, error: FailureReason): Promise<number> {
      const failedAt = now();
      const delayMs = retryDelayMs(delivery.attempt, { ...deps.retry, random });
      await scheduleRetry(redis, lane, {
        ...base(entry),
        envelope: delivery,
        error,
        dueAt: failedAt + delayMs,
        failedAt,
        firstFailureAt: firstFailureAtOf(entry.fields) ?? failedAt,
      });
      return delayMs;
    },

    async deadLetter(
      entry: ReadEntry,
      payload: WebhookDelivery | string,
      error: FailureReason,
      attempts: number,
    ): Promise<void> {
      const at = now();
      await deadLetter(redis, lane, {
        ...base(entry),
        envelope: payload,
        error,
        attempts,
        firstFailureAt: firstFailureAtOf(entry.fields) ?? at,
        lastFailureAt: at,
      });
    },

    /**
     * Puts an entry back without an attempt: its endpoint had no free slot (or this replica is
     * shutting down, `countAsDeferral: false`, delay 0). The retry lane re-adds payloads with
     * `attempt + 1`, so it is handed `attempt − 1`: a put-back must not use up an attempt.
     */
    async putBack(
      entry: ReadEntry,
      delivery: WebhookDelivery,
      options: { countAsDeferral: boolean },
    ): Promise<number> {
      const at = now();
      const exponential = Math.min(
        deps.defer.baseMs * 2 ** Math.min(delivery.deferrals, 20),
        deps.defer.capMs,
      );
      const delayMs = options.countAsDeferral ? Math.floor(exponential * (1 + 0.5 * random())) : 0;
      await scheduleRetry(redis, lane, {
        ...base(entry),
        envelope: {
          ...delivery,
          attempt: delivery.attempt - 1,
          deferrals: delivery.deferrals + (options.countAsDeferral ? 1 : 0),
        },
        error: options.countAsDeferral
          ? { code: "endpoint_busy", message: "every delivery slot of the endpoint was taken" }
          : { code: "handed_back", message: "the dispatcher replica was shutting down" },
        dueAt: at + delayMs,
        failedAt: at,
        firstFailureAt: firstFailureAtOf(entry.fields) ?? at,
      });
      return delayMs;
    },
  };
}

export type Settler = ReturnType<typeof createSettler>;
