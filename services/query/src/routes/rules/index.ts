import type { FastifyPluginAsync } from "fastify";
import type { QueryDeps } from "../../deps.ts";
import { ruleReadRoutes } from "./read-routes.ts";
import { simulateRoute } from "./simulate-route.ts";
import { ruleWriteRoutes } from "./write-routes.ts";

/**
 * `/rules…` of the admin API (CONTRACT.md "Query API"). Registered inside the API-key scope
 * with prefix `/v1`: `request.shop` is the key's shop, and every query is scoped to it, so
 * another shop's rule id answers 404 like an unknown one.
 */
export const rulesRoutes: FastifyPluginAsync<QueryDeps> = async (app, deps) => {
  await app.register(ruleReadRoutes, deps);
  await app.register(ruleWriteRoutes, deps);
  await app.register(simulateRoute, deps);
};
