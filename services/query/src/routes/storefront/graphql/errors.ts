import { isLoyaltyError } from "@loyalty/core";
import { toJsonPath } from "@loyalty/platform";
import type { FastifyBaseLogger } from "fastify";
import mercurius from "mercurius";
import { z } from "zod";

// mercurius is CommonJS: Node's ESM loader cannot see its named exports (vitest can, so only
// a real `node` start would fail). Take it from the default export.
const { ErrorWithProps } = mercurius;
type ErrorWithProps = InstanceType<typeof ErrorWithProps>;

const INTERNAL_MESSAGE = "An unexpected error occurred; the x-request-id header identifies it in our logs.";

/**
 * GraphQL errors carry the same snake_case codes as the REST error body, in
 * `extensions.code` (and `extensions.details`). Anything that is not one of our typed errors
 * is logged and replaced by a generic message: internals (SQL, stack) never reach a shopper.
 */
export function toGraphQLError(error: unknown, log: FastifyBaseLogger, statusCode?: number): ErrorWithProps {
  if (error instanceof ErrorWithProps) return error;
  if (isLoyaltyError(error)) {
    return new ErrorWithProps(error.message, { code: error.code, details: error.details }, statusCode);
  }
  if (error instanceof z.ZodError) {
    const details = error.issues.map((issue) => ({ path: toJsonPath(issue.path), message: issue.message }));
    return new ErrorWithProps(
      "The request is not valid.",
      { code: "validation_failed", details },
      statusCode,
    );
  }
  log.error({ err: error }, "storefront GraphQL resolver failed");
  return new ErrorWithProps(INTERNAL_MESSAGE, { code: "internal_error", details: [] }, statusCode);
}
