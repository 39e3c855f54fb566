import { EventType } from "@loyalty/core";
import { describe, expect, it } from "vitest";
import { eventTypeForTopic, isShopifyTopic, SHOPIFY_TOPICS, topicForEventType } from "../src/index.ts";

describe("topic map", () => {
  it("maps every contract topic to its event type", () => {
    expect(Object.fromEntries(SHOPIFY_TOPICS.map((topic) => [topic, eventTypeForTopic(topic)]))).toEqual({
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
    });
  });

  it("covers every event type in both directions", () => {
    for (const type of EventType.options) expect(eventTypeForTopic(topicForEventType(type))).toBe(type);
  });

  it("knows nothing of topics we do not handle, including Object.prototype names", () => {
    for (const topic of ["products/create", "constructor", "__proto__", "ORDERS/CREATE", ""]) {
      expect(eventTypeForTopic(topic)).toBeNull();
      expect(isShopifyTopic(topic)).toBe(false);
    }
  });
});
