import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { allMetricNames } from "./all-metric-names.ts";
import { IngestMetrics } from "./ingest-metrics.ts";
import { ProcessorMetrics } from "./processor-metrics.ts";
import { createRegistry } from "./registry.ts";
import { StreamMetrics } from "./stream-metrics.ts";
import { WebhookMetrics } from "./webhook-metrics.ts";

/** The sample lines of one metric, e.g. `loyalty_stream_lag{partition="0"} 5`. */
async function samples(register: Registry, name: string): Promise<string[]> {
  const text = await register.metrics();
  return text.split("\n").filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

describe("createRegistry", () => {
  it("labels every series with the service and collects Node's default metrics", async () => {
    const register = createRegistry({ service: "ingest" });
    new IngestMetrics({ register }).record("orders/paid", "accepted", 0.002);
    const text = await register.metrics();
    expect(text).toContain(
      'loyalty_ingest_webhooks_total{topic="orders/paid",outcome="accepted",service="ingest"} 1',
    );
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("can leave the default metrics out", async () => {
    const register = createRegistry({ service: "query", defaultMetrics: false });
    expect(await register.metrics()).not.toContain("process_cpu_user_seconds_total");
  });
});

describe("allMetricNames", () => {
  it("contains every metric name CONTRACT.md promises, plus the batch commit time", () => {
    const contract = [
      "loyalty_ingest_webhooks_total",
      "loyalty_ingest_duration_seconds",
      "loyalty_events_processed_total",
      "loyalty_event_processing_seconds",
      "loyalty_rule_evaluation_seconds",
      "loyalty_stream_length",
      "loyalty_stream_lag",
      "loyalty_stream_pending",
      "loyalty_dlq_depth",
      "loyalty_retries_scheduled_total",
      "loyalty_webhook_deliveries_total",
      "loyalty_webhook_delivery_seconds",
    ];
    const names = allMetricNames();
    expect(names).toEqual(expect.arrayContaining([...contract, "loyalty_batch_commit_seconds"]));
    expect(names.every((name) => name.startsWith("loyalty_"))).toBe(true);
  });
});

describe("IngestMetrics", () => {
  it("counts untrusted topic headers outside the known list as unknown", async () => {
    const register = new Registry();
    const metrics = new IngestMetrics({ register, topics: ["orders/paid"] });
    metrics.record("orders/paid", "accepted");
    metrics.record("orders/evil", "ignored");
    metrics.record(undefined, "invalid");
    expect(await samples(register, "loyalty_ingest_webhooks_total")).toEqual([
      'loyalty_ingest_webhooks_total{topic="orders/paid",outcome="accepted"} 1',
      'loyalty_ingest_webhooks_total{topic="unknown",outcome="ignored"} 1',
      'loyalty_ingest_webhooks_total{topic="unknown",outcome="invalid"} 1',
    ]);
  });

  it("without a list, keeps only values shaped like a Shopify topic", () => {
    const metrics = new IngestMetrics({ register: new Registry() });
    expect(metrics.topicLabel("refunds/create")).toBe("refunds/create");
    expect(metrics.topicLabel('x"}\n evil 1')).toBe("unknown");
  });
});

describe("ProcessorMetrics", () => {
  it("records outcomes by event type and folds unknown types together", async () => {
    const register = new Registry();
    const metrics = new ProcessorMetrics({ register });
    metrics.record("order.paid", "applied", 0.01);
    metrics.record("not.a.type", "dead_lettered");
    metrics.retriesScheduledTotal.inc();
    metrics.batchCommitSeconds.observe(0.02);
    expect(await samples(register, "loyalty_events_processed_total")).toEqual([
      'loyalty_events_processed_total{type="order.paid",outcome="applied"} 1',
      'loyalty_events_processed_total{type="unknown",outcome="dead_lettered"} 1',
    ]);
    expect(await samples(register, "loyalty_retries_scheduled_total")).toEqual([
      "loyalty_retries_scheduled_total 1",
    ]);
    expect(await samples(register, "loyalty_event_processing_seconds_count")).toEqual([
      "loyalty_event_processing_seconds_count 1",
    ]);
  });
});

describe("StreamMetrics", () => {
  it("exports each partition's numbers and leaves an unknown lag absent rather than 0", async () => {
    const register = new Registry();
    const metrics = new StreamMetrics({ register });
    metrics.set([
      { partition: 0, length: 10, lag: 3, pending: 2, dlq: 1 },
      { partition: 1, length: 5, lag: null, pending: 0, dlq: 0 },
    ]);
    expect(await samples(register, "loyalty_stream_length")).toEqual([
      'loyalty_stream_length{partition="0"} 10',
      'loyalty_stream_length{partition="1"} 5',
    ]);
    expect(await samples(register, "loyalty_stream_lag")).toEqual(['loyalty_stream_lag{partition="0"} 3']);
    expect(await samples(register, "loyalty_stream_pending")).toContain(
      'loyalty_stream_pending{partition="0"} 2',
    );
    expect(await samples(register, "loyalty_dlq_depth")).toContain('loyalty_dlq_depth{partition="0"} 1');
  });

  it("drops series of partitions missing from the latest snapshot", async () => {
    const register = new Registry();
    const metrics = new StreamMetrics({ register });
    metrics.set([
      { partition: 0, length: 1, lag: 1, pending: 0, dlq: 0 },
      { partition: 1, length: 2, lag: 2, pending: 0, dlq: 0 },
    ]);
    metrics.set([{ partition: 0, length: 4, lag: null, pending: 0, dlq: 0 }]);
    expect(await samples(register, "loyalty_stream_length")).toEqual([
      'loyalty_stream_length{partition="0"} 4',
    ]);
    expect(await samples(register, "loyalty_stream_lag")).toEqual([]);
  });
});

describe("WebhookMetrics", () => {
  it("counts delivery attempts by outcome and times them", async () => {
    const register = new Registry();
    const metrics = new WebhookMetrics({ register });
    metrics.record("delivered", 0.12);
    metrics.record("failed", 5);
    expect(await samples(register, "loyalty_webhook_deliveries_total")).toEqual([
      'loyalty_webhook_deliveries_total{outcome="delivered"} 1',
      'loyalty_webhook_deliveries_total{outcome="failed"} 1',
    ]);
    expect(await samples(register, "loyalty_webhook_delivery_seconds_count")).toEqual([
      "loyalty_webhook_delivery_seconds_count 2",
    ]);
  });
});
