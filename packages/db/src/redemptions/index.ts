export * from "./discount-code.ts";
export * from "./redeem-reward.ts";
export * from "./redemption-errors.ts";
export * from "./reward.ts";
export * from "./rewards-store.ts";
