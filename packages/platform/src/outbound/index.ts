export * from "./address-ranges.ts";
export * from "./guarded-lookup.ts";
export * from "./outbound-policy.ts";
