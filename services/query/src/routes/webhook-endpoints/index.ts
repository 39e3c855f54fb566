import { randomBytes } from "node:crypto";
import { createOutboundPolicy, notFound } from "@loyalty/platform";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { QueryDeps } from "../../deps.ts";
import { API_KEY_SECURITY } from "../../http/docs.ts";
import { errorResponses } from "../../http/error-responses.ts";
import { createEndpoint, deleteEndpoint, listEndpoints } from "./store.ts";
import { checkEndpointUrl } from "./url-policy.ts";

const EventName = z
  .string()
  .regex(/^(\*|[A-Za-z0-9][A-Za-z0-9_.:-]{0,99})$/, "an event type (points.awarded, tier.changed, …) or *");

const EndpointInput = z.object({
  url: z
    .string()
    .min(1)
    .max(2048)
    .describe(
      "https URL the dispatcher POSTs to (http only outside production); loopback, private, link-local, multicast and metadata destinations are refused",
    ),
  events: z
    .array(EventName)
    .min(1)
    .max(50)
    .default(["*"])
    .describe(
      "Event types to deliver: points.awarded, points.clawed_back, tier.changed, reward.redeemed, a rule's custom event name, or * for all",
    ),
});

const Endpoint = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  createdAt: z.string().describe("ISO-8601"),
});

const CreatedEndpoint = Endpoint.extend({
  secret: z.string().describe("whsec_…: signs X-Loyalty-Signature. Shown only in this answer"),
});

const schema = { tags: ["webhook-endpoints"], security: API_KEY_SECURITY };

/** GET|POST /webhook-endpoints, DELETE /webhook-endpoints/:id (mounted under /v1). */
export const webhookEndpointRoutes: FastifyPluginAsyncZod<QueryDeps> = async (app, deps) => {
  const policy = createOutboundPolicy({
    production: deps.config.NODE_ENV === "production",
    allowedHosts: deps.config.WEBHOOK_ALLOWED_HOSTS,
  });

  app.get(
    "/webhook-endpoints",
    {
      schema: {
        ...schema,
        summary: "The shop's live endpoints (never their secrets)",
        response: { 200: z.array(Endpoint), ...errorResponses(401, 429) },
      },
    },
    async (request) => listEndpoints(deps.readSql, request.shop),
  );

  app.post(
    "/webhook-endpoints",
    {
      schema: {
        ...schema,
        summary: "Subscribe a URL; the answer carries its signing secret, once",
        body: EndpointInput,
        response: { 201: CreatedEndpoint, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const url = await checkEndpointUrl(request.body.url, policy, deps.hostLookup);
      const secret = `whsec_${randomBytes(32).toString("base64url")}`;
      const events = [...new Set(request.body.events)];
      const endpoint = await createEndpoint(deps.sql, request.shop, { url, events, secret });
      return reply.code(201).send({ ...endpoint, secret });
    },
  );

  app.delete(
    "/webhook-endpoints/:id",
    {
      schema: {
        ...schema,
        summary: "Stop deliveries to an endpoint (soft delete: its delivery history stays)",
        params: z.object({ id: z.string().max(64) }),
        response: { 204: z.undefined().describe("Deleted"), ...errorResponses(401, 404, 429) },
      },
    },
    async (request, reply) => {
      if (!(await deleteEndpoint(deps.sql, request.shop, request.params.id, deps.now()))) {
        throw notFound("endpoint_not_found", "No such webhook endpoint in this shop.", [
          { id: request.params.id },
        ]);
      }
      return reply.code(204).send();
    },
  );
};
