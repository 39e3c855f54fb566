/**
 * Where Admin API calls for a shop go. Unset origin: `https://<shop>` (Shopify). Set
 * (SHOPIFY_ADMIN_ORIGIN, e.g. the emulator): every shop's calls go to that origin with
 * `X-Shopify-Shop-Domain` naming the shop (CONTRACT.md "Shops and the Shopify Admin API").
 */
export interface AdminEndpoint {
  graphqlUrl: string;
  tokenUrl: string;
  headers: Record<string, string>;
}

export function adminEndpoint(
  shop: string,
  apiVersion: string,
  adminOrigin: string | undefined,
): AdminEndpoint {
  const origin = adminOrigin === undefined ? `https://${shop}` : adminOrigin.replace(/\/+$/, "");
  return {
    graphqlUrl: `${origin}/admin/api/${apiVersion}/graphql.json`,
    tokenUrl: `${origin}/admin/oauth/access_token`,
    headers: adminOrigin === undefined ? {} : { "X-Shopify-Shop-Domain": shop },
  };
}
