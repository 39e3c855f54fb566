import {
  CombinesWith,
  listRewards,
  parseRewardFile,
  RewardFile,
  rewardKind,
  upsertRewards,
} from "@loyalty/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { QueryDeps } from "../deps.ts";
import { bodyParsedByHandler } from "../http/body-parsed-by-handler.ts";
import { API_KEY_SECURITY } from "../http/docs.ts";
import { errorResponses } from "../http/error-responses.ts";

const StoredReward = z.object({
  key: z.string().describe("What `rewardId` refers to"),
  name: z.string(),
  costPoints: z.number().int(),
  kind: z.enum(rewardKind.enumValues),
  value: z
    .number()
    .nullable()
    .describe(
      "Shop currency for fixed_discount and store_credit, percent for percent_discount, highest shipping price covered for free_shipping (null: any)",
    ),
  expiresInDays: z
    .number()
    .int()
    .nullable()
    .describe("Days a code stays valid after it is issued (null: no end)"),
  minimumSubtotal: z
    .number()
    .nullable()
    .describe("Order subtotal the code needs, shop currency (null: none)"),
  combinesWith: CombinesWith.nullable().describe(
    "Shopify discount classes the code combines with (null: none)",
  ),
  active: z.boolean(),
});

const schema = { tags: ["rewards"], security: API_KEY_SECURITY };

/** GET|POST /rewards (mounted under /v1). */
export const rewardRoutes: FastifyPluginAsyncZod<QueryDeps> = async (app, deps) => {
  app.get(
    "/rewards",
    {
      schema: {
        ...schema,
        summary: "The shop's rewards, active and inactive, cheapest first",
        response: { 200: z.array(StoredReward), ...errorResponses(401, 429) },
      },
    },
    async (request) => listRewards(deps.readSql, request.shop),
  );

  app.post(
    "/rewards",
    {
      validatorCompiler: bodyParsedByHandler,
      schema: {
        ...schema,
        summary: "Create or update rewards by key: one reward or an array (the rewards file)",
        description: "Send `active: false` to stop a reward being redeemed; it stays listed.",
        body: RewardFile,
        response: { 200: z.array(StoredReward), ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => upsertRewards(deps.sql, request.shop, parseRewardFile(request.body)),
  );
};
