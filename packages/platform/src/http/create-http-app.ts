import helmet, { type FastifyHelmetOptions } from "@fastify/helmet";
import rateLimit, { type RateLimitPluginOptions } from "@fastify/rate-limit";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from "fastify";
import type { Cluster, Redis } from "ioredis";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import { createClientErrorHandler, createExpectationHandler } from "./client-errors.ts";
import { type ErrorMapper, toErrorReply } from "./error-reply.ts";
import { HttpError, serviceUnavailable } from "./http-error.ts";
import { QuietLogController } from "./log-controller.ts";
import { opsRoutes } from "./ops-routes.ts";
import type { ReadinessCheck } from "./readiness.ts";
import { REQUEST_ID_HEADER, resolveRequestId } from "./request-id.ts";

export interface ServerTimeouts {
  /**
   * Time a client has to send a whole request (Node's `requestTimeout`). Fastify leaves it
   * off; without it a slow client (slowloris) holds a socket forever. Shopify gives up after
   * 5 s, so 30 s only ever cuts off clients that are broken or hostile.
   */
  requestTimeoutMs: number;
  /**
   * How long an idle keep-alive connection stays open. It must be LONGER than the idle
   * timeout of the load balancer in front (AWS ALB and nginx: 60 s) so the balancer always
   * closes first; otherwise it may send a request on a socket we are closing and answer 502.
   */
  keepAliveTimeoutMs: number;
  /** Time from routing to reply for one request; past it Fastify answers 503 `timeout` and aborts `request.signal`. */
  handlerTimeoutMs: number;
}

export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = {
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 72_000,
  handlerTimeoutMs: 30_000,
};

export interface HttpAppOptions {
  /** The process logger (createLogger); each request logs through a child carrying `reqId`. */
  logger: Logger;
  /** Served at GET /metrics. */
  registry: Registry;
  /** Checks run by GET /readyz, by name (e.g. `{ redis, postgres }`). */
  readiness?: Record<string, ReadinessCheck>;
  /** Bound on each readiness check. Default 1000 ms. */
  readinessTimeoutMs?: number;
  /** Largest body in bytes (413 above it). Default 1 MiB. */
  bodyLimit?: number;
  /** Trust X-Forwarded-* from these proxies (needed for the client IP behind a load balancer). Default off. */
  trustProxy?: FastifyServerOptions["trustProxy"];
  /**
   * @fastify/rate-limit options, passed through. `global` defaults to false: routes opt in
   * with `config.rateLimit`. The ops routes always opt out.
   */
  rateLimit?: RateLimitPluginOptions;
  /** Counters live in this Redis when given (shared by replicas), else in process memory. */
  redis?: Redis | Cluster;
  /** @fastify/helmet options, passed through. */
  helmet?: FastifyHelmetOptions;
  timeouts?: Partial<ServerTimeouts>;
  /** Maps a service's domain errors to HTTP answers before the generic mapping. */
  mapError?: ErrorMapper;
}

/**
 * The Fastify base every service builds on. It never listens and registers no business
 * routes: the caller registers its routes, then `listen`s and owns shutdown (`app.close()`).
 * Async because helmet and rate-limit must be loaded before any route is added: their
 * onRoute hooks only see routes added after them.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const timeouts = { ...DEFAULT_SERVER_TIMEOUTS, ...options.timeouts };
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    logController: new QuietLogController(),
    // Fastify would copy the header unchecked; genReqId validates it instead.
    requestIdHeader: false,
    genReqId: (request) => resolveRequestId(request.headers[REQUEST_ID_HEADER]),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    requestTimeout: timeouts.requestTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    handlerTimeout: timeouts.handlerTimeoutMs,
    // Ids and URLs go through our own error body, not Fastify's default one.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    // What Node's parser refuses (CR in a value, CL with TE, 40 KB headers) answers in our body too.
    clientErrorHandler: createClientErrorHandler(loggerInstance),
    // Fastify's own drain-time 503 has its body; the preClose hook below answers in ours.
    return503OnClosing: false,
  });
  app.server.on("checkExpectation", createExpectationHandler(loggerInstance));

  // A SyntaxError before validation comes from a body parser (bad JSON); after it, from our code.
  const parsed = new WeakSet<FastifyRequest>();
  const mapError = options.mapError;

  function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const answer = toErrorReply(error, { bodyParsed: parsed.has(request), mapError });
    if (answer.severity === "error") request.log.error({ err: error }, "request failed");
    else if (answer.severity === "warn") request.log.warn({ err: error }, "request failed");
    else request.log.debug({ code: answer.body.error, reason: answer.body.message }, "request rejected");
    return reply
      .code(answer.statusCode)
      .headers({ ...answer.headers, [REQUEST_ID_HEADER]: request.id })
      .send(answer.body);
  }

  // While the server drains, requests on kept-alive sockets are turned away (the balancer retries
  // them on another replica) instead of starting work that shutdown would cut short.
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  app.addHook("onRequest", (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (!closing) return done();
    reply.header("connection", "close");
    done(serviceUnavailable("shutting_down", "This server is shutting down; retry the request."));
  });
  app.addHook("preValidation", (request, _reply, done) => {
    parsed.add(request);
    done();
  });
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0]?.slice(0, 200) ?? "";
    return reply
      .code(404)
      .send({ error: "not_found", message: `No route ${request.method} ${path}.`, details: [] });
  });

  // Third-party plugins first, so their hooks exist before any route is added.
  await app.register(helmet, options.helmet ?? {});
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      context.ban
        ? new HttpError(403, "forbidden", "Too many requests; this client is temporarily banned.")
        : new HttpError(429, "rate_limited", `Rate limit exceeded; retry in ${context.after}.`, [
            { limit: context.max, retryAfterSeconds: Math.ceil(context.ttl / 1000) },
          ]),
    ...(options.redis === undefined
      ? {}
      : {
          redis: options.redis,
          nameSpace: "loyalty:rate-limit:",
          // A Redis outage must not take the read API down with it: fail open, Postgres still answers.
          skipOnError: true,
        }),
    ...options.rateLimit,
  });
  await app.register(opsRoutes, {
    registry: options.registry,
    readiness: options.readiness ?? {},
    readinessTimeoutMs: options.readinessTimeoutMs ?? 1000,
  });
  return app;
}
