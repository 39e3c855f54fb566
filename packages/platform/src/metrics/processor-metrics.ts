import { EventType } from "@loyalty/core";
import { Counter, Histogram, type Registry } from "prom-client";
import { PROCESSING_BUCKETS, RULE_EVALUATION_BUCKETS } from "./buckets.ts";

/** CONTRACT.md: outcome ∈ applied, duplicate, retried, dead_lettered. */
export type ProcessedOutcome = "applied" | "duplicate" | "retried" | "dead_lettered";

/** Prometheus metrics of the consumer-group worker. */
export class ProcessorMetrics {
  /** Events finished, by event type and outcome; an invalid envelope counts as type "unknown". */
  readonly eventsProcessedTotal: Counter<"type" | "outcome">;
  /** Time to process one event, from being read off the stream to its outcome. */
  readonly eventProcessingSeconds: Histogram;
  /** Time json-rules-engine spends evaluating one event against the shop's rules. */
  readonly ruleEvaluationSeconds: Histogram;
  /** Time of one batch's Postgres transaction, BEGIN to COMMIT. */
  readonly batchCommitSeconds: Histogram;
  /** Retries put in the retry set (each failed attempt short of the DLQ). */
  readonly retriesScheduledTotal: Counter;

  constructor(options: { register: Registry }) {
    const registers = [options.register];
    this.eventsProcessedTotal = new Counter({
      name: "loyalty_events_processed_total",
      help: "Events processed, by type and outcome (applied, duplicate, retried, dead_lettered)",
      labelNames: ["type", "outcome"],
      registers,
    });
    this.eventProcessingSeconds = new Histogram({
      name: "loyalty_event_processing_seconds",
      help: "Time to process one event end to end, in seconds",
      buckets: PROCESSING_BUCKETS,
      registers,
    });
    this.ruleEvaluationSeconds = new Histogram({
      name: "loyalty_rule_evaluation_seconds",
      help: "Time to evaluate one event against its shop's rules, in seconds",
      buckets: RULE_EVALUATION_BUCKETS,
      registers,
    });
    this.batchCommitSeconds = new Histogram({
      name: "loyalty_batch_commit_seconds",
      help: "Time of one batch's Postgres transaction, in seconds",
      buckets: PROCESSING_BUCKETS,
      registers,
    });
    this.retriesScheduledTotal = new Counter({
      name: "loyalty_retries_scheduled_total",
      help: "Retries scheduled for events that failed permanently for now",
      registers,
    });
  }

  /** Counts one event. The type comes from the payload, so unknown values collapse to "unknown". */
  record(type: string, outcome: ProcessedOutcome, seconds?: number): void {
    const label = EventType.safeParse(type).success ? type : "unknown";
    this.eventsProcessedTotal.inc({ type: label, outcome });
    if (seconds !== undefined) this.eventProcessingSeconds.observe(seconds);
  }
}
