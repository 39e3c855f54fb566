import { LoyaltyError } from "@loyalty/core";
import { findRedemption, RedemptionDetail, RedemptionView, toRedemptionDetail } from "@loyalty/db";
import { REDEMPTION_SERVICE_ERRORS } from "@loyalty/shopify-admin";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { QueryDeps } from "../deps.ts";
import { API_KEY_SECURITY } from "../http/docs.ts";
import { errorResponses } from "../http/error-responses.ts";

const tags = ["customers"];
const Params = z.object({ id: z.string().min(1).max(64) });

const notFound = (id: string) =>
  new LoyaltyError(REDEMPTION_SERVICE_ERRORS.notFound, `No redemption ${id} in this shop.`, [
    { redemptionId: id },
  ]);

/** GET /redemptions/:id and POST /redemptions/:id/cancel (mounted under /v1, behind the API key). */
export const redemptionRoutes: FastifyPluginAsyncZod<QueryDeps> = async (app, deps) => {
  app.get(
    "/redemptions/:id",
    {
      schema: {
        summary:
          "One redemption: its status (pending, issued, failed, used, cancelled), code and what became of it",
        tags,
        security: API_KEY_SECURITY,
        params: Params,
        response: { 200: RedemptionDetail, ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const row = await findRedemption(deps.readSql, request.shop, request.params.id);
      if (!row) throw notFound(request.params.id);
      return toRedemptionDetail(row);
    },
  );

  app.post(
    "/redemptions/:id/cancel",
    {
      schema: {
        summary: "Cancel an issued, unused code: Shopify deactivates it, then the points come back",
        description: `409 \`${REDEMPTION_SERVICE_ERRORS.notCancellable}\` unless the redemption is an issued discount code; cancelling twice answers the cancelled redemption.`,
        tags,
        security: API_KEY_SECURITY,
        params: Params,
        response: { 200: RedemptionView, ...errorResponses(400, 401, 404, 409, 429, 502, 503) },
      },
    },
    async (request) => deps.redemptions.cancel(request.shop, request.params.id),
  );
};
