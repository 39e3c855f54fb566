import { ledgerKind } from "@loyalty/db";
import { z } from "zod";

export const CustomerParams = z.object({
  customerId: z
    .string()
    .min(1)
    .max(100)
    .describe("Shopify customer id (the router refuses longer ones with 414)"),
});

export const CustomerBalance = z.object({
  customerId: z.string(),
  balance: z.number().int().describe("Spendable points; may be negative after a clawback"),
  lifetimePoints: z.number().int().describe("Earned minus clawed back; redemptions do not lower it"),
  pendingPoints: z
    .number()
    .int()
    .describe("Earned but held until the order is fulfilled or its pending days pass"),
  expiringPoints: z
    .array(z.object({ points: z.number().int(), expiresAt: z.string().describe("ISO-8601") }))
    .describe("Points left per expiry date, soonest first (fixed expiry)"),
  tier: z.object({ key: z.string(), name: z.string(), level: z.number().int() }).nullable(),
  nextTier: z.object({ key: z.string(), name: z.string(), minPoints: z.number().int() }).nullable(),
  tierProgress: z.number().int().min(0).max(100).describe("Percent of the way to nextTier (100 at the top)"),
});
export type CustomerBalance = z.infer<typeof CustomerBalance>;

export const TransactionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional().describe("nextCursor of the previous page"),
});

export const Transaction = z.object({
  id: z.string().describe("Ledger row id"),
  delta: z.number().int(),
  kind: z.enum(ledgerKind.enumValues),
  reason: z.string(),
  eventId: z.string().nullable(),
  ruleId: z.string().nullable(),
  orderId: z.string().nullable(),
  apiKeyId: z.string().nullable().describe("The API key that made it (manual adjustments)"),
  createdAt: z.string().describe("ISO-8601"),
});
export type Transaction = z.infer<typeof Transaction>;

export const TransactionPage = z.object({
  items: z.array(Transaction).describe("Newest first"),
  nextCursor: z.string().nullable().describe("Pass as ?cursor= for older rows; null on the last page"),
});

export const RedemptionRequest = z.object({
  rewardId: z.string().min(1).max(64).describe("The reward's key"),
  idempotencyKey: z
    .string()
    .min(1)
    .max(255)
    .describe("Client-chosen; the same key again returns the first answer and spends nothing"),
});

export const AdjustmentRequest = z.object({
  points: z
    .number()
    .int()
    .refine((n) => n !== 0, "must not be 0")
    .refine((n) => Math.abs(n) <= 1_000_000_000, "at most 1000000000 either way")
    .describe("Points to add (positive) or take (negative)"),
  reason: z.string().trim().min(1).max(500).describe("Shown in the customer's transactions"),
  idempotencyKey: z.string().min(1).max(255).describe("The same key again returns the first answer"),
});
