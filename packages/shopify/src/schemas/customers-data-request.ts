import { z } from "zod";
import { OptionalId, OptionalText, optionalArray, ShopifyId } from "./common.ts";

/** GDPR `customers/data_request`: the merchant must send the customer what we hold on them. */
export const CustomersDataRequestPayload = z.object({
  shop_id: OptionalId,
  shop_domain: OptionalText,
  customer: z.object({ id: ShopifyId }),
  orders_requested: optionalArray(ShopifyId),
  data_request: z
    .object({ id: OptionalId })
    .nullish()
    .transform((request) => request ?? null),
});
export type CustomersDataRequestPayload = z.infer<typeof CustomersDataRequestPayload>;
