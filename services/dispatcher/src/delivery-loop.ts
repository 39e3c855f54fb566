import type { WebhookMetrics } from "@loyalty/platform";
import {
  type Backoff,
  decodeDeliveryEntry,
  ENVELOPE_FIELD,
  fieldValue,
  type GroupReader,
  type ReadEntry,
} from "@loyalty/streams";
import type { Logger } from "pino";
import type { DeliveryJob } from "./deliver.ts";
import type { Settler } from "./settle.ts";
import { createSlotScheduler } from "./slot-scheduler.ts";

export interface DeliveryLoopDeps {
  reader: GroupReader;
  settler: Settler;
  deliver: (job: DeliveryJob) => Promise<void>;
  metrics: WebhookMetrics;
  logger: Logger;
  backoff: Backoff;
  /** Deliveries in flight at once (WEBHOOK_CONCURRENCY). */
  concurrency: number;
  /** Deliveries in flight at once to one endpoint (capped at concurrency − 1). */
  perEndpoint: number;
  /** Deliveries of one endpoint waiting in memory for its slots before the rest are put back. */
  queuePerEndpoint: number;
  /** Aborted when shutdown runs out of time (see stop). */
  abortController: AbortController;
}

/**
 * Reads the webhook streams (own pending first) and hands each delivery to the slot scheduler
 * (see slot-scheduler.ts for why a hanging endpoint cannot hold up the others). The loop waits
 * only for a free global slot before reading on. Entries it holds — running, or waiting for a
 * slot — are tracked so a re-read of the pending list (after a reconnect) or a claim does not
 * start them twice, and so the keep-alive can stop other replicas from claiming them.
 */
export function createDeliveryLoop(deps: DeliveryLoopDeps) {
  const { reader, settler, logger, metrics } = deps;
  const stopController = new AbortController();
  const held = new Map<string, ReadEntry>();
  const claimed: ReadEntry[] = [];
  let running: Promise<void> | null = null;

  const scheduler = createSlotScheduler<DeliveryJob>({
    global: deps.concurrency,
    perKey: deps.perEndpoint,
    queuePerKey: deps.queuePerEndpoint,
    run: async (job) => {
      try {
        await deps.deliver(job);
        deps.backoff.succeed();
      } finally {
        held.delete(idOf(job.entry));
      }
    },
    onError: (error, job) =>
      logger[deps.abortController.signal.aborted ? "info" : "error"](
        { err: error, deliveryId: job.delivery.deliveryId, entryId: job.entry.id },
        "delivery not settled; it stays pending until a claimer takes it over",
      ),
  });

  async function admit(entry: ReadEntry): Promise<void> {
    const id = idOf(entry);
    if (held.has(id)) return;
    if (entry.fields === null) {
      await settler.ack(entry); // deleted while pending: nothing to send
      return;
    }
    const decoded = decodeDeliveryEntry(entry.fields);
    if (!decoded.ok) {
      logger.error(
        { entryId: entry.id, code: decoded.error.code, err: decoded.error },
        "invalid delivery entry",
      );
      await settler.deadLetter(
        entry,
        fieldValue(entry.fields, ENVELOPE_FIELD) ?? JSON.stringify(entry.fields),
        { code: decoded.error.code, message: decoded.error.message },
        entry.deliveries ?? 1,
      );
      metrics.record("dead_lettered");
      return;
    }
    const job = { entry, delivery: decoded.delivery };
    held.set(id, entry);
    if (scheduler.submit(decoded.delivery.endpointId, job) !== "saturated") return;
    held.delete(id);
    const delayMs = await settler.putBack(entry, decoded.delivery, { countAsDeferral: true });
    logger.debug({ deliveryId: decoded.delivery.deliveryId, delayMs }, "endpoint busy; delivery put back");
  }

  async function ensureGroups(): Promise<void> {
    while (!stopController.signal.aborted) {
      try {
        await reader.ensureGroups();
        deps.backoff.succeed();
        return;
      } catch (error) {
        logger.warn({ err: error }, "cannot create the dispatchers group yet; backing off");
        await deps.backoff.failAndWait(stopController.signal).catch(() => {});
      }
    }
  }

  async function run(): Promise<void> {
    await ensureGroups();
    while (!stopController.signal.aborted) {
      try {
        await scheduler.whenRoom(stopController.signal);
        if (stopController.signal.aborted) break;
        const entries = claimed.length > 0 ? claimed.splice(0) : await reader.read();
        for (const entry of entries) await admit(entry);
      } catch (error) {
        if (stopController.signal.aborted) break;
        logger.warn({ err: error }, "reading webhook deliveries failed; backing off");
        if (String((error as Error)?.message ?? "").includes("NOGROUP")) await ensureGroups();
        reader.rewind();
        await deps.backoff.failAndWait(stopController.signal).catch(() => {});
      }
    }
  }

  return {
    start(): void {
      running ??= run();
    },
    /**
     * Stops reading; puts deliveries that never got a slot back on the retry lane (due at once,
     * for any replica); lets those in flight finish up to deadlineMs, then aborts them (they
     * stay pending and are taken over after the claim timeout).
     */
    async stop(deadlineMs: number): Promise<void> {
      stopController.abort();
      await running;
      for (const job of scheduler.close()) {
        await settler
          .putBack(job.entry, job.delivery, { countAsDeferral: false })
          .catch((error: unknown) =>
            logger.warn(
              { err: error, deliveryId: job.delivery.deliveryId },
              "could not hand a delivery back",
            ),
          )
          .finally(() => held.delete(idOf(job.entry)));
      }
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<"deadline">((resolve) => {
        timer = setTimeout(() => resolve("deadline"), deadlineMs);
      });
      const finished = await Promise.race([scheduler.whenIdle().then(() => "idle" as const), deadline]);
      clearTimeout(timer);
      if (finished === "deadline") {
        logger.warn(
          { inFlight: scheduler.running },
          "shutdown deadline reached; aborting deliveries in flight",
        );
        deps.abortController.abort();
        await scheduler.whenIdle();
      }
    },
    /** Entries held by this replica (running or waiting for a slot), for the keep-alive. */
    held: (): ReadEntry[] => [...held.values()],
    /** Entries the claimer took over: read before the next XREADGROUP. */
    enqueueClaimed(entries: readonly ReadEntry[]): void {
      claimed.push(...entries);
    },
    get inFlight(): number {
      return scheduler.running;
    },
  };
}

export type DeliveryLoop = ReturnType<typeof createDeliveryLoop>;

function idOf(entry: Pick<ReadEntry, "key" | "id">): string {
  return `${entry.key} ${entry.id}`;
}
