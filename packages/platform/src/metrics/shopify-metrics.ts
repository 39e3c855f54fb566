import { Counter, Histogram, type Registry } from "prom-client";
import { OUTBOUND_HTTP_BUCKETS } from "./buckets.ts";

/**
 * `ok`, `user_errors` (Shopify refused the input: permanent), `throttled`, `unauthorized`,
 * `graphql_error` (the document or a field failed), `unreachable` (network, timeout, 5xx).
 */
export type ShopifyRequestOutcome =
  | "ok"
  | "user_errors"
  | "throttled"
  | "unauthorized"
  | "graphql_error"
  | "unreachable";

/** Calls to the Shopify Admin API (packages/shopify-admin) and what redemptions became. */
export class ShopifyMetrics {
  /** Admin API requests by operation (`discountCodeBasicCreate`, `orders`, …) and outcome. */
  readonly requestsTotal: Counter<"operation" | "outcome">;
  /** Time of one Admin API request, in seconds. */
  readonly requestSeconds: Histogram;
  /** Redemptions by reward kind and the status they reached (pending, issued, failed, used, cancelled). */
  readonly redemptionsTotal: Counter<"kind" | "status">;

  constructor(options: { register: Registry }) {
    this.requestsTotal = new Counter({
      name: "loyalty_shopify_requests_total",
      help: "Shopify Admin API requests, by operation and outcome",
      labelNames: ["operation", "outcome"],
      registers: [options.register],
    });
    this.requestSeconds = new Histogram({
      name: "loyalty_shopify_request_seconds",
      help: "Time of one Shopify Admin API request, in seconds",
      buckets: OUTBOUND_HTTP_BUCKETS,
      registers: [options.register],
    });
    this.redemptionsTotal = new Counter({
      name: "loyalty_redemptions_total",
      help: "Redemptions by reward kind and status reached",
      labelNames: ["kind", "status"],
      registers: [options.register],
    });
  }
}
