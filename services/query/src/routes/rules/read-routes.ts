import { getRule, listRules, listRuleVersions } from "@loyalty/db";
import { notFound } from "@loyalty/platform";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { QueryDeps } from "../../deps.ts";
import { API_KEY_SECURITY } from "../../http/docs.ts";
import { errorResponses } from "../../http/error-responses.ts";
import { toRuleView, toVersionView } from "./rule-view.ts";
import { RuleIdParams, RuleList, RuleListQuery, RuleVersionList, RuleView } from "./schemas.ts";

export const ruleNotFound = () => notFound("rule_not_found", "No such rule in this shop.");

const STATUSES = {
  all: ["active", "paused", "archived"],
  active: ["active"],
  paused: ["paused"],
  archived: ["archived"],
} as const;

/**
 * Reads go to the primary (`sql`), not the replica: a merchant reads a rule right after
 * writing it, and replica lag would show the old version. Rule admin traffic is tiny.
 */
export const ruleReadRoutes: FastifyPluginAsync<QueryDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/rules",
    {
      schema: {
        tags: ["rules"],
        security: API_KEY_SECURITY,
        summary: "The shop's rules at their current versions, highest priority first",
        querystring: RuleListQuery,
        response: { 200: RuleList, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      const { status } = request.query;
      const rules = await listRules(deps.sql, request.shop, status ? { statuses: STATUSES[status] } : {});
      return { items: rules.map(toRuleView) };
    },
  );

  app.get(
    "/rules/:id",
    {
      schema: {
        tags: ["rules"],
        security: API_KEY_SECURITY,
        summary: "One rule with its current definition",
        params: RuleIdParams,
        response: { 200: RuleView, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const rule = await getRule(deps.sql, request.shop, request.params.id);
      if (!rule) throw ruleNotFound();
      return toRuleView(rule);
    },
  );

  app.get(
    "/rules/:id/versions",
    {
      schema: {
        tags: ["rules"],
        security: API_KEY_SECURITY,
        summary: "Every immutable version of a rule, newest first",
        params: RuleIdParams,
        response: { 200: RuleVersionList, ...errorResponses(401, 404, 429) },
      },
    },
    async (request) => {
      const versions = await listRuleVersions(deps.sql, request.shop, request.params.id);
      if (!versions) throw ruleNotFound();
      return { items: versions.map((version) => toVersionView(request.params.id, version)) };
    },
  );
};
