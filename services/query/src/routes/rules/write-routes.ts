import { isLoyaltyError } from "@loyalty/core";
import { archiveRule, createRules, loadTiers, RuleNameTakenError, updateRule } from "@loyalty/db";
import { conflict } from "@loyalty/platform";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { QueryDeps } from "../../deps.ts";
import { bodyParsedByHandler } from "../../http/body-parsed-by-handler.ts";
import { API_KEY_SECURITY } from "../../http/docs.ts";
import { errorResponses } from "../../http/error-responses.ts";
import { ruleNotFound } from "./read-routes.ts";
import { nameTakenError, parseRuleBody, parseSingleRule } from "./rule-input.ts";
import { toRuleView } from "./rule-view.ts";
import { RuleDefinitionDoc, RuleFileDoc, RuleIdParams, RuleView } from "./schemas.ts";

export const ruleWriteRoutes: FastifyPluginAsync<QueryDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const tierKeys = async (shop: string) => (await loadTiers(deps.sql, shop)).map((tier) => tier.key);

  app.post(
    "/rules",
    {
      validatorCompiler: bodyParsedByHandler,
      schema: {
        tags: ["rules"],
        security: API_KEY_SECURITY,
        summary: "Create one rule or an array of rules (each at version 1)",
        description:
          "400 `invalid_rule` lists every mistake with its JSON path; 409 `rule_name_taken` when a " +
          "rule that is not archived has the name. An array is created all or nothing.",
        body: RuleFileDoc,
        response: { 201: z.union([RuleView, z.array(RuleView)]), ...errorResponses(400, 401, 409, 429) },
      },
    },
    async (request, reply) => {
      const body: unknown = request.body;
      const definitions = parseRuleBody(body, await tierKeys(request.shop));
      try {
        const created = (await createRules(deps.sql, request.shop, definitions)).map(toRuleView);
        return reply.code(201).send(Array.isArray(body) ? created : created[0]!);
      } catch (error) {
        if (error instanceof RuleNameTakenError) throw nameTakenError(error.details, Array.isArray(body));
        throw error;
      }
    },
  );

  app.put(
    "/rules/:id",
    {
      validatorCompiler: bodyParsedByHandler,
      schema: {
        tags: ["rules"],
        security: API_KEY_SECURITY,
        summary: "Replace a rule's definition: writes its next immutable version and points the rule at it",
        description: "The same definition again writes no version (PUT is idempotent).",
        params: RuleIdParams,
        body: RuleDefinitionDoc,
        response: { 200: RuleView, ...errorResponses(400, 401, 404, 409, 429) },
      },
    },
    async (request) => {
      const body: unknown = request.body;
      const definition = parseSingleRule(body, await tierKeys(request.shop));
      try {
        const updated = await updateRule(deps.sql, request.shop, request.params.id, definition);
        if (!updated) throw ruleNotFound();
        return toRuleView(updated.rule);
      } catch (error) {
        if (error instanceof RuleNameTakenError) throw nameTakenError(error.details, false);
        if (isLoyaltyError(error, "rule_archived"))
          throw conflict(error.code, "This rule is archived; create a new rule instead.");
        throw error;
      }
    },
  );

  app.delete(
    "/rules/:id",
    {
      schema: {
        tags: ["rules"],
        security: API_KEY_SECURITY,
        summary: "Archive a rule: it is no longer evaluated and its name is free again (versions are kept)",
        params: RuleIdParams,
        response: { 204: z.null().describe("Archived"), ...errorResponses(401, 404, 429) },
      },
    },
    async (request, reply) => {
      if (!(await archiveRule(deps.sql, request.shop, request.params.id))) throw ruleNotFound();
      return reply.code(204).send(null);
    },
  );
};
