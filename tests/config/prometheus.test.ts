import { allMetricNames } from "@loyalty/platform";
import { describe, expect, it } from "vitest";
import { asArray, asRecord, readText, readYaml } from "./files.ts";
import { headingAnchors } from "./markdown.ts";
import { baseMetricName, metricNamesIn } from "./promql.ts";

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const config = asRecord(readYaml("prometheus/prometheus.yml"), "prometheus.yml");
const scrapeConfigs = asArray(config["scrape_configs"], "scrape_configs").map((c) =>
  asRecord(c, "scrape config"),
);
const alertsFile = asRecord(readYaml("prometheus/alerts.yml"), "alerts.yml");
const rules = asArray(alertsFile["groups"], "groups").flatMap(
  (group) => asArray(asRecord(group, "group")["rules"], "rules") as Rule[],
);

/** Series Prometheus or prom-client's default collectors provide, not our registry. */
function isExternalMetric(name: string): boolean {
  return name === "up" || name.startsWith("process_") || name.startsWith("nodejs_");
}

describe("prometheus/prometheus.yml", () => {
  it("scrapes the four services at their Compose names and ports", () => {
    const targets = Object.fromEntries(
      scrapeConfigs.map((job) => {
        const statics = (job["static_configs"] as { targets: string[] }[] | undefined)?.flatMap(
          (s) => s.targets,
        );
        const dns = (job["dns_sd_configs"] as { names: string[]; port: number }[] | undefined)?.flatMap((d) =>
          d.names.map((n) => `${n}:${d.port}`),
        );
        return [String(job["job_name"]), [...(statics ?? []), ...(dns ?? [])]];
      }),
    );
    expect(targets).toEqual({
      ingest: ["ingest:3000"],
      query: ["query:3001"],
      processor: ["processor:9101"],
      dispatcher: ["dispatcher:9102"],
    });
  });

  it("loads the alert rules file that sits beside it", () => {
    expect(config["rule_files"]).toEqual(["alerts.yml"]);
  });
});

describe("prometheus/alerts.yml", () => {
  const operations = headingAnchors(readText("docs/operations.md"));

  it("covers lag, DLQ growth, error rate, slow processing, webhook failures, ingest 5xx and down targets", () => {
    expect(rules.map((r) => r.alert).sort()).toEqual([
      "LoyaltyDLQGrowing",
      "LoyaltyEventErrorRateHigh",
      "LoyaltyEventProcessingSlow",
      "LoyaltyIngestErrors",
      "LoyaltyStreamLagHigh",
      "LoyaltyTargetDown",
      "LoyaltyWebhookFailureRateHigh",
    ]);
  });

  it("gives every alert a severity, a summary, a description and a runbook section that exists", () => {
    for (const rule of rules) {
      expect(["warning", "critical"], rule.alert).toContain(rule.labels?.["severity"]);
      expect(rule.annotations?.["summary"], rule.alert).toBeTruthy();
      expect(rule.annotations?.["description"], rule.alert).toBeTruthy();
      const runbook = rule.annotations?.["runbook_url"] ?? "";
      expect(runbook, rule.alert).toBe(`docs/operations.md#${rule.alert.toLowerCase()}`);
      expect(operations.has(rule.alert.toLowerCase()), `runbook section for ${rule.alert}`).toBe(true);
    }
  });

  it("reads only metrics the services register", () => {
    const known = new Set(allMetricNames());
    for (const rule of rules) {
      const names = metricNamesIn(rule.expr);
      expect(names.length, rule.alert).toBeGreaterThan(0);
      for (const name of names.filter((n) => !isExternalMetric(n))) {
        expect(known.has(baseMetricName(name)), `${rule.alert} reads ${name}`).toBe(true);
      }
    }
  });

  it("has a promtool unit test for every alert", () => {
    const tests = asRecord(readYaml("prometheus/alerts.test.yml"), "alerts.test.yml");
    const tested = asArray(tests["tests"], "tests").flatMap((t) =>
      asArray(asRecord(t, "test")["alert_rule_test"], "alert_rule_test").map(
        (a) => asRecord(a, "alert test") as { alertname: string; exp_alerts: unknown[] },
      ),
    );
    for (const rule of rules) {
      const cases = tested.filter((t) => t.alertname === rule.alert);
      expect(
        cases.some((c) => c.exp_alerts.length > 0),
        `${rule.alert} shown firing`,
      ).toBe(true);
      expect(
        cases.some((c) => c.exp_alerts.length === 0),
        `${rule.alert} shown silent`,
      ).toBe(true);
    }
  });
});
