import type { AdminClient, RequestLimits } from "../admin-client.ts";
import { USER_ERROR_FIELDS, type UserError } from "./user-errors.ts";

export type DiscountMutation = "discountCodeBasicCreate" | "discountCodeFreeShippingCreate";

const INPUT_ARG: Record<DiscountMutation, { arg: string; type: string }> = {
  discountCodeBasicCreate: { arg: "basicCodeDiscount", type: "DiscountCodeBasicInput" },
  discountCodeFreeShippingCreate: { arg: "freeShippingCodeDiscount", type: "DiscountCodeFreeShippingInput" },
};

/** What we read back about a code discount: enough to adopt it and to show it. */
const NODE_FIELDS = `id codeDiscount { __typename
  ... on DiscountCodeBasic { title status }
  ... on DiscountCodeFreeShipping { title status } }`;

export interface CodeDiscountNode {
  id: string;
  codeDiscount: { __typename: string; title?: string; status?: string } | null;
}

export interface DiscountCreated {
  node: CodeDiscountNode | null;
  userErrors: UserError[];
}

/** discountCodeBasicCreate / discountCodeFreeShippingCreate with the input as built by reward-input. */
export async function createCodeDiscount(
  client: AdminClient,
  shop: string,
  mutation: DiscountMutation,
  input: Record<string, unknown>,
  limits?: RequestLimits,
): Promise<DiscountCreated> {
  const { arg, type } = INPUT_ARG[mutation];
  const query = `mutation CreateLoyaltyDiscount($input: ${type}!) {
    ${mutation}(${arg}: $input) { codeDiscountNode { ${NODE_FIELDS} } ${USER_ERROR_FIELDS} }
  }`;
  const data = await client.request<
    Record<string, { codeDiscountNode: CodeDiscountNode | null; userErrors: UserError[] }>
  >(shop, { operation: mutation, query, variables: { input } }, limits);
  const payload = data[mutation];
  return { node: payload?.codeDiscountNode ?? null, userErrors: payload?.userErrors ?? [] };
}

/** codeDiscountNodeByCode: the discount a code belongs to, or null. */
export async function findCodeDiscount(
  client: AdminClient,
  shop: string,
  code: string,
  limits?: RequestLimits,
): Promise<CodeDiscountNode | null> {
  const query = `query FindLoyaltyDiscount($code: String!) { codeDiscountNodeByCode(code: $code) { ${NODE_FIELDS} } }`;
  const data = await client.request<{ codeDiscountNodeByCode: CodeDiscountNode | null }>(
    shop,
    { operation: "codeDiscountNodeByCode", query, variables: { code } },
    limits,
  );
  return data.codeDiscountNodeByCode;
}

/** discountCodeDeactivate: the code stops working now (Shopify sets it EXPIRED). */
export async function deactivateCodeDiscount(
  client: AdminClient,
  shop: string,
  id: string,
  limits?: RequestLimits,
): Promise<UserError[]> {
  const query = `mutation DeactivateLoyaltyDiscount($id: ID!) {
    discountCodeDeactivate(id: $id) { codeDiscountNode { id } ${USER_ERROR_FIELDS} }
  }`;
  const data = await client.request<{ discountCodeDeactivate: { userErrors: UserError[] } | null }>(
    shop,
    { operation: "discountCodeDeactivate", query, variables: { id } },
    limits,
  );
  return data.discountCodeDeactivate?.userErrors ?? [];
}
