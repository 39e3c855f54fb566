import { describe, expect, it } from "vitest";
import { baseMetricName, metricNamesIn } from "./promql.ts";

describe("metricNamesIn", () => {
  it("finds the metric of a plain selector with label matchers", () => {
    expect(metricNamesIn('up{job=~"ingest|query"} == 0')).toEqual(["up"]);
  });

  it("ignores functions, grouping labels, durations and numbers", () => {
    const expr =
      "histogram_quantile(0.95, sum by (le) (rate(loyalty_event_processing_seconds_bucket[$__rate_interval]))) > 1e3";
    expect(metricNamesIn(expr)).toEqual(["loyalty_event_processing_seconds_bucket"]);
  });

  it("finds both sides of a ratio and ignores label values that look like names", () => {
    const expr = `sum(rate(loyalty_webhook_deliveries_total{outcome="success"}[5m]))
      / on (service) group_left (instance) sum(rate(other_metric_total[5m]))`;
    expect(metricNamesIn(expr)).toEqual(["loyalty_webhook_deliveries_total", "other_metric_total"]);
  });
});

describe("baseMetricName", () => {
  it("strips the series suffixes a histogram adds", () => {
    expect(baseMetricName("loyalty_batch_commit_seconds_bucket")).toBe("loyalty_batch_commit_seconds");
    expect(baseMetricName("loyalty_batch_commit_seconds_count")).toBe("loyalty_batch_commit_seconds");
    expect(baseMetricName("loyalty_stream_lag")).toBe("loyalty_stream_lag");
  });
});
