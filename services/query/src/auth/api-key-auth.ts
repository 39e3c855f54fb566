import { unauthorized } from "@loyalty/platform";
import type { FastifyInstance } from "fastify";
import type { ApiKeyResolver } from "./api-key-resolver.ts";
import { BEARER_CHALLENGE, bearerToken } from "./bearer-token.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Id of the API key that authenticated the request (set by the API key hook); the rate-limit bucket. */
    apiKeyId: string | undefined;
  }
}

/**
 * Adds the API key check to `scope` (and every route registered in it or its children):
 * `Authorization: Bearer <key>` → `request.shop`, `request.apiKeyId`; anything else → 401.
 * An onRequest hook, so a refused request costs no body parsing.
 */
export function requireApiKey(scope: FastifyInstance, resolver: ApiKeyResolver): void {
  if (!scope.hasRequestDecorator("shop")) scope.decorateRequest("shop", "");
  if (!scope.hasRequestDecorator("apiKeyId")) scope.decorateRequest("apiKeyId", undefined);
  scope.addHook("onRequest", async (request) => {
    const key = bearerToken(request.headers.authorization);
    if (key === null) {
      throw unauthorized("unauthorized", "Missing API key: send Authorization: Bearer <key>.", [], {
        headers: BEARER_CHALLENGE,
      });
    }
    const identity = await resolver.resolve(key);
    if (identity === null) {
      throw unauthorized("unauthorized", "The API key is invalid or has been revoked.", [], {
        headers: BEARER_CHALLENGE,
      });
    }
    request.shop = identity.shop;
    request.apiKeyId = identity.id;
  });
}
