import { type Queryable, recordDeliveryAttempt, wasDelivered } from "@loyalty/db";
import type { WebhookMetrics } from "@loyalty/platform";
import { classifyError, type ReadEntry, type WebhookDelivery } from "@loyalty/streams";
import type { Logger } from "pino";
import { deliveryBody, deliveryHeaders } from "./delivery-request.ts";
import type { EndpointCache } from "./endpoint-cache.ts";
import type { HttpSender } from "./http-sender.ts";
import type { Settler } from "./settle.ts";
import { judge } from "./verdict.ts";

export interface DeliveryJob {
  entry: ReadEntry;
  delivery: WebhookDelivery;
}

export interface DeliverDeps {
  sql: Queryable;
  endpoints: EndpointCache;
  sender: HttpSender;
  settler: Settler;
  metrics: WebhookMetrics;
  logger: Logger;
  maxAttempts: number;
  /** Wall clock (ms): signature timestamps and row times. */
  now: () => number;
  /** Monotonic clock (ms): attempt durations. */
  clock: () => number;
  /** Aborted when shutdown runs out of time: requests stop, the entry stays pending for a takeover. */
  abort: AbortSignal;
  /** Pause before repeating a step that failed because Postgres or Redis was away. */
  pause: (failures: number, signal: AbortSignal) => Promise<void>;
}

/**
 * One attempt of one delivery: current endpoint → dedupe → signed POST → a webhook_deliveries
 * row → ack, retry or dead-letter. A step that fails because Postgres or Redis is away is
 * repeated in place after a pause, never the POST: a receiver is not posted to twice because
 * our own database blinked. Anything else leaves the entry pending; if it keeps failing, the
 * claimer's delivery count dead-letters it (crash-loop protection).
 */
export function createDeliveryHandler(deps: DeliverDeps) {
  const { sql, settler, logger, metrics } = deps;

  async function persist<T>(action: string, step: () => Promise<T>): Promise<T> {
    for (let failures = 0; ; failures++) {
      try {
        return await step();
      } catch (error) {
        if (deps.abort.aborted || classifyError(error) !== "transient") throw error;
        logger.warn(
          { err: error, action, failures: failures + 1 },
          "infrastructure away; repeating the step",
        );
        await deps.pause(failures, deps.abort);
      }
    }
  }

  return async function deliver({ entry, delivery }: DeliveryJob): Promise<void> {
    const log = {
      deliveryId: delivery.deliveryId,
      endpointId: delivery.endpointId,
      attempt: delivery.attempt + 1,
    };
    const endpoint = await persist("looking up the endpoint", () => deps.endpoints.get(delivery.endpointId));
    if (endpoint === null || endpoint.shop !== delivery.shop) {
      logger.warn(log, "endpoint unknown; dropping the delivery");
      await persist("acking", () => settler.ack(entry));
      return;
    }
    if (endpoint.deletedAt !== null) {
      // Recorded (as failed, with the reason) so the history explains the silence; not counted
      // in the metrics: a merchant deleting an endpoint is no delivery failure of ours.
      await persist("recording the attempt", () =>
        record(delivery, { outcome: "failed", statusCode: null, error: "endpoint deleted", durationMs: 0 }),
      );
      await persist("acking", () => settler.ack(entry));
      logger.info(log, "endpoint deleted; delivery dropped");
      return;
    }
    if (await persist("checking for an earlier delivery", () => wasDelivered(sql, delivery.deliveryId))) {
      await persist("acking", () => settler.ack(entry));
      return;
    }

    const body = deliveryBody(delivery);
    const headers = deliveryHeaders(delivery, body, endpoint.secret, Math.floor(deps.now() / 1000));
    const started = deps.clock();
    const result = await deps.sender.send({ url: endpoint.url, body, headers, signal: deps.abort });
    const durationMs = deps.clock() - started;
    if (result.kind === "error" && result.code === "aborted") return; // shutdown: stays pending

    const verdict = judge(result, delivery.attempt + 1, deps.maxAttempts);
    const reason = verdict.reason;
    await persist("recording the attempt", () =>
      record(delivery, {
        outcome: verdict.outcome,
        statusCode: verdict.statusCode,
        error: reason ? `${reason.code}: ${reason.message}` : null,
        durationMs,
      }),
    );
    metrics.record(verdict.outcome, durationMs / 1000);
    if (verdict.next === "ack" || reason === null) {
      await persist("acking", () => settler.ack(entry));
      return;
    }
    if (verdict.next === "retry") {
      const delayMs = await persist("scheduling the retry", () => settler.retry(entry, delivery, reason));
      logger.info({ ...log, code: reason.code, delayMs }, "delivery failed; retry scheduled");
      return;
    }
    await persist("dead-lettering", () => settler.deadLetter(entry, delivery, reason, delivery.attempt + 1));
    logger.warn({ ...log, code: reason.code }, "delivery dead-lettered");
  };

  function record(
    delivery: WebhookDelivery,
    attempt: {
      outcome: "delivered" | "failed" | "dead_lettered";
      statusCode: number | null;
      error: string | null;
      durationMs: number;
    },
  ) {
    return recordDeliveryAttempt(sql, {
      shop: delivery.shop,
      endpointId: delivery.endpointId,
      deliveryId: delivery.deliveryId,
      eventType: delivery.type,
      attempt: delivery.attempt + 1,
      ...attempt,
      at: new Date(deps.now()),
    });
  }
}
