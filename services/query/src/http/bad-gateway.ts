import { HttpError } from "@loyalty/platform";

/** The discount could not be created after the points were spent: retrying the same key re-issues it. */
export function badGateway(redemptionId: string): HttpError {
  return new HttpError(
    502,
    "discount_issue_failed",
    "The points were redeemed but the discount could not be created; retry with the same idempotencyKey.",
    [{ redemptionId }],
  );
}
