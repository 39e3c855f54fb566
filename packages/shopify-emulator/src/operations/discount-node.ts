import { gid } from "../ids.ts";
import type { EmulatedDiscount } from "../shop-state.ts";
import { money, record } from "./context.ts";

/**
 * A discount as GraphQL objects the schema's types can resolve (default resolvers read
 * properties; `__typename` picks the member of a union). Only what Shopify would answer for
 * the fields we model; selecting anything else non-null fails loudly, as it should.
 */
export function discountNode(discount: EmulatedDiscount, currency: string) {
  const input = discount.input;
  const codeDiscount: Record<string, unknown> = {
    __typename: discount.type,
    title: discount.title,
    status: discount.status,
    startsAt: discount.startsAt,
    endsAt: discount.endsAt,
    usageLimit: discount.usageLimit,
    appliesOncePerCustomer: discount.appliesOncePerCustomer,
    asyncUsageCount: discount.usageCount,
    createdAt: discount.createdAt,
    updatedAt: discount.createdAt,
    codesCount: { count: 1, precision: "EXACT" },
    codes: () => {
      const node = {
        id: gid("DiscountRedeemCode", discount.id),
        code: discount.code,
        asyncUsageCount: discount.usageCount,
      };
      return {
        nodes: [node],
        edges: [{ node, cursor: "1" }],
        pageInfo: { hasNextPage: false, hasPreviousPage: false },
      };
    },
    context:
      discount.customerIds.length > 0
        ? {
            __typename: "DiscountCustomers",
            customers: discount.customerIds.map((id) => ({ id: gid("Customer", id) })),
          }
        : { __typename: "DiscountBuyerSelectionAll", all: "ALL" },
    combinesWith: {
      orderDiscounts: false,
      productDiscounts: false,
      shippingDiscounts: false,
      ...record(input.combinesWith),
    },
    minimumRequirement: minimumRequirement(input.minimumRequirement, currency),
  };
  if (discount.type === "DiscountCodeBasic")
    codeDiscount.customerGets = customerGets(input.customerGets, currency);
  else {
    const max = input.maximumShippingPrice;
    codeDiscount.maximumShippingPrice = max === undefined || max === null ? null : money(max, currency);
    codeDiscount.destinationSelection = { __typename: "DiscountCountryAll", allCountries: true };
  }
  return { id: gid("DiscountCodeNode", discount.id), codeDiscount };
}

function customerGets(value: unknown, currency: string) {
  const gets = record(value);
  const v = record(gets.value);
  const amount = record(v.discountAmount);
  return {
    items: { __typename: "AllDiscountItems", allItems: true },
    value:
      v.percentage !== undefined
        ? { __typename: "DiscountPercentage", percentage: v.percentage }
        : {
            __typename: "DiscountAmount",
            amount: money(amount.amount, currency),
            appliesOnEachItem: amount.appliesOnEachItem ?? false,
          },
    appliesOnOneTimePurchase: true,
    appliesOnSubscription: false,
  };
}

function minimumRequirement(value: unknown, currency: string) {
  const subtotal = record(record(value).subtotal).greaterThanOrEqualToSubtotal;
  if (subtotal === undefined || subtotal === null) return null;
  return { __typename: "DiscountMinimumSubtotal", greaterThanOrEqualToSubtotal: money(subtotal, currency) };
}
