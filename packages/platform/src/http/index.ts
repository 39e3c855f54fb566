export * from "./create-http-app.ts";
export * from "./error-reply.ts";
export * from "./http-error.ts";
export * from "./json-path.ts";
export * from "./log-controller.ts";
export * from "./ops-routes.ts";
export * from "./readiness.ts";
export * from "./request-id.ts";
