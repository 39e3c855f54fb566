import { readFileSync } from "node:fs";
import { LoyaltyError } from "@loyalty/core";
import { parse } from "yaml";
import type { PromSample } from "./prom-text.ts";

export interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
}

interface RuleFile {
  groups?: Array<{ rules?: AlertRule[] }>;
}

/** The named alert from a Prometheus rule file (prometheus/alerts.yml). */
export function loadAlertRule(file: string, alert: string): AlertRule {
  const rules = (parse(readFileSync(file, "utf8")) as RuleFile).groups?.flatMap((group) => group.rules ?? []);
  const rule = rules?.find((candidate) => candidate.alert === alert);
  if (!rule) throw new LoyaltyError("alert_not_found", `no alert ${alert} in ${file}`);
  return rule;
}

const AGGREGATIONS = {
  max: (values: number[]) => Math.max(...values),
  min: (values: number[]) => Math.min(...values),
  sum: (values: number[]) => values.reduce((a, b) => a + b, 0),
  avg: (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length,
  count: (values: number[]) => values.length,
} as const;

const COMPARISONS = {
  ">": (a: number, b: number) => a > b,
  ">=": (a: number, b: number) => a >= b,
  "<": (a: number, b: number) => a < b,
  "<=": (a: number, b: number) => a <= b,
  "==": (a: number, b: number) => a === b,
  "!=": (a: number, b: number) => a !== b,
} as const;

// `<agg> by (<labels>) (<metric>) <op> <number>`: the one shape this drill's alert has.
const THRESHOLD_EXPR =
  /^\s*(max|min|sum|avg|count)\s+by\s*\(([^)]*)\)\s*\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\)\s*(>=|<=|==|!=|>|<)\s*([0-9.eE+-]+)\s*$/;

export interface SeriesResult {
  labels: Record<string, string>;
  value: number;
  /** The expression's condition holds for this series (the alert is pending, then fires after `for`). */
  active: boolean;
}

export interface Evaluation {
  metric: string;
  threshold: number;
  operator: string;
  series: SeriesResult[];
}

/**
 * Evaluates a threshold alert expression against scraped samples, as Prometheus would at one
 * instant. Hand-written for that single shape (promtool can check and unit-test rules, not
 * query a live target); any other expression is refused rather than misread.
 */
export function evaluateThreshold(expr: string, samples: readonly PromSample[]): Evaluation {
  const match = THRESHOLD_EXPR.exec(expr);
  if (!match) {
    throw new LoyaltyError(
      "unsupported_expression",
      `the drill only evaluates "<agg> by (labels) (metric) <op> <number>", got: ${expr}`,
    );
  }
  const [, aggregation, byList, metric, operator, thresholdText] = match;
  const aggregate = AGGREGATIONS[aggregation as keyof typeof AGGREGATIONS];
  const compare = COMPARISONS[operator as keyof typeof COMPARISONS];
  const by = byList!
    .split(",")
    .map((label) => label.trim())
    .filter(Boolean);
  const threshold = Number(thresholdText);
  const groups = new Map<string, { labels: Record<string, string>; values: number[] }>();
  for (const sample of samples) {
    if (sample.name !== metric) continue;
    const labels = Object.fromEntries(by.map((label) => [label, sample.labels[label] ?? ""]));
    const key = JSON.stringify(labels);
    const group = groups.get(key) ?? { labels, values: [] };
    group.values.push(sample.value);
    groups.set(key, group);
  }
  const series = [...groups.values()].map(({ labels, values }) => {
    const value = aggregate(values);
    return { labels, value, active: compare(value, threshold) };
  });
  return { metric: metric!, threshold, operator: operator!, series };
}
