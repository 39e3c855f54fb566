import { createGuardedLookup, type HostLookup, type OutboundPolicy } from "@loyalty/platform";
import { Agent, request } from "undici";

export type SendResult =
  | { kind: "response"; statusCode: number }
  | { kind: "error"; code: string; message: string };

export interface SendInput {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Aborts the request at once (shutdown past its deadline): the result is `aborted`. */
  signal?: AbortSignal;
}

export interface HttpSender {
  send(input: SendInput): Promise<SendResult>;
  close(): Promise<void>;
}

export interface HttpSenderOptions {
  /** Connect + headers + body, as one budget per request. */
  timeoutMs: number;
  /** Requests in flight at once per origin; the dispatcher's own limits are what bound it. */
  connectionsPerOrigin: number;
  /** CONTRACT.md's outbound URL policy, applied again on every attempt. */
  policy: OutboundPolicy;
  /** Resolver under the connect-time check; default: the system's. */
  lookup?: HostLookup;
}

/** Bytes of a response body read before we stop caring: receivers only need to answer 2xx. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * POSTs with undici through one shared Agent (a keep-alive Pool per origin). Per-origin
 * connections are set as high as the dispatcher's global concurrency: the dispatcher already
 * bounds requests per endpoint and in total, and a lower pool limit would add a second queue
 * where a hanging endpoint could hold up a healthy one that shares its origin.
 * The timeout is one timer over the whole exchange (connect, headers AND body): undici's
 * separate headers/body timeouts would let a trickling body run for much longer.
 * Redirects are not followed (a 3xx is a failed attempt): the signature is for the URL the
 * merchant registered, and following would let a receiver bounce deliveries elsewhere (a 302
 * to 169.254.169.254 is the classic SSRF).
 * Every attempt re-checks the stored URL (a policy or WEBHOOK_ALLOWED_HOSTS change applies to
 * existing endpoints), and the Agent's connect `lookup` checks the addresses the socket will
 * actually use, so a name rebound to a private address after creation is refused at connect.
 */
export function createHttpSender(options: HttpSenderOptions): HttpSender {
  const agent = new Agent({
    connections: options.connectionsPerOrigin,
    pipelining: 1,
    connectTimeout: options.timeoutMs,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    keepAliveTimeout: 4_000,
    connect: { lookup: createGuardedLookup(options.policy, options.lookup) },
  });

  return {
    async send(input) {
      const verdict = options.policy.checkUrl(input.url);
      if (!verdict.ok)
        return { kind: "error", code: "destination_refused", message: `the URL ${verdict.reason}` };
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new SendTimeout(options.timeoutMs)), options.timeoutMs);
      const signal = input.signal ? AbortSignal.any([controller.signal, input.signal]) : controller.signal;
      try {
        const response = await request(input.url, {
          dispatcher: agent,
          method: "POST",
          headers: input.headers,
          body: input.body,
          signal,
        });
        // Read (and drop) the body so the connection returns to the pool; past the limit
        // undici closes the socket instead.
        await response.body.dump({ limit: MAX_RESPONSE_BYTES, signal });
        return { kind: "response", statusCode: response.statusCode };
      } catch (error) {
        if (input.signal?.aborted) return { kind: "error", code: "aborted", message: "shutting down" };
        if (controller.signal.aborted)
          return {
            kind: "error",
            code: "timeout",
            message: `no complete answer within ${options.timeoutMs} ms`,
          };
        return { kind: "error", ...describe(error) };
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => agent.destroy(),
  };
}

class SendTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = "SendTimeout";
  }
}

/** Connection errors keep their code (ECONNREFUSED, UND_ERR_SOCKET, …): operators grep for them. */
function describe(error: unknown): { code: string; message: string } {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = codeOf(error) ?? codeOf(cause) ?? "request_failed";
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: cause && cause.message !== message ? `${message}: ${cause.message}` : message };
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
