import { type EventEnvelope, LoyaltyError } from "@loyalty/core";
import type { EventResult } from "@loyalty/db";
import type { ProcessorMetrics } from "@loyalty/platform";
import { classifyError, decodeEntry, ENVELOPE_FIELD, fieldValue, type ReadEntry } from "@loyalty/streams";
import type { Logger } from "pino";
import type { Settler } from "./batch-settler.ts";

export type ApplyBatch = (events: readonly EventEnvelope[]) => Promise<EventResult[]>;

export interface BatchProcessorDeps {
  applyBatch: ApplyBatch;
  settler: Settler;
  metrics: ProcessorMetrics;
  logger: Logger;
  /** Entries delivered more often than this are dead-lettered unprocessed (crash-loop protection). */
  maxDeliveries: number;
  clock: () => number;
}

export interface BatchOutcome {
  applied: number;
  duplicate: number;
  retried: number;
  deadLettered: number;
}

/**
 * One batch, read → ledger → settle. Throws only transient errors (database or Redis away):
 * then nothing was acked and the caller backs off and re-reads its pending entries.
 */
export function createBatchProcessor(deps: BatchProcessorDeps) {
  const { applyBatch, settler, metrics, logger } = deps;

  return async function processBatch(entries: readonly ReadEntry[]): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { applied: 0, duplicate: 0, retried: 0, deadLettered: 0 };
    const started = deps.clock();
    const toAck: ReadEntry[] = [];
    const events: Array<{ entry: ReadEntry; envelope: EventEnvelope }> = [];

    for (const entry of entries) {
      if (entry.fields === null) {
        toAck.push(entry); // deleted while pending: nothing left to process
        continue;
      }
      if ((entry.deliveries ?? 1) > deps.maxDeliveries) {
        await settler.poison(entry, fieldValue(entry.fields, ENVELOPE_FIELD) ?? "", {
          code: "max_deliveries_exceeded",
          message: `delivered ${entry.deliveries} times without being settled`,
        });
        outcome.deadLettered++;
        continue;
      }
      const decoded = decodeEntry(entry.fields);
      if (!decoded.ok) {
        await settler.poison(entry, fieldValue(entry.fields, ENVELOPE_FIELD) ?? "", decoded.error);
        outcome.deadLettered++;
        continue;
      }
      events.push({ entry, envelope: decoded.envelope });
    }

    const results = await applyIsolatingFailures(events.map((e) => e.envelope));
    const seconds = (deps.clock() - started) / 1000;
    for (const [index, { entry, envelope }] of events.entries()) {
      const result = results[index]!;
      if (result.outcome === "failed") {
        logger.warn(
          {
            eventId: envelope.id,
            type: envelope.type,
            requestId: envelope.requestId,
            attempt: envelope.attempt,
            code: result.error.code,
            err: result.error,
          },
          "event failed",
        );
        const settled = await settler.fail(entry, envelope, result.error);
        if (settled === "retried") outcome.retried++;
        else outcome.deadLettered++;
        continue;
      }
      toAck.push(entry);
      metrics.record(envelope.type, result.outcome, seconds);
      if (result.outcome === "applied") outcome.applied++;
      else outcome.duplicate++;
    }
    await settler.ack(toAck);
    return outcome;
  };

  /**
   * The batch in one transaction; if it fails for a reason that is not transient (a bug an
   * event triggers in SQL, say), fall back to one transaction per event so only the guilty
   * event is retried. Transient errors propagate: the whole batch is retried unacked.
   */
  async function applyIsolatingFailures(envelopes: readonly EventEnvelope[]): Promise<EventResult[]> {
    if (envelopes.length === 0) return [];
    const commitTimer = metrics.batchCommitSeconds.startTimer();
    try {
      const results = await applyBatch(envelopes);
      commitTimer();
      return results;
    } catch (error) {
      if (classifyError(error) === "transient") throw error;
      if (envelopes.length === 1)
        return [{ eventId: envelopes[0]!.id, outcome: "failed", error: asEventError(error) }];
      logger.warn({ err: error, events: envelopes.length }, "batch failed; applying its events one by one");
    }
    const results: EventResult[] = [];
    for (const envelope of envelopes) {
      try {
        results.push(...(await applyBatch([envelope])));
      } catch (error) {
        if (classifyError(error) === "transient") throw error;
        results.push({ eventId: envelope.id, outcome: "failed", error: asEventError(error) });
      }
    }
    return results;
  }
}

function asEventError(error: unknown): LoyaltyError {
  if (error instanceof LoyaltyError) return error;
  return new LoyaltyError("processing_failed", error instanceof Error ? error.message : String(error), [], {
    cause: error,
  });
}
