import {
  claimDueCommands,
  findRedemptionById,
  markFailed,
  markIssued,
  type RedemptionRow,
  type RewardSnapshot,
  rescheduleCommand,
  type ShopifyCommand,
  type Sql,
} from "@loyalty/db";
import type { ShopifyMetrics } from "@loyalty/platform";
import type { Logger } from "pino";
import type { AdminClient, RequestLimits } from "../admin-client.ts";
import { isShopifyAdminError } from "../errors.ts";
import { createCodeDiscount, findCodeDiscount } from "../operations/discounts.ts";
import { creditStoreCredit } from "../operations/store-credit.ts";
import { describeUserErrors } from "../operations/user-errors.ts";
import { discountInput, discountTitle, type IssueContext, storeCreditInput } from "./reward-input.ts";

export interface IssuerDeps {
  sql: Sql;
  client: AdminClient;
  now: () => Date;
  logger: Logger;
  metrics?: ShopifyMetrics;
  /** Delay before attempt n+1 after n failed ones (the worker's backoff). */
  retryDelayMs?: (attempts: number) => number;
  /** An attempt's lease: a crashed attempt is taken again after this. */
  leaseMs?: number;
}

export type AttemptResult = "issued" | "failed" | "retry" | "held" | "not_due";

const DEFAULT_LEASE_MS = 60_000;

