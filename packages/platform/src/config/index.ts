export * from "./base-env.ts";
export * from "./env-vars.ts";
export * from "./load-config.ts";
export * from "./service-envs.ts";
export * from "./shopify-admin-env.ts";
export * from "./variable-names.ts";
