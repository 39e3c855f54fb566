import { isLoyaltyError } from "@loyalty/core";
import { isTransientDbError, REDEMPTION_ERROR_CODES } from "@loyalty/db";
import { HttpError, serviceUnavailable } from "@loyalty/platform";
import { REDEMPTION_SERVICE_ERRORS, SHOPIFY_ERROR_CODES } from "@loyalty/shopify-admin";
import { RELIABILITY_ERROR_CODES, STREAM_ERROR_CODES } from "@loyalty/streams";

/** Domain error codes and the HTTP status they answer with. Codes pass through unchanged. */
const STATUS_BY_CODE: Record<string, number> = {
  [REDEMPTION_ERROR_CODES.customerNotFound]: 404,
  [REDEMPTION_ERROR_CODES.rewardNotFound]: 404,
  [REDEMPTION_ERROR_CODES.rewardInactive]: 409,
  [REDEMPTION_ERROR_CODES.insufficientPoints]: 409,
  [REDEMPTION_ERROR_CODES.idempotencyKeyReused]: 409,
  [REDEMPTION_ERROR_CODES.codeSpaceExhausted]: 503,
  [REDEMPTION_SERVICE_ERRORS.notFound]: 404,
  [REDEMPTION_SERVICE_ERRORS.notCancellable]: 409,
  [SHOPIFY_ERROR_CODES.userErrors]: 502,
  [SHOPIFY_ERROR_CODES.graphql]: 502,
  [SHOPIFY_ERROR_CODES.unauthorized]: 502,
  [SHOPIFY_ERROR_CODES.notInstalled]: 409,
  [SHOPIFY_ERROR_CODES.unreachable]: 503,
  [SHOPIFY_ERROR_CODES.throttled]: 503,
  [RELIABILITY_ERROR_CODES.invalidDeadLetterId]: 400,
  invalid_tiers: 400,
  invalid_shop_domain: 400,
  [STREAM_ERROR_CODES.redisUnavailable]: 503,
};

/**
 * createHttpApp's `mapError` for the query service: domain LoyaltyErrors keep their code and
 * message and get a status; Postgres being away (or a deadlock, a serialisation failure)
 * is a 503 the client may retry, not a 500.
 */
export function mapQueryError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return undefined;
  if (isLoyaltyError(error)) {
    const status = STATUS_BY_CODE[error.code];
    if (status === undefined) return undefined;
    // Redis' own message names hosts; the client only needs to know to retry.
    const message =
      error.code === STREAM_ERROR_CODES.redisUnavailable
        ? "Redis is unavailable; retry later."
        : error.message;
    return new HttpError(status, error.code, message, status >= 500 ? [] : error.details, { cause: error });
  }
  if (isTransientDbError(error)) {
    return serviceUnavailable("database_unavailable", "The database is unavailable; retry later.", [], {
      cause: error,
      headers: { "retry-after": "1" },
    });
  }
  return undefined;
}