/** 2 s, 4 s, 8 s … capped at 5 min, ±20 % jitter so a shop's backlog does not retry in lockstep. */
export function defaultRetryDelayMs(attempts: number, random = Math.random): number {
  const base = Math.min(2000 * 2 ** Math.max(0, attempts - 1), 300_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Claims one redemption's command now (the inline first attempt) and runs it. */
export async function issueNow(
  deps: IssuerDeps,
  redemptionId: string,
  limits: RequestLimits = {},
): Promise<AttemptResult> {
  const [command] = await claimDueCommands(deps.sql, {
    now: deps.now(),
    leaseMs: deps.leaseMs ?? DEFAULT_LEASE_MS,
    limit: 1,
    redemptionId,
  });
  return command ? runCommand(deps, command, limits) : "not_due";
}

/**
 * One attempt at what a redemption paid for. The code is derived from the redemption id, so
 * whatever an earlier attempt did, this one asks for the same code: a retry (attempt > 1)
 * first looks the code up and adopts it when an earlier attempt — whose answer was lost to
 * a crash, a timeout or a dropped connection — already made it; a `TAKEN` answer is checked
 * the same way. Shopify refusing the input (userErrors) fails the redemption and returns the
 * points; Shopify unreachable or throttled schedules the next attempt.
 */
export async function runCommand(
  deps: IssuerDeps,
  command: ShopifyCommand,
  limits: RequestLimits = {},
): Promise<AttemptResult> {
  const redemption = await findRedemptionById(deps.sql, command.redemptionId);
  if (!redemption || redemption.status !== "pending") return "not_due";
  const snapshot = redemption.reward as unknown as RewardSnapshot;
  const context: IssueContext = {
    redemptionId: redemption.id,
    customerId: redemption.customer_id,
    code: redemption.code,
    now: deps.now(),
    expiresAt: redemption.expires_at === null ? null : new Date(redemption.expires_at),
  };
  try {
    const outcome =
      snapshot.kind === "store_credit"
        ? await creditOnce(deps, command, redemption, snapshot, context, limits)
        : await discountOnce(deps, command, redemption, snapshot, context, limits);
    if (outcome.status === "issued") {
      await markIssued(deps.sql, {
        redemptionId: redemption.id,
        shopifyId: outcome.shopifyId,
        now: deps.now(),
      });
    } else if (outcome.status === "failed") {
      await markFailed(deps.sql, { redemptionId: redemption.id, reason: outcome.reason, now: deps.now() });
      deps.logger.warn(
        { redemptionId: redemption.id, shop: redemption.shop, reason: outcome.reason },
        "redemption failed: points returned",
      );
    } else {
      deps.logger.error({ redemptionId: redemption.id, shop: redemption.shop }, outcome.reason);
      await rescheduleCommand(deps.sql, {
        id: command.id,
        at: new Date(deps.now().getTime() + 365 * 86_400_000),
        error: outcome.reason,
      });
      return "held";
    }
    deps.metrics?.redemptionsTotal.inc({ kind: snapshot.kind, status: outcome.status });
    return outcome.status;
  } catch (error) {
    if (isShopifyAdminError(error) && !error.transient) {
      await markFailed(deps.sql, { redemptionId: redemption.id, reason: error.message, now: deps.now() });
      deps.metrics?.redemptionsTotal.inc({ kind: snapshot.kind, status: "failed" });
      deps.logger.warn(
        { redemptionId: redemption.id, code: error.code },
        "redemption failed for good: points returned",
      );
      return "failed";
    }
    const delay = (deps.retryDelayMs ?? defaultRetryDelayMs)(command.attempts);
    const message = error instanceof Error ? error.message : String(error);
    await rescheduleCommand(deps.sql, {
      id: command.id,
      at: new Date(deps.now().getTime() + delay),
      error: message,
    });
    deps.logger.info(
      { redemptionId: redemption.id, attempts: command.attempts, retryInMs: delay, err: message },
      "redemption attempt did not finish; will retry",
    );
    return "retry";
  }
}

type Outcome =
  | { status: "issued"; shopifyId: string }
  | { status: "failed"; reason: string }
  | { status: "hold"; reason: string };

async function discountOnce(
  deps: IssuerDeps,
  command: ShopifyCommand,
  redemption: RedemptionRow,
  snapshot: RewardSnapshot,
  context: IssueContext,
  limits: RequestLimits,
): Promise<Outcome> {
  const code = redemption.code ?? "";
  const title = discountTitle(snapshot, redemption.id);
  if (command.attempts > 1) {
    const existing = await findCodeDiscount(deps.client, redemption.shop, code, limits);
    if (existing && existing.codeDiscount?.title === title)
      return { status: "issued", shopifyId: existing.id };
  }
  const { mutation, input } = discountInput(snapshot, context);
  const created = await createCodeDiscount(deps.client, redemption.shop, mutation, input, limits);
  if (created.node) return { status: "issued", shopifyId: created.node.id };
  if (created.userErrors.some((e) => e.code === "TAKEN")) {
    // Taken: by our own earlier attempt (adopt it), or — 60 bits make it all but impossible — by someone else.
    const existing = await findCodeDiscount(deps.client, redemption.shop, code, limits);
    if (existing && existing.codeDiscount?.title === title)
      return { status: "issued", shopifyId: existing.id };
  }
  return {
    status: "failed",
    reason: describeUserErrors(created.userErrors) || "Shopify created no discount",
  };
}

/**
 * Store credit has no code to look up and Shopify offers no idempotency key for it, so
 * "at most one credit" is kept by never sending a second request after one whose outcome is
 * unknown: only the first attempt, or a retry after an attempt known not to have reached
 * Shopify (throttled, refused before sending), credits. Otherwise the redemption is held
 * pending for a person to check (logged as an error), never credited twice.
 */
async function creditOnce(
  deps: IssuerDeps,
  command: ShopifyCommand,
  redemption: RedemptionRow,
  snapshot: RewardSnapshot,
  context: IssueContext,
  limits: RequestLimits,
): Promise<Outcome> {
  const input = storeCreditInput(snapshot, context);
  if (!input)
    return { status: "failed", reason: "the shop's currency is unknown (loyalty shops add --currency)" };
  if (command.attempts > 1 && !(await lastAttemptNeverReachedShopify(deps.sql, command.id))) {
    return {
      status: "hold",
      reason: "store credit attempt with an unknown outcome: held for review, not credited again",
    };
  }
  const result = await creditStoreCredit(deps.client, redemption.shop, input, limits);
  if (result.transactionId) return { status: "issued", shopifyId: result.transactionId };
  return {
    status: "failed",
    reason: describeUserErrors(result.userErrors) || "Shopify granted no store credit",
  };
}

async function lastAttemptNeverReachedShopify(sql: Sql, commandId: number): Promise<boolean> {
  const [row] = await sql<
    { last_error: string | null }[]
  >`SELECT last_error FROM shopify_commands WHERE id = ${commandId}`;
  return (
    row?.last_error !== null &&
    row?.last_error !== undefined &&
    /throttled|ECONNREFUSED/i.test(row.last_error)
  );
}
