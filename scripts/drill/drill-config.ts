import { LoyaltyError } from "@loyalty/core";
import { parse, stringify } from "yaml";

/*
 * Drill copies of the repository's own Prometheus and Alertmanager files. A drill must exercise
 * the rules and routing an SRE deploys, so a copy changes only what cannot stay (where the
 * targets, Alertmanager and the receiver listen: free loopback ports) and what would make a
 * drill take an hour (`for:` and the scrape, evaluation and notification intervals). Every
 * expression, label, annotation, grouping and route stays as it is; tests/config checks that.
 * Pure functions over the files' text, so they are tested without starting anything.
 */

export interface DrillTimings {
  /** Scrape and rule evaluation interval (the repository uses 15 s). */
  interval: string;
  /** Replaces every alert's `for:` (the lag alert's is 5 m). */
  alertFor: string;
  /** Alertmanager's group_wait, group_interval (30 s, 5 m) and repeat_interval (4 h, 1 h). */
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}

export const DRILL_TIMINGS: DrillTimings = {
  interval: "1s",
  alertFor: "10s",
  groupWait: "1s",
  groupInterval: "1s",
  repeatInterval: "1h",
};

type YamlMap = Record<string, unknown>;

function asMap(value: unknown, what: string): YamlMap {
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw new LoyaltyError("drill_bad_config", `${what} is not a mapping`);
  return value as YamlMap;
}

function asList(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new LoyaltyError("drill_bad_config", `${what} is not a list`);
  return value;
}

/** alerts.yml with every `for:` shortened; nothing else changes. */
export function drillAlertRules(text: string, timings: DrillTimings = DRILL_TIMINGS): string {
  const file = asMap(parse(text), "alerts.yml");
  for (const group of asList(file["groups"], "groups")) {
    for (const rule of asList(asMap(group, "group")["rules"], "rules")) {
      const map = asMap(rule, "rule");
      if ("for" in map) map["for"] = timings.alertFor;
    }
  }
  return stringify(file);
}

/**
 * prometheus.yml scraping the drill's processes: each job keeps its name and settings, its
 * service discovery becomes the given loopback targets; jobs the drill does not run are left
 * out. Alerts go to the drill's Alertmanager; rule_files stay (the copy of alerts.yml sits
 * beside the copy of this file).
 */
export function drillPrometheusConfig(
  text: string,
  options: { targets: Record<string, string[]>; alertmanager: string; timings?: DrillTimings },
): string {
  const timings = options.timings ?? DRILL_TIMINGS;
  const config = asMap(parse(text), "prometheus.yml");
  const global = asMap(config["global"] ?? {}, "global");
  config["global"] = {
    ...global,
    scrape_interval: timings.interval,
    // A scrape may not outlast its interval.
    scrape_timeout: timings.interval,
    evaluation_interval: timings.interval,
  };
  const jobs = asList(config["scrape_configs"], "scrape_configs").map((job) => asMap(job, "scrape config"));
  for (const name of Object.keys(options.targets)) {
    if (!jobs.some((job) => job["job_name"] === name))
      throw new LoyaltyError("drill_bad_config", `prometheus.yml has no job ${name}`);
  }
  config["scrape_configs"] = jobs.flatMap((job) => {
    const targets = options.targets[String(job["job_name"])];
    if (!targets) return [];
    const { static_configs: _static, dns_sd_configs: _dns, ...rest } = job;
    return [{ ...rest, static_configs: [{ targets }] }];
  });
  const alerting = asMap(config["alerting"], "alerting");
  const managers = asList(alerting["alertmanagers"], "alerting.alertmanagers");
  if (managers.length === 0)
    throw new LoyaltyError("drill_bad_config", "prometheus.yml sends alerts nowhere");
  config["alerting"] = {
    ...alerting,
    alertmanagers: managers.map((manager) => ({
      ...asMap(manager, "alertmanager"),
      static_configs: [{ targets: [options.alertmanager] }],
    })),
  };
  return stringify(config);
}

/**
 * alertmanager.yml delivering to the drill's webhook receiver: every receiver keeps its name
 * (so the routing tree is the repository's) and gets one webhook config pointing at the
 * receiver, with resolved notifications on; the route's intervals are shortened.
 */
export function drillAlertmanagerConfig(
  text: string,
  options: { receiverUrl: string; timings?: DrillTimings },
): string {
  const timings = options.timings ?? DRILL_TIMINGS;
  const config = asMap(parse(text), "alertmanager.yml");
  shortenRoute(asMap(config["route"], "route"), timings, true);
  config["receivers"] = asList(config["receivers"], "receivers").map((receiver) => ({
    name: asMap(receiver, "receiver")["name"],
    webhook_configs: [{ url: options.receiverUrl, send_resolved: true }],
  }));
  return stringify(config);
}

/** The top route always gets the drill's intervals (its defaults are 30 s, 5 m, 4 h); a child only where it sets its own. */
function shortenRoute(route: YamlMap, timings: DrillTimings, top = false): void {
  const replacements = {
    group_wait: timings.groupWait,
    group_interval: timings.groupInterval,
    repeat_interval: timings.repeatInterval,
  };
  for (const [key, value] of Object.entries(replacements)) if (top || key in route) route[key] = value;
  for (const child of (route["routes"] as unknown[] | undefined) ?? [])
    shortenRoute(asMap(child, "route"), timings);
}
