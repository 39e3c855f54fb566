import { ShopDomain } from "@loyalty/core";
import { upsertShop } from "@loyalty/db";
import { HttpError } from "@loyalty/platform";
import type { FastifyPluginAsync } from "fastify";
import type { QueryDeps } from "../deps.ts";

/**
 * The public app's install (CONTRACT.md): `/shopify/install?shop=D` redirects the merchant to
 * Shopify's OAuth with a signed `state` cookie; `/shopify/callback` lets Shopify's library
 * check the HMAC and the state, exchange the code for an expiring offline token, and we store
 * it encrypted. Neither route ever shows the token. Without SHOPIFY_API_KEY and
 * SHOPIFY_APP_URL the app cannot be installed publicly: both answer 404.
 */
export const shopifyInstallRoutes: FastifyPluginAsync<QueryDeps> = async (app, deps) => {
  const notConfigured = () =>
    new HttpError(
      404,
      "not_found",
      "Public app install is not configured (set SHOPIFY_API_KEY and SHOPIFY_APP_URL).",
    );

  app.get("/shopify/install", { schema: { hide: true } }, async (request, reply) => {
    const oauth = deps.shopify.app;
    if (!oauth) throw notConfigured();
    const shop = ShopDomain.safeParse((request.query as { shop?: unknown }).shop);
    if (!shop.success) {
      throw new HttpError(400, "invalid_shop_domain", "shop must be a *.myshopify.com domain.", [
        { field: "shop" },
      ]);
    }
    const { location, setCookie } = await oauth.begin(shop.data, request.raw);
    return reply.header("set-cookie", setCookie).redirect(location, 302);
  });

  app.get("/shopify/callback", { schema: { hide: true } }, async (request, reply) => {
    const oauth = deps.shopify.app;
    if (!oauth) throw notConfigured();
    let installed: Awaited<ReturnType<typeof oauth.callback>>;
    try {
      installed = await oauth.callback(request.raw);
    } catch (error) {
      // The library's errors say which check failed (HMAC, state cookie); none carries a token.
      request.log.warn(
        { err: { name: (error as Error).name, message: (error as Error).message } },
        "OAuth callback refused",
      );
      throw new HttpError(
        401,
        "oauth_failed",
        "The install could not be verified (HMAC or state); start again from /shopify/install.",
      );
    }
    await upsertShop(deps.sql, { domain: installed.shop, installedAt: deps.now() });
    await deps.shopify.store.save(installed.shop, installed.credentials);
    request.log.info({ shop: installed.shop, scope: installed.credentials.scope }, "shop installed");
    return reply.code(200).type("text/plain").send(`Loyalty Streams is installed on ${installed.shop}.`);
  });
};
