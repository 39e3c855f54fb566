import {
  EventEnvelope,
  type EventType,
  eventIdFor,
  findUnstorableText,
  type LoyaltyError,
  mayHoldUnstorableText,
} from "@loyalty/core";
import type { z } from "zod";
import { formatPath, invalidPayload, issuesFromZod, type PayloadIssue, PayloadIssueError } from "./issues.ts";
import { customerData } from "./map/customer.ts";
import {
  appUninstalledData,
  customerDataRequestData,
  customerRedactData,
  shopRedactData,
} from "./map/gdpr.ts";
import { orderData } from "./map/order.ts";
import { refundData } from "./map/refund.ts";
import { AppUninstalledPayload } from "./schemas/app-uninstalled.ts";
import { CustomerPayload } from "./schemas/customers.ts";
import { CustomersDataRequestPayload } from "./schemas/customers-data-request.ts";
import { CustomersRedactPayload } from "./schemas/customers-redact.ts";
import { OrderPayload } from "./schemas/orders.ts";
import { RefundPayload } from "./schemas/refunds.ts";
import { ShopRedactPayload } from "./schemas/shop-redact.ts";
import { toIsoInstant } from "./timestamps.ts";
import { eventTypeForTopic } from "./topics.ts";

export interface WebhookInput {
  topic: string;
  /**
   * The X-Shopify-Shop-Domain header. NOT covered by the HMAC (Shopify signs the body only):
   * GDPR and uninstall bodies must name the same shop (map/gdpr.ts), and webhook ids are
   * deduplicated across shops (the streams producer), so a replay under another shop is refused.
   */
  shop: string;
  webhookId: string;
  /**
   * The body as text, when the caller has it: a body without a `\u0000` or lone-surrogate
   * escape then skips the walk for text Postgres cannot store. Without it, every payload is walked.
   */
  rawText?: string;
  /** X-Shopify-Triggered-At, when sent. */
  triggeredAt?: string;
  requestId: string;
  receivedAt: Date;
  /** The JSON-parsed body. */
  payload: unknown;
}

export type NormaliseResult =
  | { status: "ignored" }
  | { status: "ok"; envelope: EventEnvelope }
  | { status: "invalid"; error: LoyaltyError };

/** What a topic's mapper contributes to the envelope. */
interface Mapped {
  customerId: string | null;
  orderId: string | null;
  data: EventEnvelope["data"];
  /** The payload's own time of the change as an ISO instant (updated_at, else created_at). */
  payloadTime: string | null;
}

interface MapContext {
  shop: string;
  /** Triggered-At or receipt time, for fields the payload leaves empty. */
  fallbackTime: string;
}

type Mapper = (payload: unknown, context: MapContext) => Mapped | { issues: PayloadIssue[] };

/** Each payload is validated exactly once, by its topic's schema, then mapped without copies. */
function mapper<S extends z.ZodType>(
  schema: S,
  map: (payload: z.output<S>, context: MapContext) => Mapped,
): Mapper {
  return (payload, context) => {
    const parsed = schema.safeParse(payload);
    return parsed.success ? map(parsed.data, context) : { issues: issuesFromZod(parsed.error) };
  };
}

const orderMapper = mapper(OrderPayload, (order) => ({
  customerId: order.customer?.id ?? null,
  orderId: order.id,
  data: orderData(order),
  payloadTime: firstInstant(order.updated_at, order.created_at),
}));

const customerMapper = mapper(CustomerPayload, (customer) => ({
  customerId: customer.id,
  orderId: null,
  data: customerData(customer),
  payloadTime: firstInstant(customer.updated_at, customer.created_at),
}));

function firstInstant(preferred: string | null, fallback: string | null): string | null {
  return toIsoInstant(preferred) ?? toIsoInstant(fallback);
}

