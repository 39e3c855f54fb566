import type { AdminClient, RequestLimits } from "../admin-client.ts";
import { USER_ERROR_FIELDS, type UserError } from "./user-errors.ts";

export interface StoreCreditInput {
  /** gid://shopify/Customer/<id>: Shopify creates the account in that currency if missing. */
  customerGid: string;
  amount: string;
  currencyCode: string;
  expiresAt: string | null;
}

/** storeCreditAccountCredit on the customer's id. */
export async function creditStoreCredit(
  client: AdminClient,
  shop: string,
  input: StoreCreditInput,
  limits?: RequestLimits,
): Promise<{ transactionId: string | null; userErrors: UserError[] }> {
  const query = `mutation CreditLoyaltyStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction { id amount { amount currencyCode } }
      ${USER_ERROR_FIELDS}
    }
  }`;
  const creditInput = {
    creditAmount: { amount: input.amount, currencyCode: input.currencyCode },
    ...(input.expiresAt === null ? {} : { expiresAt: input.expiresAt }),
  };
  const data = await client.request<{
    storeCreditAccountCredit: {
      storeCreditAccountTransaction: { id: string } | null;
      userErrors: UserError[];
    } | null;
  }>(
    shop,
    { operation: "storeCreditAccountCredit", query, variables: { id: input.customerGid, creditInput } },
    limits,
  );
  const payload = data.storeCreditAccountCredit;
  return {
    transactionId: payload?.storeCreditAccountTransaction?.id ?? null,
    userErrors: payload?.userErrors ?? [],
  };
}
