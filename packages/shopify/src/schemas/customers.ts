import { z } from "zod";
import { OptionalText, ShopifyId, ShopifyTags } from "./common.ts";

/** `customers/create`, `customers/update`, and the `customer` embedded in orders. */
export const CustomerPayload = z.object({
  id: ShopifyId,
  email: OptionalText,
  first_name: OptionalText,
  last_name: OptionalText,
  phone: OptionalText,
  tags: ShopifyTags,
  created_at: OptionalText,
  updated_at: OptionalText,
});
export type CustomerPayload = z.infer<typeof CustomerPayload>;
