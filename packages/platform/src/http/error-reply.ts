import type { FastifySchemaValidationError } from "fastify";
import { z } from "zod";
import { type ErrorBody, HttpError } from "./http-error.ts";
import { pointerToSegments, toJsonPath } from "./json-path.ts";

/** Turns a domain error into an HttpError (e.g. insufficient_points → 409), or leaves it. */
export type ErrorMapper = (error: unknown) => HttpError | undefined;

export interface ErrorReply {
  statusCode: number;
  body: ErrorBody;
  headers: Record<string, string>;
  /** How loudly to log: client mistakes at debug, our own failures at error. */
  severity: "debug" | "warn" | "error";
}

export interface ErrorContext {
  /** False while the body is still being parsed: a SyntaxError then is the client's bad JSON. */
  bodyParsed: boolean;
  mapError?: ErrorMapper | undefined;
}

export interface ValidationDetail {
  /** JSON path inside `in`, e.g. `$.items[0].sku`. */
  path: string;
  message: string;
  in?: string;
}

const INTERNAL_MESSAGE = "An unexpected error occurred; the x-request-id header identifies it in our logs.";

/** Codes for 4xx errors raised by Fastify or plugins that we have no specific mapping for. */
const STATUS_CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  406: "not_acceptable",
  408: "request_timeout",
  409: "conflict",
  411: "length_required",
  413: "payload_too_large",
  414: "uri_too_long",
  415: "unsupported_media_type",
  422: "unprocessable_entity",
  429: "rate_limited",
  431: "headers_too_large",
};

function reply(statusCode: number, error: string, message: string, details: unknown[] = []): ErrorReply {
  return {
    statusCode,
    body: { error, message, details },
    headers: {},
    severity: statusCode >= 500 ? "error" : "debug",
  };
}

/** Decides status and body for anything thrown while handling a request. Pure: no logging, no I/O. */
export function toErrorReply(error: unknown, context: ErrorContext): ErrorReply {
  const mapped = context.mapError?.(error) ?? error;
  if (mapped instanceof HttpError) {
    return {
      statusCode: mapped.statusCode,
      body: mapped.toBody(),
      headers: mapped.headers,
      severity: mapped.statusCode >= 500 ? "warn" : "debug",
    };
  }
  if (mapped instanceof z.core.$ZodError) {
    const details = mapped.issues.map((issue) => ({ path: toJsonPath(issue.path), message: issue.message }));
    return reply(400, "validation_failed", "The request is not valid.", details);
  }
  if (!(mapped instanceof Error)) return reply(500, "internal_error", INTERNAL_MESSAGE);

  const code = "code" in mapped && typeof mapped.code === "string" ? mapped.code : undefined;
  switch (code) {
    case "FST_ERR_VALIDATION":
      return reply(400, "validation_failed", "The request is not valid.", fastifyValidationDetails(mapped));
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return reply(413, "payload_too_large", "The request body is larger than this endpoint accepts.");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return reply(400, "invalid_json", "The request body is not valid JSON.");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return reply(415, "unsupported_media_type", "This endpoint does not accept that content type.");
    case "FST_ERR_HANDLER_TIMEOUT":
      return {
        ...reply(503, "timeout", "The request took too long to process; retry later."),
        severity: "warn",
      };
  }
  if (mapped instanceof SyntaxError && !context.bodyParsed) {
    return reply(400, "invalid_json", "The request body is not valid JSON.");
  }
  const statusCode = "statusCode" in mapped ? mapped.statusCode : undefined;
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    // 4xx errors from Fastify and its plugins describe the client's request, not our internals.
    return reply(statusCode, STATUS_CODES[statusCode] ?? "client_error", mapped.message);
  }
  return reply(500, "internal_error", INTERNAL_MESSAGE);
}

function fastifyValidationDetails(error: Error): ValidationDetail[] {
  const validation = "validation" in error && Array.isArray(error.validation) ? error.validation : [];
  const where =
    "validationContext" in error && typeof error.validationContext === "string"
      ? error.validationContext
      : undefined;
  return validation.map((item: FastifySchemaValidationError) => {
    const segments = pointerToSegments(item.instancePath);
    // Ajv reports a missing or extra property on the parent object; point at the property itself.
    const property = item.params["missingProperty"] ?? item.params["additionalProperty"];
    if (typeof property === "string") segments.push(property);
    const detail: ValidationDetail = { path: toJsonPath(segments), message: item.message ?? "is invalid" };
    if (where !== undefined) detail.in = where;
    return detail;
  });
}
