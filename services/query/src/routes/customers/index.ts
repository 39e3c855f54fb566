import {
  AdjustmentResponse,
  adjustPoints,
  customerExists,
  customerLedger,
  customerRedemptions,
  customerSummary,
  RedemptionDetail,
  RedemptionView,
  type TiersCache,
  toRedemptionDetail,
} from "@loyalty/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { QueryDeps } from "../../deps.ts";
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
          "Answers 201 with the redemption: `issued` when Shopify made the code (or granted the store credit) within 3 s, else `pending` (the points are held; a worker finishes it; read it with GET /v1/redemptions/:id). The same idempotencyKey again answers 201 with that redemption as it is now (and `idempotent-replayed: true`) and spends nothing. 409 `insufficient_points` when balance < cost, 409 `reward_inactive`, 409 `idempotency_key_reused` when the key was used for another customer or reward.",
        tags,
        security: API_KEY_SECURITY,
        params: CustomerParams,
        body: RedemptionRequest,
        response: { 201: RedemptionView, ...errorResponses(400, 401, 404, 409, 429, 503) },
      },
    },
    async (request, reply) => {
      const outcome = await deps.redemptions.redeem({
        shop: request.shop,
        customerId: request.params.customerId,
        rewardKey: request.body.rewardId,
        idempotencyKey: request.body.idempotencyKey,
        now: deps.now(),
      });
      if (outcome.replayed) reply.header("idempotent-replayed", "true");
      return reply.code(201).send(outcome.redemption);
    },
  );

  app.get(
    "/customers/:customerId/redemptions",
    {
      schema: {
        summary: "A customer's redemptions, newest first (at most 50)",
        tags,
        security: API_KEY_SECURITY,
        params: CustomerParams,
        response: {
          200: z.object({ items: z.array(RedemptionDetail) }),
          ...errorResponses(400, 401, 404, 429),
        },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const rows = await customerRedemptions(deps.readSql, request.shop, customerId);
      if (rows.length === 0 && !(await customerExists(deps.readSql, request.shop, customerId))) {
        throw customerNotFound(customerId);
      }
      return { items: rows.map(toRedemptionDetail) };
    },
  );
};
