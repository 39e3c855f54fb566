import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";

/**
 * CORS only when CORS_ORIGINS is set: the API is called server to server (and the
 * storefront through Shopify's App Proxy, same origin), so by default browsers get no
 * cross-origin access at all. Credentials stay off: the bearer key is sent explicitly.
 */
export async function registerCors(app: FastifyInstance, origins: string[] | undefined): Promise<void> {
  if (origins === undefined || origins.length === 0) return;
  await app.register(cors, {
    origin: origins.length === 1 && origins[0] === "*" ? "*" : origins,
    methods: ["GET", "POST", "PUT", "DELETE"],
    allowedHeaders: ["authorization", "content-type", "x-request-id"],
    exposedHeaders: [
      "x-request-id",
      "idempotent-replayed",
      "x-ratelimit-limit",
      "x-ratelimit-remaining",
      "retry-after",
    ],
    maxAge: 600,
  });
}
