import { isLoyaltyError } from "@loyalty/core";
import { unauthorized } from "@loyalty/platform";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { QueryDeps } from "../../deps.ts";
import { errorResponses } from "../../http/error-responses.ts";
import { authenticateStorefront, signInRequired } from "./app-proxy-auth.ts";
import { DEFAULT_TRANSACTIONS, LoyaltyProfile, loadLoyaltyProfile, MAX_TRANSACTIONS } from "./profile.ts";
import { AppProxyParams } from "./proxy-query.ts";
import { storefrontRateLimit } from "./rate-limit.ts";

const ProfileQuery = z.looseObject({
  ...AppProxyParams,
  limit: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_TRANSACTIONS)
    .default(DEFAULT_TRANSACTIONS)
    .describe("Recent transactions to include"),
});

/** `GET /storefront/profile`: the signed-in shopper's profile as JSON, for themes without GraphQL. */
export const profileRoute: FastifyPluginAsync<QueryDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.addHook("onRequest", async (request) => {
    try {
      authenticateStorefront(request, deps);
    } catch (error) {
      if (isLoyaltyError(error)) throw unauthorized(error.code, error.message, error.details);
      throw error;
    }
  });

  app.get(
    "/storefront/profile",
    {
      config: { rateLimit: storefrontRateLimit(deps) },
      schema: {
        tags: ["storefront"],
        summary: "The signed-in shopper's points, tier and recent transactions (Shopify App Proxy)",
        description:
          "Authenticated by the App Proxy signature, not an API key: the signed `shop` and " +
          "`logged_in_customer_id` decide whose profile this is. 401 `sign_in_required` when no shopper is signed in.",
        querystring: ProfileQuery,
        response: { 200: LoyaltyProfile, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const customerId = request.storefrontCustomerId;
      if (customerId === null) {
        const error = signInRequired();
        throw unauthorized(error.code, error.message);
      }
      return loadLoyaltyProfile(deps.readSql, request.shop, customerId, request.query.limit);
    },
  );
};
