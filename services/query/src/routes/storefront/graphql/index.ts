import type { FastifyPluginAsync } from "fastify";
import mercurius from "mercurius";
import type { QueryDeps } from "../../../deps.ts";
import { authenticateStorefront } from "../app-proxy-auth.ts";
import { storefrontRateLimit } from "../rate-limit.ts";
import { toGraphQLError } from "./errors.ts";
import { storefrontResolvers } from "./resolvers.ts";
import { STOREFRONT_SCHEMA } from "./schema.ts";

/**
 * `POST /graphql` (mercurius) for the storefront. A failed App Proxy check answers 401 in
 * GraphQL's shape (`errors[0].extensions.code`), since GraphQL clients read that shape.
 */
export const graphqlRoute: FastifyPluginAsync<QueryDeps> = async (app, deps) => {
  app.addHook("onRequest", async (request) => {
    try {
      authenticateStorefront(request, deps);
    } catch (error) {
      throw toGraphQLError(error, request.log, 401);
    }
  });

  await app.register(mercurius, {
    schema: STOREFRONT_SCHEMA,
    resolvers: storefrontResolvers,
    context: (request) => ({
      storefront: { shop: request.shop, customerId: request.storefrontCustomerId, deps, log: request.log },
    }),
    path: "/graphql",
    graphiql: false,
    // Requires a JSON (or application/graphql) body or a custom header: a cross-site form post
    // carrying the shopper's session through the proxy cannot redeem on their behalf.
    csrfPrevention: true,
    queryDepth: 6,
    additionalRouteOptions: {
      // Mercurius' own JSON schemas would go to the service's zod compilers; it validates
      // GraphQL requests itself, so the routes carry documentation only.
      schema: {
        tags: ["storefront"],
        summary: "Storefront GraphQL: loyaltyProfile, rewards, redeemReward (Shopify App Proxy)",
      },
      config: { rateLimit: storefrontRateLimit(deps) },
    },
  });
};
