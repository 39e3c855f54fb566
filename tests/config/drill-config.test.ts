import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  DRILL_TIMINGS,
  drillAlertmanagerConfig,
  drillAlertRules,
  drillPrometheusConfig,
} from "../../scripts/drill/drill-config.ts";
import { readText } from "./files.ts";

type Rules = { groups: { name: string; rules: Record<string, unknown>[] }[] };
type Route = { receiver?: string; group_wait?: string; routes?: Route[]; [key: string]: unknown };

const withoutFor = (rule: Record<string, unknown>) => {
  const { for: _for, ...rest } = rule;
  return rest;
};

describe("the drills' copies of the repository's monitoring files", () => {
  it("alerts.yml: only `for:` is shortened; every expression, label and annotation stays", () => {
    const original = parse(readText("prometheus/alerts.yml")) as Rules;
    const copy = parse(drillAlertRules(readText("prometheus/alerts.yml"))) as Rules;
    expect(copy.groups.map((g) => g.name)).toEqual(original.groups.map((g) => g.name));
    const originalRules = original.groups.flatMap((g) => g.rules);
    const copiedRules = copy.groups.flatMap((g) => g.rules);
    expect(copiedRules.map(withoutFor)).toEqual(originalRules.map(withoutFor));
    for (const [i, rule] of copiedRules.entries()) {
      expect(rule["for"], String(rule["alert"])).toBe(
        originalRules[i]!["for"] === undefined ? undefined : DRILL_TIMINGS.alertFor,
      );
    }
  });

  it("prometheus.yml: the same jobs on loopback targets, the same rule file, alerts to the drill's Alertmanager", () => {
    const original = parse(readText("prometheus/prometheus.yml")) as Record<string, unknown>;
    const copy = parse(
      drillPrometheusConfig(readText("prometheus/prometheus.yml"), {
        targets: { ingest: ["127.0.0.1:4000"], processor: ["127.0.0.1:4001", "127.0.0.1:4002"] },
        alertmanager: "127.0.0.1:4003",
      }),
    ) as Record<string, unknown>;
    expect(copy["rule_files"]).toEqual(original["rule_files"]);
    expect(copy["global"]).toEqual({
      ...(original["global"] as object),
      scrape_interval: DRILL_TIMINGS.interval,
      scrape_timeout: DRILL_TIMINGS.interval,
      evaluation_interval: DRILL_TIMINGS.interval,
    });
    expect(copy["scrape_configs"]).toEqual([
      { job_name: "ingest", static_configs: [{ targets: ["127.0.0.1:4000"] }] },
      { job_name: "processor", static_configs: [{ targets: ["127.0.0.1:4001", "127.0.0.1:4002"] }] },
    ]);
    expect(copy["alerting"]).toEqual({
      alertmanagers: [{ static_configs: [{ targets: ["127.0.0.1:4003"] }] }],
    });
  });

  it("refuses a target for a job the repository does not scrape", () => {
    expect(() =>
      drillPrometheusConfig(readText("prometheus/prometheus.yml"), {
        targets: { exporter: ["127.0.0.1:4000"] },
        alertmanager: "127.0.0.1:4003",
      }),
    ).toThrow(/no job exporter/);
  });

  it("alertmanager.yml: the same routing tree and receiver names, delivering to the drill's receiver", () => {
    const original = parse(readText("prometheus/alertmanager.yml")) as {
      route: Route;
      receivers: { name: string }[];
    };
    const copy = parse(
      drillAlertmanagerConfig(readText("prometheus/alertmanager.yml"), {
        receiverUrl: "http://127.0.0.1:4004/alerts",
      }),
    ) as { route: Route; receivers: unknown[] };
    const shape = (route: Route): unknown => {
      const { group_wait: _w, group_interval: _i, repeat_interval: _r, routes, ...rest } = route;
      return { ...rest, routes: (routes ?? []).map(shape) };
    };
    expect(shape(copy.route)).toEqual(shape(original.route));
    expect(copy.route.group_wait).toBe(DRILL_TIMINGS.groupWait);
    expect(copy.receivers).toEqual(
      original.receivers.map((r) => ({
        name: r.name,
        webhook_configs: [{ url: "http://127.0.0.1:4004/alerts", send_resolved: true }],
      })),
    );
  });
});
