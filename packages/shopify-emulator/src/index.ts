export * from "./admin-schema.ts";
export * from "./emulator.ts";
export * from "./faults.ts";
export * from "./ids.ts";
export type { UserError } from "./operations/context.ts";
export * from "./recorded-request.ts";
export * from "./shop-state.ts";
export * from "./throttle.ts";
