import { LoyaltyError } from "@loyalty/core";
import {
  findRedemption,
  markCancelled,
  type RedeemInput,
  type RedemptionView,
  redeemReward,
  toRedemptionView,
} from "@loyalty/db";
import { SHOPIFY_ERROR_CODES } from "../errors.ts";
import { deactivateCodeDiscount } from "../operations/discounts.ts";
import { describeUserErrors } from "../operations/user-errors.ts";
import { type IssuerDeps, issueNow } from "./issue-redemption.ts";

/** CONTRACT.md: a redemption answers within 3 s; what Shopify has not done by then stays pending. */
export const INLINE_BUDGET_MS = 3000;

export const REDEMPTION_SERVICE_ERRORS = {
  notFound: "redemption_not_found",
  notCancellable: "redemption_not_cancellable",
} as const;

export interface RedemptionService {
  /** Spends the points, then makes the first attempt at Shopify within the budget. */
  redeem(input: RedeemInput): Promise<{ redemption: RedemptionView; replayed: boolean }>;
  /** Deactivates an issued, unused code in Shopify, then returns the points. */
  cancel(shop: string, redemptionId: string): Promise<RedemptionView>;
}

/**
 * The request-side of redemptions (query API and storefront GraphQL share it). The commit
 * comes first, Shopify second: the points are held and the command is in Postgres before
 * any call, so a slow Shopify never holds the customer's row lock, and whatever the inline
 * attempt does not finish in `INLINE_BUDGET_MS` the worker finishes later (the attempt in
 * flight is not abandoned: it completes in the background, or its lease lapses).
 */
export function createRedemptionService(deps: IssuerDeps & { inlineBudgetMs?: number }): RedemptionService {
  const budget = deps.inlineBudgetMs ?? INLINE_BUDGET_MS;

  async function current(shop: string, id: string): Promise<RedemptionView> {
    const row = await findRedemption(deps.sql, shop, id);
    if (!row) throw new LoyaltyError(REDEMPTION_SERVICE_ERRORS.notFound, `No redemption ${id} in this shop.`);
    return toRedemptionView(row);
  }

  return {
    async redeem(input) {
      const started = Date.now();
      const outcome = await redeemReward(deps.sql, input);
      if (outcome.redemption.status !== "pending") return outcome;
      if (!outcome.replayed) {
        const row = await findRedemption(deps.sql, input.shop, outcome.redemption.redemptionId);
        deps.metrics?.redemptionsTotal.inc({ kind: String(row?.reward.kind), status: "pending" });
      }
      const deadline = started + budget;
      // No deadline on the attempt itself: past the budget it carries on in the background
      // (its own request timeout bounds it) rather than being cut off and left to a retry.
      const attempt = issueNow(deps, outcome.redemption.redemptionId).catch((error: unknown) => {
        deps.logger.error(
          { err: error, redemptionId: outcome.redemption.redemptionId },
          "inline redemption attempt failed",
        );
      });
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        attempt,
        new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now())))),
      ]);
      clearTimeout(timer);
      return {
        redemption: await current(input.shop, outcome.redemption.redemptionId),
        replayed: outcome.replayed,
      };
    },

    async cancel(shop, redemptionId) {
      const row = await findRedemption(deps.sql, shop, redemptionId);
      if (!row)
        throw new LoyaltyError(
          REDEMPTION_SERVICE_ERRORS.notFound,
          `No redemption ${redemptionId} in this shop.`,
        );
      if (row.status === "cancelled") return toRedemptionView(row);
      const kind = String((row.reward as { kind?: unknown }).kind);
      if (row.status !== "issued" || kind === "store_credit" || row.shopify_id === null) {
        throw new LoyaltyError(
          REDEMPTION_SERVICE_ERRORS.notCancellable,
          kind === "store_credit"
            ? "Store credit cannot be taken back by cancelling."
            : `Only an issued, unused code can be cancelled; this redemption is ${row.status}.`,
          [{ status: row.status }],
        );
      }
      // Shopify first: the points come back only once the code cannot be used any more.
      // Deactivating twice is harmless, so a cancel retried after a crash here is safe.
      const userErrors = await deactivateCodeDiscount(deps.client, shop, row.shopify_id, {
        deadline: Date.now() + budget,
      });
      if (userErrors.length > 0) {
        throw new LoyaltyError(
          SHOPIFY_ERROR_CODES.userErrors,
          `Shopify refused to deactivate the code: ${describeUserErrors(userErrors)}`,
        );
      }
      const cancelled = await markCancelled(deps.sql, { redemptionId, now: deps.now() });
      if (cancelled) deps.metrics?.redemptionsTotal.inc({ kind, status: "cancelled" });
      return current(shop, redemptionId);
    },
  };
}
