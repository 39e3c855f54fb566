import { Registry } from "prom-client";
import { IngestMetrics } from "./ingest-metrics.ts";
import { ProcessorMetrics } from "./processor-metrics.ts";
import { ShopifyMetrics } from "./shopify-metrics.ts";
import { StreamMetrics } from "./stream-metrics.ts";
import { WebhookMetrics } from "./webhook-metrics.ts";

/**
 * Every metric name the services export (histograms by base name: a dashboard query on
 * `x_bucket`, `x_sum` or `x_count` refers to `x`). Node default metrics are not included.
 * Dashboards and alert rules are tested against this list.
 */
export function allMetricNames(): string[] {
  const register = new Registry();
  new IngestMetrics({ register });
  new ProcessorMetrics({ register });
  new StreamMetrics({ register });
  new WebhookMetrics({ register });
  new ShopifyMetrics({ register });
  return register
    .getMetricsAsArray()
    .map((metric) => metric.name)
    .sort();
}
