import { setTimeout as sleep } from "node:timers/promises";
import { type RelayBatchResult, relayOutboxBatch, type Sql } from "@loyalty/db";
import { type Backoff, publishWebhookDeliveries, type RedisClient, type StreamKeys } from "@loyalty/streams";
import type { Logger } from "pino";

export interface OutboxRelayOptions {
  sql: Sql;
  /**
   * The client the XADDs go through, in "request" mode (no offline queue, a command timeout):
   * the relay's transaction holds row locks while it publishes, so a Redis outage must fail the
   * publish quickly (rollback, retry later) rather than park an open transaction.
   */
  redis: RedisClient;
  keys: StreamKeys;
  /** Rows per transaction. */
  batchSize: number;
  /** Pause when the last batch was not full (nothing more waiting). */
  idleMs: number;
  backoff: Backoff;
  logger: Logger;
}

/**
 * Moves committed outbox rows onto `loyalty:webhooks:{p}`, one batch per transaction (see
 * relayOutboxBatch for the at-least-once argument). Runs in every dispatcher replica: SKIP
 * LOCKED gives concurrent relays disjoint rows. A full batch is followed at once by the next;
 * otherwise it polls every idleMs.
 */
export function createOutboxRelay(options: OutboxRelayOptions) {
  const { sql, redis, keys, logger, backoff } = options;
  const stopController = new AbortController();
  let running: Promise<void> | null = null;

  function relayOnce(): Promise<RelayBatchResult> {
    return relayOutboxBatch(sql, {
      limit: options.batchSize,
      publish: async (deliveries) => void (await publishWebhookDeliveries(redis, keys, deliveries)),
    });
  }

  async function run(): Promise<void> {
    const signal = stopController.signal;
    while (!signal.aborted) {
      try {
        const result = await relayOnce();
        backoff.succeed();
        if (result.rows > 0) logger.debug(result, "outbox rows relayed");
        if (result.rows < options.batchSize) await sleep(options.idleMs, undefined, { signal });
      } catch (error) {
        if (signal.aborted) break;
        logger.warn({ err: error }, "outbox relay failed; backing off (rows stay unrelayed)");
        await backoff.failAndWait(signal).catch(() => {});
      }
    }
  }

  return {
    start(): void {
      running ??= run().catch(() => {}); // an aborted sleep rejects; nothing else escapes run()
    },
    /** Lets the batch in hand commit (or roll back), then returns. */
    async stop(): Promise<void> {
      stopController.abort();
      await running;
    },
    relayOnce,
  };
}

export type OutboxRelay = ReturnType<typeof createOutboxRelay>;
