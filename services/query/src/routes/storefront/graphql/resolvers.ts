import { LoyaltyError } from "@loyalty/core";
import { listRewards, REDEMPTION_ERROR_CODES } from "@loyalty/db";
import type { FastifyBaseLogger } from "fastify";
import type { IResolvers, MercuriusContext } from "mercurius";
import { z } from "zod";
import type { QueryDeps } from "../../../deps.ts";
import { signInRequired } from "../app-proxy-auth.ts";
import {
  DEFAULT_TRANSACTIONS,
  type LoyaltyProfile,
  loadLoyaltyProfile,
  loadTransactions,
  MAX_TRANSACTIONS,
} from "../profile.ts";
import { toGraphQLError } from "./errors.ts";

/** Built per request from the verified App Proxy query, never from GraphQL arguments. */
export interface StorefrontContext {
  shop: string;
  customerId: string | null;
  deps: QueryDeps;
  log: FastifyBaseLogger;
}

declare module "mercurius" {
  interface MercuriusContext {
    storefront: StorefrontContext;
  }
}
type Context = MercuriusContext;

const RedeemInput = z.object({
  input: z.object({
    rewardId: z.string().min(1).max(64),
    idempotencyKey: z.string().min(1).max(200),
  }),
});
const TransactionsArgs = z.object({
  limit: z.number().int().min(0).max(MAX_TRANSACTIONS).default(DEFAULT_TRANSACTIONS),
});

/** Resolver bodies run through this, so every failure reaches the shopper as a coded GraphQL error. */
function guarded<A, R>(resolve: (args: A, context: Context, source: unknown) => Promise<R>) {
  return async (source: unknown, args: A, context: Context): Promise<R> => {
    try {
      return await resolve(args, context, source);
    } catch (error) {
      throw toGraphQLError(error, context.storefront.log);
    }
  };
}

function signedIn({ storefront }: Context): string {
  if (storefront.customerId === null) throw signInRequired();
  return storefront.customerId;
}

export const storefrontResolvers: IResolvers<unknown, Context> = {
  Query: {
    loyaltyProfile: guarded(async (_args, context) =>
      loadLoyaltyProfile(context.storefront.deps.readSql, context.storefront.shop, signedIn(context), 0),
    ),
    rewards: guarded(async (_args, context) => {
      const { deps, shop } = context.storefront;
      const rewards = await listRewards(deps.readSql, shop);
      return rewards
        .filter((reward) => reward.active)
        .map(({ key, name, costPoints, kind, value }) => ({ id: key, name, costPoints, kind, value }));
    }),
  },
  LoyaltyProfile: {
    transactions: guarded(async (args: unknown, context, source) => {
      const { limit } = TransactionsArgs.parse(args);
      const profile = source as LoyaltyProfile;
      const { deps, shop } = context.storefront;
      return loadTransactions(deps.readSql, shop, profile.customerId, limit);
    }),
  },
  Mutation: {
    redeemReward: guarded(async (args: unknown, context) => {
      const customerId = signedIn(context);
      const { input } = RedeemInput.parse(args);
      try {
        const { deps, shop } = context.storefront;
        const outcome = await deps.redemptions.redeem({
          shop,
          customerId,
          rewardKey: input.rewardId,
          // Scoped to the shopper: one shopper's keys can never collide with (or probe) another's.
          idempotencyKey: `storefront:${customerId}:${input.idempotencyKey}`,
          now: deps.now(),
        });
        return outcome.redemption;
      } catch (error) {
        throw forShopper(error);
      }
    }),
  },
};

/** The redemption's errors, worded for the shopper rather than for an admin. */
function forShopper(error: unknown): unknown {
  if (!(error instanceof LoyaltyError)) return error;
  if (error.code === REDEMPTION_ERROR_CODES.customerNotFound) {
    return new LoyaltyError(REDEMPTION_ERROR_CODES.insufficientPoints, "You have no points yet.", [
      { balance: 0 },
    ]);
  }
  if (error.code === REDEMPTION_ERROR_CODES.insufficientPoints) {
    const [detail] = error.details as Array<{ balance: number; costPoints: number }>;
    if (detail) {
      return new LoyaltyError(
        error.code,
        `You have ${detail.balance} points; this reward costs ${detail.costPoints}.`,
        error.details,
      );
    }
  }
  return error;
}
