import { createHash, timingSafeEqual } from "node:crypto";
import { notFound, unauthorized } from "@loyalty/platform";
import type { FastifyInstance } from "fastify";
import { BEARER_CHALLENGE, bearerToken } from "./bearer-token.ts";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * Guards `/v1/ops/*` with `Authorization: Bearer $OPS_TOKEN`. Both sides are hashed first so
 * timingSafeEqual compares equal lengths and the comparison time says nothing about the
 * token. Without OPS_TOKEN the ops API is off and answers 404, as if it did not exist.
 */
export function requireOpsToken(scope: FastifyInstance, opsToken: string | undefined): void {
  const expected = opsToken === undefined ? null : digest(opsToken);
  scope.addHook("onRequest", async (request) => {
    if (expected === null) {
      throw notFound("not_found", "The ops API is disabled: OPS_TOKEN is not set.");
    }
    const token = bearerToken(request.headers.authorization);
    if (token === null || !timingSafeEqual(digest(token), expected)) {
      throw unauthorized("unauthorized", "The ops API needs Authorization: Bearer $OPS_TOKEN.", [], {
        headers: BEARER_CHALLENGE,
      });
    }
  });
}
