import { z } from "zod";
import { OptionalId, OptionalText } from "./common.ts";

/** GDPR `shop/redact`, sent 48 hours after uninstall: erase the shop's data. */
export const ShopRedactPayload = z.object({
  shop_id: OptionalId,
  shop_domain: OptionalText,
});
export type ShopRedactPayload = z.infer<typeof ShopRedactPayload>;
