import type { FastifyPluginAsync } from "fastify";
import type { QueryDeps } from "../../deps.ts";
import { graphqlRoute } from "./graphql/index.ts";
import { profileRoute } from "./profile-route.ts";

/**
 * The storefront API, reached by shoppers through the Shopify App Proxy: `POST /graphql`
 * and `GET /storefront/profile`. Registered at the root with no API key; each route checks
 * the App Proxy signature itself and takes shop and shopper from the signed query only.
 */
export const storefrontRoutes: FastifyPluginAsync<QueryDeps> = async (app, deps) => {
  // The query app may already declare `shop` for its API-key scope; a second declaration throws.
  if (!app.hasRequestDecorator("shop")) app.decorateRequest("shop", "");
  app.decorateRequest("storefrontCustomerId", null);
  await app.register(profileRoute, deps);
  await app.register(graphqlRoute, deps);
};
