import { setTimeout as sleep } from "node:timers/promises";
import { eventIdFor } from "@loyalty/core";
import { shopifyWebhookHeaders } from "@loyalty/shopify";
import type { PlannedWebhook } from "../../tests/reliability/support/scenario.ts";

export interface SendStats {
  /** HTTP requests made, retries included. */
  requests: number;
  accepted: number;
  duplicate: number;
  /** Requests repeated (same webhook id) after a 503 or a dropped connection, as Shopify would. */
  retried: number;
  /** Answers that were neither accepted nor duplicate (a bug if any). */
  unexpected: Array<{ webhookId: string; status: number; body: string }>;
  /** Event ids ingest holds: answered accepted, or duplicate (an earlier copy was accepted). */
  inStream: Set<string>;
  done: number;
}

const MAX_TRIES = 40;

/**
 * Posts every planned webhook, signed, to ingest with `concurrency` requests in flight.
 * Node's fetch is undici; its global agent keeps the connections alive.
 */
export async function sendWebhooks(
  webhooks: readonly PlannedWebhook[],
  options: { url: string; secret: string; shop: string; concurrency: number },
  stats: SendStats,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < webhooks.length; index = next++) {
      await sendOne(webhooks[index]!, options, stats);
      stats.done++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
}

async function sendOne(
  webhook: PlannedWebhook,
  options: { url: string; secret: string; shop: string },
  stats: SendStats,
): Promise<void> {
  const headers = shopifyWebhookHeaders({
    body: webhook.body,
    secret: options.secret,
    topic: webhook.topic,
    shop: options.shop,
    webhookId: webhook.webhookId,
  });
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    stats.requests++;
    let status = 0;
    let text = "";
    try {
      const response = await fetch(options.url, { method: "POST", headers, body: webhook.body });
      status = response.status;
      text = await response.text();
    } catch (error) {
      text = error instanceof Error ? error.message : String(error);
    }
    if (status === 200) {
      const answer = JSON.parse(text) as { status: string; eventId?: string };
      if (answer.status === "accepted") stats.accepted++;
      else if (answer.status === "duplicate") stats.duplicate++;
      else stats.unexpected.push({ webhookId: webhook.webhookId, status, body: text });
      if (answer.status === "accepted" || answer.status === "duplicate")
        stats.inStream.add(answer.eventId ?? eventIdFor(options.shop, webhook.webhookId));
      return;
    }
    if (status !== 0 && status !== 503) {
      stats.unexpected.push({ webhookId: webhook.webhookId, status, body: text.slice(0, 300) });
      return;
    }
    stats.retried++;
    await sleep(100 * attempt);
  }
  stats.unexpected.push({
    webhookId: webhook.webhookId,
    status: 0,
    body: `gave up after ${MAX_TRIES} tries`,
  });
}
