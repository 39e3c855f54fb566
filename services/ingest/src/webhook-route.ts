import { type EventEnvelope, isLoyaltyError } from "@loyalty/core";
import {
  badRequest,
  type IngestMetrics,
  type IngestOutcome,
  serviceUnavailable,
  unauthorized,
} from "@loyalty/platform";
import { normaliseWebhook, parseShopifyJson, parseWebhookHeaders, verifyShopifyHmac } from "@loyalty/shopify";
import { type PublishResult, STREAM_ERROR_CODES } from "@loyalty/streams";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export interface WebhookRouteOptions {
  /** Every accepted signing secret, current first (rotation). */
  secrets: readonly string[];
  publish: (envelope: EventEnvelope) => Promise<PublishResult>;
  metrics: IngestMetrics;
  now?: () => Date;
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the webhook handler; read by the onResponse hook that records metrics. */
    ingestOutcome?: IngestOutcome;
  }
}

/**
 * POST /webhooks/shopify, as CONTRACT.md's ingest table says. Order of checks: the HMAC
 * first (an unsigned caller learns nothing about our schemas), then headers, topic, JSON,
 * payload. No Postgres on this path: Shopify waits at most 5 s, and Redis alone answers fast.
 */
export async function webhookRoute(app: FastifyInstance, options: WebhookRouteOptions): Promise<void> {
  const now = options.now ?? (() => new Date());

  // Raw bytes are what Shopify signed: parse JSON ourselves after verifying them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));

  app.addHook("onResponse", async (request, reply) => {
    const outcome = request.ingestOutcome ?? outcomeForStatus(reply.statusCode);
    const topic = request.headers["x-shopify-topic"];
    options.metrics.record(typeof topic === "string" ? topic : undefined, outcome, reply.elapsedTime / 1000);
  });

  app.post("/webhooks/shopify", async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const hmac = request.headers["x-shopify-hmac-sha256"];
    if (
      !options.secrets.some((secret) =>
        verifyShopifyHmac(raw, typeof hmac === "string" ? hmac : undefined, secret),
      )
    ) {
      request.ingestOutcome = "unauthorized";
      throw unauthorized("invalid_hmac", "X-Shopify-Hmac-Sha256 is missing or does not match the body");
    }

    const headers = parseWebhookHeaders(request.headers);
    if (!headers.ok) {
      request.ingestOutcome = "invalid";
      throw badRequest(headers.error.code, headers.error.message, headers.error.details);
    }
    const { topic, shopDomain, webhookId, triggeredAt } = headers.value;

    const text = raw.toString("utf8");
    const payload = parseJson(text);
    if (payload === INVALID_JSON) {
      request.ingestOutcome = "invalid";
      throw badRequest("invalid_json", "The body is not valid JSON");
    }

    const normalised = normaliseWebhook({
      topic,
      shop: shopDomain,
      webhookId,
      rawText: text,
      ...(triggeredAt ? { triggeredAt } : {}),
      requestId: request.id,
      receivedAt: now(),
      payload,
    });
    if (normalised.status === "ignored") {
      request.ingestOutcome = "ignored";
      return reply.send({ status: "ignored" });
    }
    if (normalised.status === "invalid") {
      request.ingestOutcome = "invalid";
      throw badRequest(normalised.error.code, normalised.error.message, normalised.error.details);
    }

    const result = await publishOrUnavailable(options.publish, normalised.envelope);
    request.ingestOutcome = result.status;
    request.log.debug(
      { eventId: result.eventId, partition: result.partition, status: result.status },
      "webhook",
    );
    return reply.send({ status: result.status, eventId: result.eventId });
  });
}

async function publishOrUnavailable(
  publish: WebhookRouteOptions["publish"],
  envelope: EventEnvelope,
): Promise<PublishResult> {
  try {
    return await publish(envelope);
  } catch (error) {
    // Shopify retries non-2xx answers for hours: a 503 while Redis is away loses nothing.
    if (isLoyaltyError(error, STREAM_ERROR_CODES.redisUnavailable)) {
      throw serviceUnavailable("redis_unavailable", "The event store is unavailable; retry later", [], {
        cause: error,
      });
    }
    throw error;
  }
}

const INVALID_JSON = Symbol("invalid_json");

function parseJson(text: string): unknown {
  try {
    // Lossless for 64-bit ids: an 18-digit order id must not round into another order's.
    return parseShopifyJson(text);
  } catch {
    return INVALID_JSON;
  }
}

function outcomeForStatus(status: number): IngestOutcome {
  if (status === 413) return "too_large";
  if (status === 401) return "unauthorized";
  if (status === 503) return "unavailable";
  if (status >= 400 && status < 500) return "invalid";
  if (status >= 500) return "error";
  return "accepted";
}
