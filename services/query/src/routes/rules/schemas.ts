import { CustomerData, OrderData, RefundData } from "@loyalty/core";
import { RuleDefinition, type TopLevelCondition } from "@loyalty/rules";
import { ShopifyTopic } from "@loyalty/shopify";
import { z } from "zod";

/**
 * Conditions nest (`all` of `any` of …). Spelled out recursively they become `$ref`s to
 * schemas the OpenAPI document would not contain, so the document describes them in words;
 * validateRules checks them in full. The cast keeps the real TypeScript type: only the JSON
 * Schema is simplified.
 */
const ConditionsDoc = z
  .record(z.string(), z.unknown())
  .describe(
    'json-rules-engine conditions: {"all":[…]}, {"any":[…]} or {"not":{…}}, nesting; leaves are ' +
      '{"fact":"order|customer|event|shop","path":"$.total","operator":"greaterThanInclusive","value":100}',
  ) as unknown as z.ZodType<TopLevelCondition>;

/** A rule as merchants write it (CONTRACT.md "Rule file"); shown with defaults applied. */
export const RuleDefinitionDoc = RuleDefinition.extend({ conditions: ConditionsDoc.default({ all: [] }) });

/** Request bodies: documented by these schemas, validated by validateRules (every mistake, with its JSON path). */
export const RuleFileDoc = z.union([RuleDefinitionDoc, z.array(RuleDefinitionDoc)]);

export const RuleIdParams = z.object({ id: z.string().describe("The rule's id (a uuid)") });

export const RuleView = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(["active", "paused", "archived"]).describe("Only active rules are evaluated"),
  priority: z.number().int(),
  version: z.number().int().describe("The current (evaluated) version"),
  definition: RuleDefinitionDoc,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type RuleView = z.infer<typeof RuleView>;

export const RuleList = z.object({ items: z.array(RuleView) });

export const RuleListQuery = z.object({
  status: z
    .enum(["active", "paused", "archived", "all"])
    .optional()
    .describe("Only rules in this state; default: active and paused"),
});

export const RuleVersionList = z.object({
  items: z.array(
    z.object({ version: z.number().int(), definition: RuleDefinitionDoc, createdAt: z.iso.datetime() }),
  ),
});

const ORDER_TYPES = ["order.created", "order.paid", "order.cancelled", "order.fulfilled"] as const;

const EventBase = {
  occurredAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("When it happened (campaign windows compare with it); default now"),
  customerId: z.string().min(1).nullable().optional().describe("Default: the customer named in data"),
  id: z.string().min(1).optional().describe("Event id; default a fresh one"),
};

/** A normalised event: the stream envelope's type and data (money in minor units). */
export const NormalisedEvent = z.discriminatedUnion("type", [
  z.object({ type: z.enum(ORDER_TYPES), data: OrderData, ...EventBase }),
  z.object({ type: z.literal("refund.created"), data: RefundData, ...EventBase }),
  z.object({ type: z.enum(["customer.created", "customer.updated"]), data: CustomerData, ...EventBase }),
]);
export type NormalisedEvent = z.infer<typeof NormalisedEvent>;

/** A webhook body exactly as Shopify posts it, normalised the way ingest does. */
export const ShopifyWebhookEvent = z.object({
  topic: ShopifyTopic.describe("The X-Shopify-Topic it would arrive with, e.g. orders/paid"),
  payload: z.record(z.string(), z.unknown()).describe("The webhook body (Shopify REST shape)"),
  triggeredAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("X-Shopify-Triggered-At; default: the payload's own timestamps"),
});
export type ShopifyWebhookEvent = z.infer<typeof ShopifyWebhookEvent>;

export const SimulateBody = z.object({
  event: z
    .union([ShopifyWebhookEvent, NormalisedEvent])
    .describe("Either {topic, payload} (a raw Shopify webhook) or {type, data, …} (a normalised event)"),
  rules: z
    .array(z.unknown())
    .optional()
    .describe("Draft rules (rule file objects) to evaluate instead of the shop's saved active rules"),
});

const RuleRefView = z.object({ ruleId: z.string(), name: z.string(), version: z.number().int() });

export const SimulateResult = z.object({
  matched: z.array(RuleRefView),
  actions: z.array(
    z.union([
      RuleRefView.extend({ type: z.literal("points"), points: z.number().int(), reason: z.string() }),
      RuleRefView.extend({ type: z.literal("tier"), tier: z.string() }),
      RuleRefView.extend({
        type: z.literal("webhook"),
        event: z.string(),
        payload: z.record(z.string(), z.unknown()),
      }),
    ]),
  ),
  points: z.number().int().describe("The points the processor would award (tier multiplier applied)"),
  facts: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe("The facts the rules saw (event, order, customer, shop); null when no rules run for this type"),
});
