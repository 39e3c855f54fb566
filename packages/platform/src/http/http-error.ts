import { LoyaltyError } from "@loyalty/core";
import { z } from "zod";

/** The one error shape every HTTP answer uses (CONTRACT.md "Error body everywhere"). */
export const ErrorBody = z.object({
  /** snake_case code clients branch on. */
  error: z.string(),
  /** Human sentence; never carries internals (stack, SQL, hostnames). */
  message: z.string(),
  details: z.array(z.unknown()),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export interface HttpErrorOptions extends ErrorOptions {
  /** Extra response headers, e.g. `www-authenticate` on a 401 or `retry-after` on a 503. */
  headers?: Record<string, string>;
}

/**
 * A LoyaltyError that knows its HTTP status. Throw it from a route or hook and the error
 * handler answers `{"error": code, "message": message, "details": details}` with that status.
 * Its message is shown to the client, 5xx included, so write it for them.
 */
export class HttpError extends LoyaltyError {
  readonly statusCode: number;
  readonly headers: Record<string, string>;

  constructor(
    statusCode: number,
    code: string,
    message: string,
    details: unknown[] = [],
    options: HttpErrorOptions = {},
  ) {
    super(code, message, details, options);
    this.name = "HttpError";
    this.statusCode = statusCode;
    this.headers = options.headers ?? {};
  }

  toBody(): ErrorBody {
    return { error: this.code, message: this.message, details: this.details };
  }
}

type HttpErrorFactory = (
  code: string,
  message: string,
  details?: unknown[],
  options?: HttpErrorOptions,
) => HttpError;

function factory(statusCode: number): HttpErrorFactory {
  return (code, message, details = [], options = {}) =>
    new HttpError(statusCode, code, message, details, options);
}

export const badRequest = factory(400);
export const unauthorized = factory(401);
export const forbidden = factory(403);
export const notFound = factory(404);
export const conflict = factory(409);
export const payloadTooLarge = factory(413);
export const unsupportedMediaType = factory(415);
export const unprocessableEntity = factory(422);
export const tooManyRequests = factory(429);
export const serviceUnavailable = factory(503);

export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError;
}