const MAPPERS: Readonly<Record<EventType, Mapper>> = {
  "order.created": orderMapper,
  "order.paid": orderMapper,
  "order.cancelled": orderMapper,
  "order.fulfilled": orderMapper,
  // Refunds name no customer: the processor resolves it through the order (DESIGN: partitions).
  "refund.created": mapper(RefundPayload, (refund, { fallbackTime }) => ({
    customerId: null,
    orderId: refund.order_id,
    data: refundData(refund, fallbackTime),
    payloadTime: firstInstant(refund.created_at, refund.processed_at),
  })),
  "customer.created": customerMapper,
  "customer.updated": customerMapper,
  "customer.redact": mapper(CustomersRedactPayload, (payload, { shop }) => ({
    customerId: payload.customer.id,
    orderId: null,
    data: customerRedactData(payload, shop),
    payloadTime: null,
  })),
  "customer.data_request": mapper(CustomersDataRequestPayload, (payload, { shop }) => ({
    customerId: payload.customer.id,
    orderId: null,
    data: customerDataRequestData(payload, shop),
    payloadTime: null,
  })),
  "shop.redact": mapper(ShopRedactPayload, (payload, { shop }) => ({
    customerId: null,
    orderId: null,
    data: shopRedactData(payload, shop),
    payloadTime: null,
  })),
  "app.uninstalled": mapper(AppUninstalledPayload, (payload, { shop }) => ({
    customerId: null,
    orderId: null,
    data: appUninstalledData(payload, shop),
    payloadTime: null,
  })),
};

/**
 * Turns one verified Shopify webhook into the envelope written to the stream, or says why
 * not. A topic we do not handle is `ignored` (Shopify gets a 200 and stops retrying); a
 * payload that fails its schema is `invalid` with `invalid_payload` and one
 * `{ path, message }` per problem (the route answers 400).
 */
export function normaliseWebhook(input: WebhookInput): NormaliseResult {
  const type = eventTypeForTopic(input.topic);
  if (type === null) return { status: "ignored" };

  // The id hashes the canonical domain so "Shop.myshopify.com" and "shop.myshopify.com" agree.
  const shop = input.shop.trim().toLowerCase();
  const receivedAt = input.receivedAt.toISOString();
  const triggeredAt = toIsoInstant(input.triggeredAt);

  let mapped: ReturnType<Mapper>;
  try {
    mapped = MAPPERS[type](input.payload, { shop, fallbackTime: triggeredAt ?? receivedAt });
  } catch (error) {
    if (error instanceof PayloadIssueError) {
      return { status: "invalid", error: invalidPayload(input.topic, [error.issue]) };
    }
    throw error;
  }
  if ("issues" in mapped) return { status: "invalid", error: invalidPayload(input.topic, mapped.issues) };
  const unstorable = unstorableTextIssue(input);
  if (unstorable) return { status: "invalid", error: invalidPayload(input.topic, [unstorable]) };

  // Triggered-At is when Shopify saw the change; the payload's own times come next.
  const occurredAt = triggeredAt ?? mapped.payloadTime ?? receivedAt;

  // The envelope is the contract with the processor: a mapping slip must be refused here,
  // as a 400 Shopify can see, rather than dead-letter later in the pipeline.
  const envelope = EventEnvelope.safeParse({
    id: eventIdFor(shop, input.webhookId),
    type,
    shop,
    customerId: mapped.customerId,
    orderId: mapped.orderId,
    webhookId: input.webhookId,
    occurredAt,
    receivedAt,
    requestId: input.requestId,
    attempt: 0,
    data: mapped.data,
  });
  if (!envelope.success) {
    return { status: "invalid", error: invalidPayload(input.topic, issuesFromZod(envelope.error)) };
  }
  return { status: "ok", envelope: envelope.data };
}

/**
 * The whole payload is archived (jsonb) and its ids and texts are stored: a NUL or lone
 * surrogate anywhere in it would fail the processor's transaction (Postgres 22021/22P05)
 * and dead-letter an event we had answered 200.
 */
function unstorableTextIssue(input: WebhookInput): PayloadIssue | null {
  if (input.rawText !== undefined && !mayHoldUnstorableText(input.rawText)) return null;
  const path = findUnstorableText(input.payload);
  if (path === null) return null;
  return {
    path: formatPath(path),
    message: "contains a NUL character or a lone surrogate, which cannot be stored",
  };
}
