export * from "./all-metric-names.ts";
export * from "./buckets.ts";
export * from "./ingest-metrics.ts";
export * from "./processor-metrics.ts";
export * from "./registry.ts";
export * from "./stream-metrics.ts";
export * from "./webhook-metrics.ts";
