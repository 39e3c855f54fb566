import { type EventEnvelope, LoyaltyError } from "@loyalty/core";
import type { EventResult } from "@loyalty/db";
import type { ProcessorMetrics } from "@loyalty/platform";
import { classifyError, decodeEntry, ENVELOPE_FIELD, fieldValue, type ReadEntry } from "@loyalty/streams";
import type { Logger } from "pino";
import type { Settler } from "./batch-settler.ts";

export type ApplyBatch = (events: readonly EventEnvelope[]) => Promise<EventResult[]>;

/** The stream entry text each decoded envelope came from, for the ledger's archive (no re-serialising). */
const entryJson = new WeakMap<EventEnvelope, string>();
export const envelopeJsonOf = (envelope: EventEnvelope): string | undefined => entryJson.get(envelope);

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
      const raw = fieldValue(entry.fields, ENVELOPE_FIELD);
      if (raw !== undefined) entryJson.set(decoded.envelope, raw);
      events.push({ entry, envelope: decoded.envelope });
    }

    const results = await applyIsolatingFailures(events.map((e) => e.envelope));
    const seconds = (deps.clock() - started) / 1000;
    // Counted per (type, outcome) and added once each: a labelled inc per event was a
    // measurable share of a 500-event batch (services/processor/bench).
    const counts = new Map<string, { type: string; outcome: "applied" | "duplicate"; n: number }>();
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
      const key = `${envelope.type}\n${result.outcome}`;
      const count = counts.get(key);
      if (count) count.n++;
      else counts.set(key, { type: envelope.type, outcome: result.outcome, n: 1 });
      metrics.eventProcessingSeconds.observe(seconds);
      if (result.outcome === "applied") outcome.applied++;
      else outcome.duplicate++;
    }
    for (const { type, outcome: label, n } of counts.values())
      metrics.eventsProcessedTotal.inc({ type, outcome: label }, n);
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

export interface ChunkedProcessorOptions {
  processBatch: (entries: readonly ReadEntry[]) => Promise<BatchOutcome>;
  /** Largest batch handed to the ledger at once. */
  batchSize: number;
  /** Batches in flight at once (each its own transaction on its own connection). */
  depth: number;
}

/**
 * Processes one read as several ledger batches, up to `depth` at a time, so Node decodes and
 * decides one batch while Postgres writes another instead of each waiting for the other.
 * Per-customer order is kept: a read gives each stream at most `batchSize` entries and a
 * customer's events share a stream, so batches made of whole streams never split a customer
 * across concurrent transactions. (Refunds are keyed by order, so one may meet its customer's
 * other events in a concurrent batch: the ledger's sorted row locks serialise them, and refunds
 * are order-independent by design.) A stream with more entries than a batch (claimed entries)
 * is processed in order, batch after batch. On an error, batches not started stay pending for
 * the re-read, the ones in flight finish, and the first error is thrown.
 */
export function createChunkedProcessor(options: ChunkedProcessorOptions) {
  const { processBatch, batchSize, depth } = options;

  return async function processRead(entries: readonly ReadEntry[]): Promise<BatchOutcome> {
    const total: BatchOutcome = { applied: 0, duplicate: 0, retried: 0, deadLettered: 0 };
    const chunks = planChunks(entries, batchSize);
    let next = 0;
    let failed = false;
    let failure: unknown;
    const worker = async () => {
      while (!failed && next < chunks.length) {
        const chunk = chunks[next++]!;
        try {
          for (let start = 0; start < chunk.length; start += batchSize) {
            const outcome = await processBatch(chunk.slice(start, start + batchSize));
            total.applied += outcome.applied;
            total.duplicate += outcome.duplicate;
            total.retried += outcome.retried;
            total.deadLettered += outcome.deadLettered;
          }
        } catch (error) {
          if (!failed) failure = error;
          failed = true;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(depth, chunks.length) }, worker));
    if (failed) throw failure;
    return total;
  };
}

/** Whole streams packed into chunks of at most batchSize (a longer stream is a chunk alone). */
function planChunks(entries: readonly ReadEntry[], batchSize: number): ReadEntry[][] {
  const byStream = new Map<string, ReadEntry[]>();
  for (const entry of entries) {
    const list = byStream.get(entry.key);
    if (list) list.push(entry);
    else byStream.set(entry.key, [entry]);
  }
  const chunks: ReadEntry[][] = [];
  let current: ReadEntry[] = [];
  for (const list of byStream.values()) {
    if (current.length > 0 && current.length + list.length > batchSize) {
      chunks.push(current);
      current = [];
    }
    current = current.length === 0 ? list : current.concat(list);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
