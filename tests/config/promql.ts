/**
 * The metric names a PromQL expression reads. Hand-written because no maintained PromQL parser
 * is in our dependency set, and this only has to cover the expressions in our own alert rules
 * and dashboards (promtool and Grafana check the syntax itself).
 */
const KEYWORDS = new Set([
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "and",
  "or",
  "unless",
  "bool",
  "offset",
  "inf",
  "nan",
]);

const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count"] as const;

export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    // String literals (label values, label_replace arguments) are never metric names.
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    // Label matchers and range or subquery selectors hold label names and durations.
    .replace(/\{[^}]*\}/g, "")
    .replace(/\[[^\]]*\]/g, "")
    // Grouping clauses list label names: sum by (le), on (instance), group_left (service).
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, "");
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w.$:])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\w:]|\s*\()/g)) {
    const name = match[0];
    if (!KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names].sort();
}

/** `loyalty_x_seconds_bucket` → `loyalty_x_seconds`: histograms are registered by base name. */
export function baseMetricName(name: string): string {
  for (const suffix of HISTOGRAM_SUFFIXES) {
    if (name.endsWith(suffix)) return name.slice(0, -suffix.length);
  }
  return name;
}
