import { allMetricNames } from "@loyalty/platform";
import { describe, expect, it } from "vitest";
import { asArray, asRecord, readText, readYaml } from "./files.ts";
import { baseMetricName, metricNamesIn } from "./promql.ts";

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string }[];
  panels?: Panel[];
}

const dashboard = JSON.parse(readText("grafana/dashboards/loyalty-overview.json")) as {
  uid: string;
  title: string;
  panels: Panel[];
};
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const queries = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));
const datasources = asArray(
  asRecord(readYaml("grafana/provisioning/datasources/prometheus.yml"), "datasources")["datasources"],
  "datasources",
).map((d) => asRecord(d, "datasource"));

describe("grafana/dashboards/loyalty-overview.json", () => {
  it("is a dashboard with a stable uid and unique panel ids", () => {
    expect(dashboard.uid).toBe("loyalty-overview");
    const ids = panels.map((p) => p.id);
    expect(ids.every((id) => Number.isInteger(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("queries the provisioned Prometheus data source from every panel", () => {
    const uids = new Set(datasources.map((d) => d["uid"]));
    for (const panel of panels.filter((p) => p.type !== "row")) {
      expect(panel.datasource?.type, panel.title).toBe("prometheus");
      expect(uids.has(panel.datasource?.uid), panel.title).toBe(true);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
  });

  it("reads only metrics the services register", () => {
    const known = new Set(allMetricNames());
    for (const { panel, expr } of queries) {
      for (const name of metricNamesIn(expr)) {
        if (name === "up" || name.startsWith("process_") || name.startsWith("nodejs_")) continue;
        expect(known.has(baseMetricName(name)), `${panel} reads ${name}`).toBe(true);
      }
    }
  });

  it("shows ingest, outcomes, lag, pending, DLQ, rule and commit latency and webhook success", () => {
    const read = new Set(queries.flatMap(({ expr }) => metricNamesIn(expr).map(baseMetricName)));
    for (const metric of [
      "loyalty_ingest_webhooks_total",
      "loyalty_ingest_duration_seconds",
      "loyalty_events_processed_total",
      "loyalty_stream_lag",
      "loyalty_stream_pending",
      "loyalty_dlq_depth",
      "loyalty_rule_evaluation_seconds",
      "loyalty_batch_commit_seconds",
      "loyalty_webhook_deliveries_total",
    ]) {
      expect(read.has(metric), metric).toBe(true);
    }
    const all = queries.map((q) => q.expr).join("\n");
    expect(all).toContain(
      "histogram_quantile(0.99, sum by (le) (rate(loyalty_ingest_duration_seconds_bucket",
    );
    for (const metric of ["loyalty_rule_evaluation_seconds", "loyalty_batch_commit_seconds"]) {
      expect(all).toContain(`histogram_quantile(0.5, sum by (le) (rate(${metric}_bucket`);
      expect(all).toContain(`histogram_quantile(0.95, sum by (le) (rate(${metric}_bucket`);
    }
  });
});

describe("grafana/provisioning", () => {
  it("provisions Prometheus at its Compose address", () => {
    expect(datasources).toEqual([
      expect.objectContaining({ type: "prometheus", url: "http://prometheus:9090" }),
    ]);
  });

  it("loads dashboards from the folder Compose mounts them into", () => {
    const providers = asArray(
      asRecord(readYaml("grafana/provisioning/dashboards/loyalty.yml"), "dashboards")["providers"],
      "providers",
    );
    expect(providers).toEqual([
      expect.objectContaining({
        type: "file",
        options: expect.objectContaining({ path: "/etc/grafana/dashboards" }),
      }),
    ]);
  });
});
