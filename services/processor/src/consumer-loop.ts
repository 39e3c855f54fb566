import { type Backoff, classifyError, type GroupReader, type ReadEntry } from "@loyalty/streams";
import type { Logger } from "pino";
import type { BatchOutcome } from "./batch-processor.ts";

export interface ConsumerLoopDeps {
  reader: GroupReader;
  processBatch: (entries: readonly ReadEntry[]) => Promise<BatchOutcome>;
  /** Largest batch handed to the ledger at once (a read may return more across partitions). */
  batchSize: number;
  backoff: Backoff;
  logger: Logger;
  /** Clock for inFlightSince (default Date.now). */
  now?: () => number;
}

/**
 * The processor's main loop: read (own pending first), process, repeat. Transient failures
 * back the whole loop off (capped exponential with jitter) and re-read the pending entries,
 * so a database that is down for ten minutes dead-letters nothing; it resumes by itself.
 * Entries taken over from crashed replicas are queued by the claimer and processed first.
 */
export function createConsumerLoop(deps: ConsumerLoopDeps) {
  const { reader, logger, backoff } = deps;
  const claimed: ReadEntry[] = [];
  const stopController = new AbortController();
  let inFlight: readonly ReadEntry[] = [];
  let inFlightSince: number | null = null;
  const now = deps.now ?? Date.now;
  let running: Promise<void> | null = null;

  async function ensureGroups(): Promise<void> {
    while (!stopController.signal.aborted) {
      try {
        await reader.ensureGroups();
        backoff.succeed();
        return;
      } catch (error) {
        logger.warn({ err: error }, "cannot create consumer groups yet; backing off");
        await backoff.failAndWait(stopController.signal).catch(() => {});
      }
    }
  }

  async function runOnce(): Promise<void> {
    const entries = claimed.length > 0 ? claimed.splice(0, claimed.length) : await reader.read();
    for (let start = 0; start < entries.length; start += deps.batchSize) {
      inFlight = entries.slice(start, start + deps.batchSize);
      inFlightSince = now();
      await deps.processBatch(inFlight);
    }
    inFlight = [];
    inFlightSince = null;
    backoff.succeed();
  }

  async function run(): Promise<void> {
    await ensureGroups();
    while (!stopController.signal.aborted) {
      try {
        await runOnce();
      } catch (error) {
        inFlight = [];
        inFlightSince = null;
        if (stopController.signal.aborted) break;
        const kind = classifyError(error);
        logger[kind === "transient" ? "warn" : "error"](
          { err: error, kind },
          "batch not settled; backing off and re-reading pending entries",
        );
        if (String((error as Error)?.message ?? "").includes("NOGROUP")) await ensureGroups();
        reader.rewind();
        await backoff.failAndWait(stopController.signal).catch(() => {});
      }
    }
  }

  return {
    start(): void {
      running ??= run();
    },
    /** Finishes the batch in hand (up to deadlineMs), then returns; nothing in flight is lost either way. */
    async stop(deadlineMs: number): Promise<void> {
      stopController.abort();
      if (!running) return;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadlineMs);
      });
      await Promise.race([running, deadline]);
      clearTimeout(timer);
    },
    /** Entries being processed now, for the keep-alive that stops others from claiming them. */
    inFlight: (): readonly ReadEntry[] => inFlight,
    /** When the batch in hand was handed over (null when there is none), for the stuck-batch watchdog. */
    inFlightSince: (): number | null => inFlightSince,
    /** Entries the claimer took over: processed before the next read. */
    enqueueClaimed(entries: readonly ReadEntry[]): void {
      claimed.push(...entries);
    },
  };
}

export type ConsumerLoop = ReturnType<typeof createConsumerLoop>;
