import type { Socket } from "node:net";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { ADMIN_API_VERSION, adminSchema } from "./admin-schema.ts";
import { registerControlRoutes } from "./control-routes.ts";
import { type Fault, FaultQueue } from "./faults.ts";
import {
  costExtension,
  type GraphQLRequestBody,
  MAX_SINGLE_QUERY_COST,
  prepare,
  run,
  throttledBody,
  tooCostlyBody,
} from "./graphql-endpoint.ts";
import { type EmulatedApp, registerOAuth } from "./oauth.ts";
import type { RecordedRequest } from "./recorded-request.ts";
import { EmulatorState } from "./shop-state.ts";
import { type BucketLimits, CostBucket, STANDARD_LIMITS } from "./throttle.ts";

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  now?: () => Date;
  limits?: BucketLimits;
  app?: Partial<EmulatedApp>;
}

export interface ShopifyEmulator {
  /** `http://host:port`: what SHOPIFY_ADMIN_ORIGIN is set to. */
  origin: string;
  state: EmulatorState;
  faults: FaultQueue;
  /** Every GraphQL request received, oldest first. */
  requests: RecordedRequest[];
  /** The app credentials OAuth accepts. */
  app: EmulatedApp;
  /** Empties a shop's cost bucket, as if another caller had just spent it. */
  drainBucket(shop: string): void;
  setLimits(limits: BucketLimits): void;
  close(): Promise<void>;
}

const UNAUTHORIZED = {
  errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
};

/**
 * Starts the emulator: Shopify's Admin GraphQL endpoint for every shop on one origin (the
 * shop named by X-Shopify-Shop-Domain, as our client sends it when SHOPIFY_ADMIN_ORIGIN is
 * set), OAuth, and `/_emulator/*` for the demo and tests to look inside.
 */
export async function startShopifyEmulator(options: EmulatorOptions = {}): Promise<ShopifyEmulator> {
  const now = options.now ?? (() => new Date());
  adminSchema(); // build before listening, so the first request is not the slow one
  const state = new EmulatorState();
  const faults = new FaultQueue();
  const requests: RecordedRequest[] = [];
  let limits = options.limits ?? STANDARD_LIMITS;
  const buckets = new Map<string, CostBucket>();
  const bucketFor = (shop: string) => {
    let bucket = buckets.get(shop);
    if (!bucket) {
      bucket = new CostBucket(limits, () => now().getTime());
      buckets.set(shop, bucket);
    }
    return bucket;
  };
  const app: EmulatedApp = {
    clientId: options.app?.clientId ?? "emulator-client-id",
    clientSecret: options.app?.clientSecret ?? "emulator-client-secret",
    accessTokenTtlSeconds: options.app?.accessTokenTtlSeconds ?? 3600,
  };
  const hanging = new Set<Socket>();

  const server: FastifyInstance = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  server.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  registerOAuth(server, state, app, now);
  registerControlRoutes(server, { state, faults, requests });

  server.post("/admin/api/:version/graphql.json", async (request, reply) => {
    const shop = shopOf(request);
    const body = (request.body ?? {}) as GraphQLRequestBody;
    const prepared = prepare(body);
    const entry: RecordedRequest = {
      at: now().toISOString(),
      shop,
      rootFields: prepared.rootFields,
      query: typeof body.query === "string" ? body.query : "",
      variables: (body.variables ?? {}) as Record<string, unknown>,
      valid: prepared.ok || !prepared.errors.some((e) => !e.extensions),
      errors: prepared.ok ? [] : prepared.errors.map((e) => e.message),
      outcome: "ok",
    };
    requests.push(entry);
    const fault = faults.take(prepared.rootFields);
    if (fault && fault.kind !== "user_errors" && fault.kind !== "drop_response") {
      entry.outcome = "fault";
      return answerFault(fault, request, reply, hanging);
    }
    if (!authorised(state, shop, request.headers["x-shopify-access-token"], now)) {
      entry.outcome = "unauthorized";
      return reply.code(401).send(UNAUTHORIZED);
    }
    if ((request.params as { version: string }).version !== ADMIN_API_VERSION) {
      entry.errors.push(`the emulator serves ${ADMIN_API_VERSION} only`);
    }
    if (!prepared.ok) {
      entry.outcome = prepared.errors.some((e) => e.extensions?.code === "NOT_MODELLED")
        ? "not_modelled"
        : "invalid";
      return { errors: prepared.errors };
    }
    if (prepared.cost > MAX_SINGLE_QUERY_COST) {
      entry.outcome = "throttled";
      return tooCostlyBody(prepared.cost);
    }
    const { allowed, status } = bucketFor(shop).take(prepared.cost);
    if (!allowed) {
      entry.outcome = "throttled";
      return throttledBody(prepared.cost, status);
    }
    const result = await run(prepared, { state, shop: state.shop(shop), now }, fault);
    if (fault?.kind === "drop_response") {
      entry.outcome = "fault";
      request.raw.socket.destroy();
      return reply.hijack();
    }
    return {
      data: result.data,
      ...(result.errors ? { errors: result.errors } : {}),
      extensions: costExtension(prepared.cost, prepared.cost, status),
    };
  });

  await server.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    origin: `http://${options.host ?? "127.0.0.1"}:${port}`,
    state,
    faults,
    requests,
    app,
    drainBucket: (shop) => bucketFor(shop.toLowerCase()).drain(),
    setLimits: (next) => {
      limits = next;
      for (const bucket of buckets.values()) bucket.setLimits(next);
    },
    close: async () => {
      for (const socket of hanging) socket.destroy();
      await server.close();
    },
  };
}

function shopOf(request: FastifyRequest): string {
  const header = request.headers["x-shopify-shop-domain"];
  return (typeof header === "string" ? header : (String(request.hostname).split(":")[0] ?? "")).toLowerCase();
}

/**
 * A shop with tokens on record (installed through OAuth, or registered by a test) accepts
 * only those, unexpired; a shop without any accepts any non-empty token — a custom app's
 * token given to `loyalty shops add` that the emulator cannot know in advance.
 */
function authorised(state: EmulatorState, shop: string, token: unknown, now: () => Date): boolean {
  if (typeof token !== "string" || token === "") return false;
  const tokens = state.shop(shop).tokens;
  if (tokens.size === 0) return true;
  if (!tokens.has(token)) return false;
  const expiresAt = tokens.get(token);
  return expiresAt === null || expiresAt === undefined || expiresAt > now().getTime();
}

function answerFault(fault: Fault, request: FastifyRequest, reply: FastifyReply, hanging: Set<Socket>) {
  if (fault.kind === "http_error")
    return reply.code(fault.status).send(fault.body ?? { errors: "Internal Server Error" });
  if (fault.kind === "hang") {
    hanging.add(request.raw.socket);
    request.raw.socket.once("close", () => hanging.delete(request.raw.socket));
  } else request.raw.socket.destroy();
  return reply.hijack();
}
