import { createHmac, randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { EmulatorState } from "./shop-state.ts";

export interface EmulatedApp {
  clientId: string;
  clientSecret: string;
  /** Lifetime of issued access tokens (expiring offline tokens); Shopify's is one hour. */
  accessTokenTtlSeconds: number;
}

interface Grant {
  shop: string;
  scope: string;
}

/**
 * Shopify's OAuth authorization-code grant, just enough to install against: `authorize`
 * approves at once (there is no merchant to click) and redirects back with `code`, `shop`,
 * `state`, `timestamp` and an `hmac` signed with the client secret, the way Shopify does;
 * `access_token` exchanges a code (once) or a refresh token for an expiring offline token.
 */
export function registerOAuth(
  app: FastifyInstance,
  state: EmulatorState,
  config: EmulatedApp,
  now: () => Date,
) {
  const codes = new Map<string, Grant>();
  const refreshTokens = new Map<string, Grant>();

  app.get("/admin/oauth/authorize", async (request, reply) => {
    const q = request.query as Record<string, string>;
    if (q.client_id !== config.clientId) return reply.code(400).send({ error: "invalid_client" });
    const shop = q.shop ?? String(request.headers["x-shopify-shop-domain"] ?? "");
    const code = randomBytes(16).toString("hex");
    codes.set(code, { shop, scope: q.scope ?? "" });
    const params: Record<string, string> = {
      code,
      host: Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString(
        "base64url",
      ),
      shop,
      state: q.state ?? "",
      timestamp: String(Math.floor(now().getTime() / 1000)),
    };
    const message = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("&");
    const hmac = createHmac("sha256", config.clientSecret).update(message).digest("hex");
    const target = new URL(q.redirect_uri ?? "");
    for (const [k, v] of Object.entries({ ...params, hmac })) target.searchParams.set(k, v);
    return reply.redirect(target.toString());
  });

  app.post("/admin/oauth/access_token", async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, string>;
    if (body.client_id !== config.clientId || body.client_secret !== config.clientSecret) {
      return reply
        .code(401)
        .send({ error: "invalid_client", error_description: "Client credentials are invalid" });
    }
    const grant =
      body.grant_type === "refresh_token" ? take(refreshTokens, body.refresh_token) : take(codes, body.code);
    if (!grant)
      return reply
        .code(400)
        .send({ error: "invalid_grant", error_description: "Code or refresh token is invalid" });
    const accessToken = `shpat_${randomBytes(16).toString("hex")}`;
    const refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
    state.shop(grant.shop).tokens.set(accessToken, now().getTime() + config.accessTokenTtlSeconds * 1000);
    refreshTokens.set(refreshToken, grant);
    return {
      access_token: accessToken,
      scope: grant.scope,
      expires_in: config.accessTokenTtlSeconds,
      refresh_token: refreshToken,
      refresh_token_expires_in: 90 * 24 * 3600,
    };
  });
}

function take(map: Map<string, Grant>, key: string | undefined): Grant | undefined {
  if (key === undefined) return undefined;
  const grant = map.get(key);
  map.delete(key);
  return grant;
}
