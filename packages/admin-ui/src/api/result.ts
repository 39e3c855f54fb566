import type { ErrorBody } from "./contract-paths.ts";

/**
 * What a page does with an answer. `unavailable` is the server's own 404 for a route it does
 * not have (`No route GET /v1/…`), not a missing record: a dashboard newer than its server
 * says so instead of pretending the data is empty.
 */
export type ApiResult<T> =
  | { status: "ok"; data: T }
  | { status: "unavailable"; message: string }
  | { status: "error"; httpStatus: number; error: ErrorBody };

interface FetchAnswer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === "object" && value !== null && "error" in value && "message" in value;
}

/** The platform's not-found handler answers `{"error":"not_found","message":"No route …"}`. */
export function isMissingRoute(httpStatus: number, body: unknown): boolean {
  return (
    httpStatus === 404 &&
    isErrorBody(body) &&
    body.error === "not_found" &&
    body.message.startsWith("No route")
  );
}

export async function settle<T>(answer: Promise<FetchAnswer<T>>): Promise<ApiResult<T>> {
  let settled: FetchAnswer<T>;
  try {
    settled = await answer;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    return { status: "error", httpStatus: 0, error: { error: "network_error", message, details: [] } };
  }
  const { response, data, error } = settled;
  if (response.ok) return { status: "ok", data: data as T };
  if (isMissingRoute(response.status, error)) {
    return { status: "unavailable", message: (error as ErrorBody).message };
  }
  const body: ErrorBody = isErrorBody(error)
    ? {
        error: error.error,
        message: error.message,
        details: Array.isArray(error.details) ? error.details : [],
      }
    : { error: `http_${response.status}`, message: `The server answered ${response.status}.`, details: [] };
  return { status: "error", httpStatus: response.status, error: body };
}
