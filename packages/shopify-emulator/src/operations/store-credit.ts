import { gid, parseGid } from "../ids.ts";
import { type Args, decimalString, money, type ResolverContext, record, type UserError } from "./context.ts";

/**
 * storeCreditAccountCredit on a Customer id (Shopify then creates the customer's account
 * in that currency when missing) or a StoreCreditAccount id. Checks Shopify makes: a
 * positive amount, the shop's currency, an expiry in the future, an owner that parses.
 */
function credit(args: Args, ctx: ResolverContext) {
  const input = record(args.creditInput);
  const amount = record(input.creditAmount);
  const id = String(args.id);
  const errors: UserError[] = [];
  const customerId = parseGid(id, "Customer") ?? accountOwner(ctx, id);
  if (customerId === null)
    errors.push({ field: ["id"], code: "ACCOUNT_NOT_FOUND", message: "Store credit account does not exist" });
  if (!(Number(amount.amount) > 0)) {
    errors.push({
      field: ["creditInput", "creditAmount", "amount"],
      code: "NEGATIVE_OR_ZERO_AMOUNT",
      message: "A positive amount must be used to credit a store credit account",
    });
  }
  if (amount.currencyCode !== ctx.shop.currency) {
    errors.push({
      field: ["creditInput", "creditAmount", "currencyCode"],
      code: "MISMATCHING_CURRENCY",
      message: "The currency provided does not match the currency of the store credit account",
    });
  }
  const expiresAt = typeof input.expiresAt === "string" ? input.expiresAt : null;
  if (expiresAt !== null && new Date(expiresAt) <= ctx.now()) {
    errors.push({
      field: ["creditInput", "expiresAt"],
      code: "EXPIRES_AT_IN_PAST",
      message: "The expiry date must be in the future",
    });
  }
  if (errors.length > 0 || customerId === null)
    return { storeCreditAccountTransaction: null, userErrors: errors };

  const accountId = `${customerId}0`;
  const entry = {
    id: ctx.state.newId(),
    accountId,
    customerId,
    amount: decimalString(amount.amount),
    currencyCode: ctx.shop.currency,
    expiresAt,
    createdAt: ctx.now().toISOString(),
  };
  ctx.shop.credits.push(entry);
  const balance = ctx.shop.credits
    .filter((c) => c.accountId === accountId)
    .reduce((sum, c) => sum + Number(c.amount), 0);
  return {
    storeCreditAccountTransaction: {
      id: gid("StoreCreditAccountCreditTransaction", entry.id),
      amount: money(entry.amount, entry.currencyCode),
      balanceAfterTransaction: money(balance, entry.currencyCode),
      createdAt: entry.createdAt,
      expiresAt,
      account: {
        id: gid("StoreCreditAccount", accountId),
        balance: money(balance, entry.currencyCode),
        owner: { __typename: "Customer", id: gid("Customer", customerId) },
      },
    },
    userErrors: [],
  };
}

function accountOwner(ctx: ResolverContext, id: string): string | null {
  const accountId = parseGid(id, "StoreCreditAccount");
  return ctx.shop.credits.find((c) => c.accountId === accountId)?.customerId ?? null;
}

export const storeCreditResolvers = { mutation: { storeCreditAccountCredit: credit } };
