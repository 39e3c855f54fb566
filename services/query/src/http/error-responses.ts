import { ErrorBody } from "@loyalty/platform";

const DESCRIPTIONS: Record<number, string> = {
  400: "The request is not valid (`validation_failed`, `invalid_json`, or a route-specific code).",
  401: "Missing, invalid or revoked credentials (`unauthorized`).",
  404: "Not found, or not this shop's (`not_found`, `customer_not_found`, `reward_not_found`).",
  409: "Conflicts with the current state (`insufficient_points`, `reward_inactive`, `idempotency_key_reused`).",
  429: "Rate limit of this API key exceeded (`rate_limited`).",
  502: "A downstream system failed after the change was committed.",
  503: "A dependency (Postgres, Redis) is unavailable; retry later.",
};

/** Error responses for a route's OpenAPI schema; every one has the uniform error body. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(
    statuses.map((status) => [status, ErrorBody.describe(DESCRIPTIONS[status] ?? "Error.")]),
  );
}

/** What every route behind the API key can answer besides its own errors. */
export const AUTHENTICATED_ERRORS = [401, 429] as const;
