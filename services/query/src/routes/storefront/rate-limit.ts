import type { FastifyRequest } from "fastify";
import type { QueryDeps } from "../../deps.ts";

/**
 * Per shopper, not per IP: every App Proxy request comes from Shopify's servers, so an IP
 * limit would throttle all shoppers of all shops together. Runs at preHandler, after the
 * signature check, so the key names a verified shop and customer.
 */
export function storefrontRateLimit(deps: QueryDeps) {
  return {
    max: deps.config.RATE_LIMIT_MAX,
    timeWindow: 60_000,
    hook: "preHandler" as const,
    keyGenerator: (request: FastifyRequest) =>
      `storefront:${request.shop}:${request.storefrontCustomerId ?? `anonymous:${request.ip}`}`,
  };
}
