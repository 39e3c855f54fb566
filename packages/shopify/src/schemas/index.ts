export * from "./app-uninstalled.ts";
export * from "./common.ts";
export * from "./customers.ts";
export * from "./customers-data-request.ts";
export * from "./customers-redact.ts";
export * from "./orders.ts";
export * from "./refunds.ts";
export * from "./shop-redact.ts";
