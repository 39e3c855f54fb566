import { TierList } from "@loyalty/core";
import { loadTiers, replaceTiers, type TiersCache } from "@loyalty/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { QueryDeps } from "../deps.ts";
import { API_KEY_SECURITY } from "../http/docs.ts";
import { errorResponses } from "../http/error-responses.ts";

const StoredTier = z.object({
  key: z.string(),
  name: z.string(),
  level: z.number().int(),
  minPoints: z.number().int().describe("Threshold on lifetime points"),
  multiplier: z.number().describe("Applied to rate actions while the customer holds this tier"),
});

const schema = { tags: ["tiers"], security: API_KEY_SECURITY };

export interface TierRoutesOptions extends QueryDeps {
  /** Forgotten for the shop on PUT, so this replica answers the new tiers at once (others within its TTL). */
  tiers: TiersCache;
}

/** GET|PUT /tiers: the shop's tiers file, read and replaced whole (mounted under /v1). */
export const tierRoutes: FastifyPluginAsyncZod<TierRoutesOptions> = async (app, deps) => {
  app.get(
    "/tiers",
    {
      schema: {
        ...schema,
        summary: "The shop's tiers, by level",
        response: { 200: z.array(StoredTier), ...errorResponses(401, 429) },
      },
    },
    async (request) => loadTiers(deps.readSql, request.shop),
  );

  app.put(
    "/tiers",
    {
      schema: {
        ...schema,
        summary: "Replace the shop's tiers (the tiers file); customers move to their new tiers at once",
        body: TierList,
        response: { 200: z.array(StoredTier), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      await replaceTiers(deps.sql, request.shop, request.body);
      deps.tiers.invalidate(request.shop);
      return loadTiers(deps.sql, request.shop);
    },
  );
};
