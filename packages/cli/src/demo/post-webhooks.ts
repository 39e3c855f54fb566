import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { shopifyWebhookHeaders } from "@loyalty/shopify";
import { CliError } from "../cli-error.ts";
import { DEMO_SHOP, DEMO_WEBHOOKS } from "./demo-data.ts";

/** Reads the raw bytes (what Shopify signs), so the HMAC matches byte for byte. */
async function readFixture(dir: string, file: string): Promise<Buffer> {
  try {
    return await readFile(path.join(dir, file));
  } catch {
    throw new CliError("fixtures_missing", `no Shopify fixture ${file} in ${dir}: pass --fixtures DIR`);
  }
}

/** Posts every demo webhook signed with `secret`, as Shopify would; one line per answer. */
export async function postDemoWebhooks(
  ingestUrl: string,
  fixturesDir: string,
  secret: string,
  say: (line: string) => void,
): Promise<void> {
  for (const { file, topic } of DEMO_WEBHOOKS) {
    const body = await readFixture(fixturesDir, file);
    const headers = shopifyWebhookHeaders({
      body,
      secret,
      topic,
      shop: DEMO_SHOP,
      webhookId: randomUUID(),
      triggeredAt: new Date().toISOString(),
    });
    const response = await fetch(`${ingestUrl}/webhooks/shopify`, { method: "POST", headers, body });
    const text = await response.text();
    if (response.status === 401) {
      throw new CliError(
        "signature_rejected",
        "ingest rejected the webhook signature (401): run the demo with the SHOPIFY_API_SECRET ingest was started with",
      );
    }
    if (response.status !== 200) {
      throw new CliError(
        "webhook_failed",
        `POST ${topic} (${file}) answered ${response.status}: ${text.slice(0, 200)}`,
      );
    }
    const answer = JSON.parse(text) as { status?: string; eventId?: string };
    say(
      `posted ${topic.padEnd(16)} ${file.padEnd(28)} → ${answer.status}${answer.eventId ? ` ${answer.eventId}` : ""}`,
    );
  }
}
