import { z } from "zod";

/** The parameters Shopify adds to every App Proxy request (all covered by `signature`). */
export const AppProxyParams = {
  shop: z.string().optional().describe("The shop's myshopify.com domain (signed)"),
  logged_in_customer_id: z
    .string()
    .optional()
    .describe("The signed-in shopper, empty when nobody is (signed)"),
  path_prefix: z.string().optional().describe("The proxy's storefront path (signed)"),
  timestamp: z.string().optional().describe("Unix seconds; refused when more than 300 s from now (signed)"),
  signature: z.string().optional().describe("Hex HMAC-SHA256 of the other parameters with the app secret"),
};
