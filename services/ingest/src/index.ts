export { buildIngestApp, type IngestAppOptions } from "./app.ts";
export { type RunningService, startIngest } from "./server.ts";
export { type WebhookRouteOptions, webhookRoute } from "./webhook-route.ts";
