import type { RewardSnapshot } from "@loyalty/db";
import type { DiscountMutation } from "../operations/discounts.ts";
import type { StoreCreditInput } from "../operations/store-credit.ts";

export interface IssueContext {
  redemptionId: string;
  /** Shopify customer id (numeric string). */
  customerId: string;
  code: string | null;
  now: Date;
  expiresAt: Date | null;
}

export const customerGid = (id: string) => `gid://shopify/Customer/${id}`;

/**
 * The title carries the redemption id: a code found by codeDiscountNodeByCode is adopted as
 * ours only when its title names this redemption (a code could, in theory, be a merchant's).
 */
export const discountTitle = (snapshot: RewardSnapshot, redemptionId: string) =>
  `${snapshot.name} (loyalty redemption ${redemptionId})`;

/** Shopify's Decimal as a string, exact: 5 → "5.00" is not needed, "5" is a valid Decimal. */
const decimal = (value: number) => String(value);

/**
 * The exact input Shopify needs for a discount-code reward (CONTRACT.md): single use, this
 * customer only, from now until `expiresInDays`, amounts in shop currency, percent as 0–1,
 * free shipping capped at `value` when set. Pure: time comes in.
 */
export function discountInput(
  snapshot: RewardSnapshot,
  context: IssueContext,
): { mutation: DiscountMutation; input: Record<string, unknown> } {
  const common: Record<string, unknown> = {
    title: discountTitle(snapshot, context.redemptionId),
    code: context.code,
    startsAt: context.now.toISOString(),
    endsAt: context.expiresAt?.toISOString() ?? null,
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: [customerGid(context.customerId)] } },
    ...(snapshot.minimumSubtotal === null
      ? {}
      : {
          minimumRequirement: {
            subtotal: { greaterThanOrEqualToSubtotal: decimal(snapshot.minimumSubtotal) },
          },
        }),
    ...(snapshot.combinesWith === null ? {} : { combinesWith: snapshot.combinesWith }),
  };
  if (snapshot.kind === "free_shipping") {
    return {
      mutation: "discountCodeFreeShippingCreate",
      input: {
        ...common,
        destination: { all: true },
        ...(snapshot.value === null ? {} : { maximumShippingPrice: decimal(snapshot.value) }),
      },
    };
  }
  const value =
    snapshot.kind === "percent_discount"
      ? { percentage: Number(snapshot.value) / 100 }
      : { discountAmount: { amount: decimal(Number(snapshot.value)), appliesOnEachItem: false } };
  return {
    mutation: "discountCodeBasicCreate",
    input: { ...common, customerGets: { value, items: { all: true } } },
  };
}

/** The store credit grant: the reward's value in the shop currency, expiring with the reward. */
export function storeCreditInput(snapshot: RewardSnapshot, context: IssueContext): StoreCreditInput | null {
  if (snapshot.currency === null) return null;
  return {
    customerGid: customerGid(context.customerId),
    amount: decimal(Number(snapshot.value)),
    currencyCode: snapshot.currency,
    expiresAt: context.expiresAt?.toISOString() ?? null,
  };
}
