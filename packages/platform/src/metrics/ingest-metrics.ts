import { Counter, Histogram, type Registry } from "prom-client";
import { FAST_ROUTE_BUCKETS } from "./buckets.ts";

/** What ingest answered a webhook with; one value per row of CONTRACT.md's ingest table. */
export type IngestOutcome =
  | "accepted"
  | "duplicate"
  | "ignored"
  | "unauthorized"
  | "invalid"
  | "too_large"
  | "unavailable"
  | "error";

export interface IngestMetricsOptions {
  register: Registry;
  /** Topics we know (the shopify package's list). Anything else is counted as "unknown". */
  topics?: readonly string[];
}

/** The topic label is read from a request header, so it is clamped to keep series bounded. */
const TOPIC_SHAPE = /^[a-z_]{1,40}\/[a-z_]{1,40}$/;

/** Prometheus metrics of the Shopify webhook receiver. */
export class IngestMetrics {
  /** Webhooks received, by Shopify topic and by what we answered. */
  readonly webhooksTotal: Counter<"topic" | "outcome">;
  /** Time from request start to reply for POST /webhooks/shopify, whatever the outcome. */
  readonly durationSeconds: Histogram;
  readonly #topics: ReadonlySet<string> | undefined;

  constructor(options: IngestMetricsOptions) {
    this.#topics = options.topics === undefined ? undefined : new Set(options.topics);
    this.webhooksTotal = new Counter({
      name: "loyalty_ingest_webhooks_total",
      help: "Shopify webhooks received, by topic and outcome (accepted, duplicate, ignored, unauthorized, invalid, too_large, unavailable, error)",
      labelNames: ["topic", "outcome"],
      registers: [options.register],
    });
    this.durationSeconds = new Histogram({
      name: "loyalty_ingest_duration_seconds",
      help: "Time to answer one Shopify webhook, in seconds",
      buckets: FAST_ROUTE_BUCKETS,
      registers: [options.register],
    });
  }

  /** Counts one webhook and, when given, its duration. */
  record(topic: string | undefined, outcome: IngestOutcome, seconds?: number): void {
    this.webhooksTotal.inc({ topic: this.topicLabel(topic), outcome });
    if (seconds !== undefined) this.durationSeconds.observe(seconds);
  }

  topicLabel(topic: string | undefined): string {
    if (topic === undefined) return "unknown";
    const known = this.#topics === undefined ? TOPIC_SHAPE.test(topic) : this.#topics.has(topic);
    return known ? topic : "unknown";
  }
}
