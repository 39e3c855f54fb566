/*
 * Histogram buckets in seconds, chosen around each measurement's expected range and the
 * thresholds alerts use (a bucket edge at 1 s for "p95 processing > 1 s").
 */

/** An HTTP route that answers in a few milliseconds; 5 s is where Shopify gives up. */
export const FAST_ROUTE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** Work per event or per batch: milliseconds normally, seconds under lock contention. */
export const PROCESSING_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** In-memory rule evaluation: tens of microseconds to a few milliseconds. */
export const RULE_EVALUATION_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1,
];

/** Outbound HTTP to merchant endpoints, up to the default 5 s timeout and a little past. */
export const OUTBOUND_HTTP_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
