export * from "./customer-summary.ts";
