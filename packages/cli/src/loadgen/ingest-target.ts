import { shopifyWebhookHeaders } from "@loyalty/shopify";
import { Pool } from "undici";
import { z } from "zod";
import { CliError } from "../cli-error.ts";
import type { RequestOutcome } from "./run-stats.ts";
import type { Delivery } from "./webhook-plan.ts";

/** Shopify gives up after 5 s; a request still unanswered after 10 s is counted as a timeout. */
export const REQUEST_TIMEOUT_MS = 10_000;
const WEBHOOK_PATH = "/webhooks/shopify";

const IngestAnswer = z.object({
  status: z.enum(["accepted", "duplicate", "ignored"]),
  eventId: z.string().optional(),
});

/**
 * True for loopback hosts only. Load is generated against a local stack: pointed at a shared
 * or production ingest it would write made-up orders and points into real shops.
 */
export function isLoopbackUrl(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Parses and checks a target URL: http(s), loopback host. */
export function localHttpUrl(raw: string, option: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError("usage", `${option} must be a URL, got "${raw}"`, 2);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new CliError("usage", `${option} must start with http:// or https://`, 2);
  if (!isLoopbackUrl(url))
    throw new CliError("non_local_target", `${option} must point at this machine (localhost, 127.x, ::1)`, 2);
  return url;
}

export interface IngestTarget {
  send(delivery: Delivery): Promise<RequestOutcome>;
  close(): Promise<void>;
}

export interface IngestTargetOptions {
  url: URL;
  shop: string;
  secret: string;
  /** Connections kept open: one per request in flight. */
  connections: number;
}

/** Signs each delivery as Shopify does and POSTs it over a keep-alive undici pool. */
export function createIngestTarget(options: IngestTargetOptions): IngestTarget {
  const pool = new Pool(options.url.origin, {
    connections: options.connections,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  const path = `${options.url.pathname.replace(/\/$/, "")}${WEBHOOK_PATH}`;
  return {
    async send(delivery) {
      const headers = shopifyWebhookHeaders({
        body: delivery.body,
        secret: options.secret,
        topic: delivery.topic,
        shop: options.shop,
        webhookId: delivery.webhookId,
        triggeredAt: delivery.triggeredAt,
        eventId: delivery.shopifyEventId,
      });
      try {
        const response = await pool.request({ method: "POST", path, headers, body: delivery.body });
        const text = await response.body.text();
        if (response.statusCode < 200 || response.statusCode >= 300)
          return { kind: "error", reason: String(response.statusCode) };
        const answer = IngestAnswer.safeParse(parseJson(text));
        if (!answer.success) return { kind: "error", reason: `${response.statusCode} unexpected body` };
        return { kind: "answered", status: answer.data.status, eventId: answer.data.eventId ?? null };
      } catch (error) {
        return { kind: "error", reason: transportReason(error) };
      }
    },
    close: () => pool.close(),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `ECONNREFUSED`, `timeout`…: short keys, so errors group in the summary. */
function transportReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") return "timeout";
  if (typeof code === "string") return code;
  return error instanceof Error ? error.name : "network error";
}
