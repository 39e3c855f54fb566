import { loadTiers, simulateEvent } from "@loyalty/db";
import { unprocessableEntity } from "@loyalty/platform";
import type { StoredRule } from "@loyalty/rules";
import type { FastifyPluginAsync } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { QueryDeps } from "../../deps.ts";
import { bodyParsedByHandler } from "../../http/body-parsed-by-handler.ts";
import { API_KEY_SECURITY } from "../../http/docs.ts";
import { errorResponses } from "../../http/error-responses.ts";
import { parseRuleBody } from "./rule-input.ts";
import { SimulateBody, SimulateResult } from "./schemas.ts";
import { parseSimulateBody } from "./simulate-input.ts";

export const simulateRoute: FastifyPluginAsync<QueryDeps> = async (fastify, deps) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    "/rules/simulate",
    {
      validatorCompiler: bodyParsedByHandler,
      schema: {
        tags: ["rules"],
        security: API_KEY_SECURITY,
        summary: "What the rules would award for an event, writing nothing",
        description:
          "Evaluates the event against the shop's saved active rules (or the draft `rules`) with the " +
          "customer's current state, exactly as the processor would if it received the event now " +
          "(ordersCount counts the order if it is new, the tier multiplier is the current tier's). " +
          "Per-order once-only is not applied: an order already awarded still shows what its rules decide.",
        body: SimulateBody,
        response: { 200: SimulateResult, ...errorResponses(400, 401, 422, 429) },
      },
    },
    async (request) => {
      const { event, rules } = parseSimulateBody(request.body, {
        shop: request.shop,
        now: deps.now(),
        requestId: request.id,
      });
      const drafts = rules === undefined ? undefined : await draftRules(rules, request.shop);
      // The primary, not the replica: a merchant simulates right after saving a rule.
      const result = await simulateEvent(deps.sql, event, {
        rules: drafts,
        now: deps.now(),
        logger: request.log,
      });
      if (!result.ok) {
        // The event's own problem (a refund of an order never seen, a rule that throws) is the
        // caller's to fix: 422 with the ledger's or the rule engine's code.
        const { code, message, details } = result.error;
        throw unprocessableEntity(code, message, details);
      }
      return { ...result.evaluation, facts: result.facts as Record<string, unknown> | null };
    },
  );

  async function draftRules(input: unknown[], shop: string): Promise<StoredRule[]> {
    const knownTiers = (await loadTiers(deps.sql, shop)).map((tier) => tier.key);
    const definitions = parseRuleBody(input, knownTiers, { prefix: "$.rules" });
    return definitions.map((definition, index) => ({ id: `draft-${index}`, version: 0, definition }));
  }
};
