/**
 * The tables drizzle-kit manages (drizzle.config.ts points here). `events` is absent on
 * purpose: it is partitioned, which drizzle-kit cannot express, so a custom migration owns it.
 */
export * from "./adjustments.ts";
export * from "./api-keys.ts";
export * from "./customer-orders.ts";
export * from "./customer-timers.ts";
export * from "./customers.ts";
export * from "./order-refunds.ts";
export * from "./outbox.ts";
export * from "./points-ledger.ts";
export * from "./points-lots.ts";
export * from "./processed-events.ts";
export * from "./redemptions.ts";
export * from "./rewards.ts";
export * from "./rule-awards.ts";
export * from "./rule-executions.ts";
export * from "./rule-versions.ts";
export * from "./rules.ts";
export * from "./shop-settings.ts";
export * from "./shop-tokens.ts";
export * from "./shopify-commands.ts";
export * from "./shops.ts";
export * from "./tiers.ts";
export * from "./util/enums.ts";
export * from "./webhook-deliveries.ts";
export * from "./webhook-endpoints.ts";
