import { z } from "zod";
import { OptionalId, OptionalText, optionalArray, ShopifyId } from "./common.ts";

/** GDPR `customers/redact`: erase this customer's PII (and these orders'). */
export const CustomersRedactPayload = z.object({
  shop_id: OptionalId,
  shop_domain: OptionalText,
  customer: z.object({ id: ShopifyId }),
  orders_to_redact: optionalArray(ShopifyId),
});
export type CustomersRedactPayload = z.infer<typeof CustomersRedactPayload>;
