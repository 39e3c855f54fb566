import { Counter, Histogram, type Registry } from "prom-client";
import { OUTBOUND_HTTP_BUCKETS } from "./buckets.ts";

/**
 * One value per delivery attempt: `delivered` (2xx), `failed` (will be retried),
 * `dead_lettered` (failed and out of attempts). Failure rate = (failed + dead_lettered) / all.
 */
export type WebhookDeliveryOutcome = "delivered" | "failed" | "dead_lettered";

/** Prometheus metrics of the outbound webhook dispatcher. */
export class WebhookMetrics {
  /** Delivery attempts to merchant endpoints, by outcome. */
  readonly deliveriesTotal: Counter<"outcome">;
  /** Time of one delivery attempt (request sent to response read or timeout). */
  readonly deliverySeconds: Histogram;

  constructor(options: { register: Registry }) {
    this.deliveriesTotal = new Counter({
      name: "loyalty_webhook_deliveries_total",
      help: "Outbound webhook delivery attempts, by outcome (delivered, failed, dead_lettered)",
      labelNames: ["outcome"],
      registers: [options.register],
    });
    this.deliverySeconds = new Histogram({
      name: "loyalty_webhook_delivery_seconds",
      help: "Time of one outbound webhook delivery attempt, in seconds",
      buckets: OUTBOUND_HTTP_BUCKETS,
      registers: [options.register],
    });
  }

  record(outcome: WebhookDeliveryOutcome, seconds?: number): void {
    this.deliveriesTotal.inc({ outcome });
    if (seconds !== undefined) this.deliverySeconds.observe(seconds);
  }
}
