import {
  AdjustmentResponse,
  adjustPoints,
  customerExists,
  customerLedger,
  customerSummary,
  RedemptionResponse,
  redeemReward,
  type TiersCache,
} from "@loyalty/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { QueryDeps } from "../../deps.ts";
import type { DiscountIssuer } from "../../discounts.ts";
import { badGateway } from "../../http/bad-gateway.ts";
import { API_KEY_SECURITY } from "../../http/docs.ts";
import { errorResponses } from "../../http/error-responses.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import { customerNotFound } from "./not-found.ts";
import {
  AdjustmentRequest,
  CustomerBalance,
  CustomerParams,
  RedemptionRequest,
  TransactionPage,
  TransactionsQuery,
} from "./schemas.ts";
import { tierView } from "./tier-view.ts";

export interface CustomerRoutesOptions extends QueryDeps {
  discounts: DiscountIssuer;
  /** The shop's tiers, cached briefly: they change rarely and every balance read needs them. */
  tiers: TiersCache;
}

const tags = ["customers"];

/** /customers/:customerId, its transactions and redemptions (mounted under /v1, behind the API key). */
export const customerRoutes: FastifyPluginAsyncZod<CustomerRoutesOptions> = async (app, deps) => {
  app.get(
    "/customers/:customerId",
    {
      schema: {
        summary: "A customer's balance, lifetime points and tier",
        tags,
        security: API_KEY_SECURITY,
        params: CustomerParams,
        response: { 200: CustomerBalance, ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const summary = await customerSummary(
        deps.readSql,
        request.shop,
        request.params.customerId,
        deps.tiers.tiersFor,
      );
      if (!summary) throw customerNotFound(request.params.customerId);
      return {
        customerId: summary.customerId,
        balance: summary.balance,
        lifetimePoints: summary.lifetimePoints,
        pendingPoints: summary.pendingPoints,
        expiringPoints: summary.expiringPoints,
        ...tierView(summary.tiers, summary.lifetimePoints, summary.tierKey),
      };
    },
  );

  app.get(
    "/customers/:customerId/transactions",
    {
      schema: {
        summary: "A customer's points history, newest first, paged by cursor",
        tags,
        security: API_KEY_SECURITY,
        params: CustomerParams,
        querystring: TransactionsQuery,
        response: { 200: TransactionPage, ...errorResponses(400, 401, 404, 429) },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const { limit, cursor } = request.query;
      const beforeId = cursor === undefined ? undefined : decodeCursor(cursor);
      // One row more than asked says whether an older page exists, without a count.
      const rows = await customerLedger(deps.readSql, request.shop, customerId, {
        limit: limit + 1,
        ...(beforeId === undefined ? {} : { beforeId }),
      });
      if (rows.length === 0 && !(await customerExists(deps.readSql, request.shop, customerId))) {
        throw customerNotFound(customerId);
      }
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => ({
          id: String(row.id),
          delta: row.delta,
          kind: row.kind,
          reason: row.reason,
          eventId: row.eventId,
          ruleId: row.ruleId,
          orderId: row.orderId,
          apiKeyId: row.apiKeyId,
          createdAt: row.createdAt,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },
  );

  app.post(
    "/customers/:customerId/adjustments",
    {
      schema: {
        summary: "Add or take points by hand (ledger kind `adjust`); idempotent per idempotencyKey",
        description:
          "Answers 201 `{transactionId, balance}`. The acting API key is recorded and shown in transactions. The same idempotencyKey again answers the first body (with `idempotent-replayed: true`); 409 `idempotency_key_reused` for another customer or amount; 409 `insufficient_points` when a debit would take the balance below zero. Lifetime points and tiers are not changed.",
        tags,
        security: API_KEY_SECURITY,
        params: CustomerParams,
        body: AdjustmentRequest,
        response: { 201: AdjustmentResponse, ...errorResponses(400, 401, 404, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const outcome = await adjustPoints(deps.sql, {
        shop: request.shop,
        customerId: request.params.customerId,
        points: request.body.points,
        reason: request.body.reason,
        idempotencyKey: request.body.idempotencyKey,
        apiKeyId: request.apiKeyId ?? null,
        now: deps.now(),
      });
      if (outcome.replayed) reply.header("idempotent-replayed", "true");
      return reply.code(201).send(outcome.response);
    },
  );

  app.post(
    "/customers/:customerId/redemptions",
    {
      schema: {
        summary: "Spend points on a reward; idempotent per idempotencyKey",
        description:
          "Answers 201 with the redemption. The same idempotencyKey again answers 201 with the identical body (and `idempotent-replayed: true`) and spends nothing. 409 `insufficient_points` when balance < cost, 409 `reward_inactive`, 409 `idempotency_key_reused` when the key was used for another customer or reward.",
        tags,
        security: API_KEY_SECURITY,
        params: CustomerParams,
        body: RedemptionRequest,
        response: { 201: RedemptionResponse, ...errorResponses(400, 401, 404, 409, 429, 502, 503) },
      },
    },
    async (request, reply) => {
      const outcome = await redeemReward(deps.sql, {
        shop: request.shop,
        customerId: request.params.customerId,
        rewardKey: request.body.rewardId,
        idempotencyKey: request.body.idempotencyKey,
        now: deps.now(),
      });
      // After the commit, never inside it: a slow Shopify call must not hold the customer's
      // row lock (the processor waits on it). Issuers are idempotent per code, so a replay
      // issues again: that is how a client recovers from a 502 here.
      if (outcome.reward) {
        try {
          await deps.discounts.issue(request.shop, outcome.reward, outcome.response.code);
        } catch (error) {
          request.log.error(
            { err: error, redemptionId: outcome.response.redemptionId },
            "discount issue failed",
          );
          throw badGateway(outcome.response.redemptionId);
        }
      }
      if (outcome.replayed) reply.header("idempotent-replayed", "true");
      return reply.code(201).send(outcome.response);
    },
  );
};
