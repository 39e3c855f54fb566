import { type EventType, LoyaltyError } from "@loyalty/core";
import { z } from "zod";

/** Every Shopify webhook topic we subscribe to, and the event type it becomes. */
export const SHOPIFY_TOPIC_EVENT_TYPES = {
  "orders/create": "order.created",
  "orders/paid": "order.paid",
  "orders/cancelled": "order.cancelled",
  "orders/fulfilled": "order.fulfilled",
  "refunds/create": "refund.created",
  "customers/create": "customer.created",
  "customers/update": "customer.updated",
  "customers/redact": "customer.redact",
  "customers/data_request": "customer.data_request",
  "shop/redact": "shop.redact",
  "app/uninstalled": "app.uninstalled",
} as const satisfies Record<string, EventType>;

export type ShopifyTopic = keyof typeof SHOPIFY_TOPIC_EVENT_TYPES;

const TOPICS = Object.keys(SHOPIFY_TOPIC_EVENT_TYPES) as [ShopifyTopic, ...ShopifyTopic[]];

export const ShopifyTopic = z.enum(TOPICS);

export const SHOPIFY_TOPICS: readonly ShopifyTopic[] = TOPICS;

// A Map rather than an object lookup: a topic header of "constructor" or "__proto__" must not
// find anything on Object.prototype.
const TOPIC_TO_TYPE: ReadonlyMap<string, EventType> = new Map(Object.entries(SHOPIFY_TOPIC_EVENT_TYPES));
const TYPE_TO_TOPIC: ReadonlyMap<EventType, ShopifyTopic> = new Map(
  TOPICS.map((topic) => [SHOPIFY_TOPIC_EVENT_TYPES[topic], topic]),
);

export function isShopifyTopic(topic: string): topic is ShopifyTopic {
  return TOPIC_TO_TYPE.has(topic);
}

/** The event type for a topic, or null for a topic we do not handle (answered 200 "ignored"). */
export function eventTypeForTopic(topic: string): EventType | null {
  return TOPIC_TO_TYPE.get(topic) ?? null;
}

/** The topic Shopify sends for an event type (load generator, demo, docs). */
export function topicForEventType(type: EventType): ShopifyTopic {
  const topic = TYPE_TO_TOPIC.get(type);
  if (topic === undefined) {
    throw new LoyaltyError("unknown_event_type", `no Shopify topic produces ${type}`, [{ type }]);
  }
  return topic;
}
