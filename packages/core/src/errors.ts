/**
 * Typed errors with stable codes. Callers branch on `code`, never on message text;
 * `details` carries machine-readable context (JSON paths, offending values).
 */
export class LoyaltyError extends Error {
  readonly code: string;
  readonly details: unknown[];
  constructor(code: string, message: string, details: unknown[] = [], options?: ErrorOptions) {
    super(message, options);
    this.name = "LoyaltyError";
    this.code = code;
    this.details = details;
  }
}

export function isLoyaltyError(error: unknown, code?: string): error is LoyaltyError {
  return error instanceof LoyaltyError && (code === undefined || error.code === code);
}
