import { parseGid } from "../ids.ts";
import type { EmulatedDiscount } from "../shop-state.ts";
import { type Args, type ResolverContext, record, type UserError } from "./context.ts";
import { discountNode } from "./discount-node.ts";

const MAX_CODE_LENGTH = 255;

/**
 * discountCodeBasicCreate / discountCodeFreeShippingCreate with the checks Shopify makes
 * before creating: required fields, value ranges, dates in order, well-formed customer ids,
 * and a code unique in the shop (case-insensitive). Errors come back as userErrors with
 * Shopify's field paths and DiscountErrorCode values; nothing is created then.
 */
function createDiscount(type: EmulatedDiscount["type"], inputName: string) {
  return (args: Args, ctx: ResolverContext) => {
    const input = record(args[inputName]);
    const errors = validate(type, inputName, input, ctx);
    if (errors.length > 0) return { codeDiscountNode: null, userErrors: errors };
    const now = ctx.now();
    const startsAt = String(input.startsAt);
    const discount: EmulatedDiscount = {
      id: ctx.state.newId(),
      type,
      code: String(input.code),
      title: String(input.title),
      status: new Date(startsAt) > now ? "SCHEDULED" : "ACTIVE",
      startsAt,
      endsAt: typeof input.endsAt === "string" ? input.endsAt : null,
      usageLimit: typeof input.usageLimit === "number" ? input.usageLimit : null,
      appliesOncePerCustomer: input.appliesOncePerCustomer === true,
      customerIds: customerIdsOf(input),
      input,
      usageCount: 0,
      createdAt: now.toISOString(),
    };
    ctx.shop.discounts.set(discount.id, discount);
    return { codeDiscountNode: discountNode(discount, ctx.shop.currency), userErrors: [] };
  };
}

function validate(
  type: EmulatedDiscount["type"],
  inputName: string,
  input: Record<string, unknown>,
  ctx: ResolverContext,
) {
  const errors: UserError[] = [];
  const add = (path: string[], code: string, message: string) =>
    errors.push({ field: [inputName, ...path], code, message });
  const code = typeof input.code === "string" ? input.code.trim() : "";
  if (code === "") add(["code"], "BLANK", "Code can't be blank");
  else if (code.length > MAX_CODE_LENGTH)
    add(["code"], "TOO_LONG", "Code is too long (maximum is 255 characters)");
  else if (ctx.shop.discountByCode(code))
    add(["code"], "TAKEN", "Code must be unique. Please try a different code.");
  if (typeof input.title !== "string" || input.title.trim() === "")
    add(["title"], "BLANK", "Title can't be blank");
  if (typeof input.startsAt !== "string") add(["startsAt"], "BLANK", "Starts at can't be blank");
  if (
    typeof input.startsAt === "string" &&
    typeof input.endsAt === "string" &&
    new Date(input.endsAt) <= new Date(input.startsAt)
  ) {
    add(["endsAt"], "END_DATE_BEFORE_START_DATE", "Ends at needs to be after starts_at");
  }
  if (typeof input.usageLimit === "number" && input.usageLimit <= 0) {
    add(["usageLimit"], "GREATER_THAN", "Usage limit must be greater than 0");
  }
  validateContext(input, add);
  if (type === "DiscountCodeBasic") validateCustomerGets(record(input.customerGets), input.customerGets, add);
  else if (
    input.maximumShippingPrice !== undefined &&
    input.maximumShippingPrice !== null &&
    !(Number(input.maximumShippingPrice) >= 0)
  ) {
    add(
      ["maximumShippingPrice"],
      "GREATER_THAN_OR_EQUAL_TO",
      "Maximum shipping price must be greater than or equal to 0",
    );
  }
  const subtotal = record(record(input.minimumRequirement).subtotal).greaterThanOrEqualToSubtotal;
  if (subtotal !== undefined && subtotal !== null && !(Number(subtotal) > 0)) {
    add(
      ["minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"],
      "GREATER_THAN",
      "Minimum subtotal must be greater than 0",
    );
  }
  return errors;
}

type Add = (path: string[], code: string, message: string) => void;

function validateContext(input: Record<string, unknown>, add: Add) {
  if (input.context === undefined && input.customerSelection === undefined) {
    add(["context"], "BLANK", "Context can't be blank");
    return;
  }
  const ids = record(record(input.context).customers).add;
  if (Array.isArray(ids)) {
    ids.forEach((id, index) => {
      if (parseGid(String(id), "Customer") === null) {
        add(
          ["context", "customers", "add", String(index)],
          "INVALID",
          `Customer ${String(id)} does not exist`,
        );
      }
    });
  }
}

function validateCustomerGets(gets: Record<string, unknown>, raw: unknown, add: Add) {
  if (raw === undefined || raw === null) {
    add(["customerGets"], "BLANK", "Customer gets can't be blank");
    return;
  }
  if (gets.items === undefined) add(["customerGets", "items"], "BLANK", "Items can't be blank");
  const value = record(gets.value);
  if (value.percentage !== undefined) {
    const percentage = Number(value.percentage);
    if (!(percentage > 0 && percentage <= 1)) {
      add(
        ["customerGets", "value", "percentage"],
        "VALUE_OUTSIDE_RANGE",
        "Value must be between 0.0 and 1.0",
      );
    }
  } else if (value.discountAmount !== undefined) {
    if (!(Number(record(value.discountAmount).amount) > 0)) {
      add(
        ["customerGets", "value", "discountAmount", "amount"],
        "GREATER_THAN",
        "Value must be greater than 0",
      );
    }
  } else add(["customerGets", "value"], "BLANK", "Value can't be blank");
}

function customerIdsOf(input: Record<string, unknown>): string[] {
  const ids = record(record(input.context).customers).add;
  return Array.isArray(ids) ? ids.map((id) => parseGid(String(id), "Customer") ?? "") : [];
}

/** Shopify's deactivate ends the discount now: status EXPIRED, endsAt set. Unknown id → userError. */
function deactivate(args: Args, ctx: ResolverContext) {
  const discount = ctx.shop.discountByNodeId(String(args.id));
  if (!discount) {
    return {
      codeDiscountNode: null,
      userErrors: [{ field: ["id"], code: null, message: "Discount does not exist" }],
    };
  }
  discount.status = "EXPIRED";
  discount.endsAt = ctx.now().toISOString();
  return { codeDiscountNode: discountNode(discount, ctx.shop.currency), userErrors: [] };
}

function byCode(args: Args, ctx: ResolverContext) {
  const discount = ctx.shop.discountByCode(String(args.code));
  return discount ? discountNode(discount, ctx.shop.currency) : null;
}

export const discountResolvers = {
  mutation: {
    discountCodeBasicCreate: createDiscount("DiscountCodeBasic", "basicCodeDiscount"),
    discountCodeFreeShippingCreate: createDiscount("DiscountCodeFreeShipping", "freeShippingCodeDiscount"),
    discountCodeDeactivate: deactivate,
  },
  query: { codeDiscountNodeByCode: byCode },
};
