import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { createJsonSchemaTransform } from "fastify-type-provider-zod";

export const DOCS_PREFIX = "/docs";

/** Route tags, in the order the UI shows them. */
const TAGS = [
  { name: "customers", description: "Balances, history and redemptions (API key)." },
  { name: "rules", description: "Earning rules (API key)." },
  { name: "tiers", description: "Tier thresholds (API key)." },
  { name: "rewards", description: "What points buy (API key)." },
  { name: "webhook-endpoints", description: "Outbound webhook subscriptions (API key)." },
  { name: "storefront", description: "Shopify App Proxy routes (signed by Shopify)." },
  { name: "ops", description: "Streams and dead letters (OPS_TOKEN)." },
];

/**
 * OpenAPI from the routes' zod schemas (the single source of truth) at GET /docs/json, and
 * Swagger UI at GET /docs. Must be registered before any route: @fastify/swagger collects
 * routes in an onRoute hook.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Loyalty Streams query API",
        description:
          "Read, admin and storefront API. Every /v1 route except /v1/ops takes `Authorization: Bearer <api key>`; the key fixes the shop. Errors are `{error, message, details}`.",
        version: "1.0.0",
      },
      tags: TAGS,
      components: {
        securitySchemes: {
          apiKey: {
            type: "http",
            scheme: "bearer",
            description: "A shop's API key (`loyalty keys create`).",
          },
          opsToken: { type: "http", scheme: "bearer", description: "The OPS_TOKEN of the deployment." },
        },
      },
    },
    transform: createJsonSchemaTransform({
      skipList: [DOCS_PREFIX, `${DOCS_PREFIX}/`, `${DOCS_PREFIX}/json`, `${DOCS_PREFIX}/yaml`],
    }),
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
}

export const API_KEY_SECURITY = [{ apiKey: [] }];
export const OPS_SECURITY = [{ opsToken: [] }];
