import { randomUUID } from "node:crypto";
import { EventEnvelope } from "@loyalty/core";
import { badRequest } from "@loyalty/platform";
import { normaliseWebhook, type PayloadIssue } from "@loyalty/shopify";
import { z } from "zod";
import { NormalisedEvent, ShopifyWebhookEvent } from "./schemas.ts";

const Rules = z.array(z.unknown()).optional();
const WebhookBody = z.object({ event: ShopifyWebhookEvent, rules: Rules });
const NormalisedBody = z.object({ event: NormalisedEvent, rules: Rules });

export interface SimulateRequest {
  event: EventEnvelope;
  /** Draft rules, still to be validated; undefined means the saved active rules. */
  rules: unknown[] | undefined;
}

export interface EnvelopeContext {
  shop: string;
  now: Date;
  requestId: string;
}

/**
 * The simulate body as the envelope the processor would receive. Each event form is parsed
 * with its own schema (chosen by `topic`), so a mistake is reported at its own path rather
 * than as "matches no branch of the union". Throws ZodError (400 validation_failed) or
 * `invalid_event` for a webhook payload ingest would refuse.
 */
export function parseSimulateBody(body: unknown, context: EnvelopeContext): SimulateRequest {
  const event = (body as { event?: unknown } | null)?.event;
  if (typeof event === "object" && event !== null && "topic" in event) {
    const parsed = WebhookBody.parse(body);
    return { event: fromWebhook(parsed.event, context), rules: parsed.rules };
  }
  const parsed = NormalisedBody.parse(body);
  return { event: fromNormalised(parsed.event, context), rules: parsed.rules };
}

function fromWebhook(event: ShopifyWebhookEvent, context: EnvelopeContext): EventEnvelope {
  // The very normalisation ingest applies, so simulate sees the facts the processor will.
  const result = normaliseWebhook({
    topic: event.topic,
    shop: context.shop,
    webhookId: `simulate-${randomUUID()}`,
    ...(event.triggeredAt ? { triggeredAt: event.triggeredAt } : {}),
    requestId: context.requestId,
    receivedAt: context.now,
    payload: event.payload,
  });
  if (result.status === "ok") return result.envelope;
  if (result.status === "ignored") {
    throw badRequest("unsupported_topic", `Topic ${event.topic} earns no points and cannot be simulated.`);
  }
  const details = (result.error.details as PayloadIssue[]).map((issue) => ({
    path: payloadPath(issue.path),
    message: issue.message,
  }));
  throw badRequest("invalid_event", result.error.message, details);
}

function fromNormalised(event: NormalisedEvent, context: EnvelopeContext): EventEnvelope {
  const { data } = event;
  // As ingest derives them: refunds name only their order, customer events only the customer.
  const derived =
    "refundId" in data
      ? { customerId: null, orderId: data.orderId }
      : "orderId" in data
        ? { customerId: data.customer?.id ?? null, orderId: data.orderId }
        : { customerId: data.id, orderId: null };
  const now = context.now.toISOString();
  return EventEnvelope.parse({
    id: event.id ?? `sim_${randomUUID()}`,
    type: event.type,
    shop: context.shop,
    customerId: event.customerId === undefined ? derived.customerId : event.customerId,
    orderId: derived.orderId,
    webhookId: "simulate",
    occurredAt: event.occurredAt ?? now,
    receivedAt: now,
    requestId: context.requestId,
    attempt: 0,
    data,
  });
}

/** Shopify issue paths (`line_items[0].price`, `$`) placed inside the request body. */
function payloadPath(path: string): string {
  if (path === "$") return "$.event.payload";
  return path.startsWith("[") ? `$.event.payload${path}` : `$.event.payload.${path}`;
}
