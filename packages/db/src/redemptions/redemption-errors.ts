/** Codes of the errors a redemption raises; the query service maps them to HTTP statuses. */
export const REDEMPTION_ERROR_CODES = {
  /** No profile for this customer in this shop (404: another shop's customer looks the same). */
  customerNotFound: "customer_not_found",
  /** No reward with this key in this shop (404). */
  rewardNotFound: "reward_not_found",
  /** The reward exists but the merchant switched it off (409). */
  rewardInactive: "reward_inactive",
  /** balance < costPoints at the moment the customer row was locked (409). */
  insufficientPoints: "insufficient_points",
  /** The idempotency key was used before for another customer or reward (409). */
  idempotencyKeyReused: "idempotency_key_reused",
  /** Every code drawn collided with an existing one: practically impossible, reported rather than looped. */
  codeSpaceExhausted: "discount_code_collision",
} as const;
