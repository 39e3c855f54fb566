import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { LoyaltyError } from "@loyalty/core";
import { z } from "zod";

/** The part of Alertmanager's webhook body (version 4) the drill reads. */
const WebhookBody = z.object({
  status: z.enum(["firing", "resolved"]),
  receiver: z.string(),
  alerts: z.array(
    z.object({
      status: z.enum(["firing", "resolved"]),
      labels: z.record(z.string(), z.string()),
      startsAt: z.string(),
      endsAt: z.string(),
    }),
  ),
});

export interface Notification {
  /** When the POST arrived (ms since the epoch). */
  receivedAt: number;
  receiver: string;
  status: "firing" | "resolved";
  alerts: Array<{ status: "firing" | "resolved"; labels: Record<string, string> }>;
}

export interface AlertReceiver {
  url: string;
  notifications(): readonly Notification[];
  /** The first notification carrying an alert that matches, waiting for it up to `timeoutMs`. */
  waitFor(
    match: (alert: Notification["alerts"][number]) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<Notification>;
  close(): Promise<void>;
}

/**
 * The "on-call" end of the drill: a webhook receiver, as an incident tool's Alertmanager
 * integration is, that records every notification Alertmanager delivers. Alertmanager's own
 * POSTs are the evidence the drill reports, never our reading of the metrics.
 */
export async function startAlertReceiver(): Promise<AlertReceiver> {
  const received: Notification[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = WebhookBody.safeParse(safeJson(Buffer.concat(chunks).toString("utf8")));
      if (!body.success) {
        response.writeHead(400).end();
        return;
      }
      received.push({
        receivedAt: Date.now(),
        receiver: body.data.receiver,
        status: body.data.status,
        alerts: body.data.alerts.map(({ status, labels }) => ({ status, labels })),
      });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/alerts`,
    notifications: () => received,
    async waitFor(match, timeoutMs, what) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((notification) => notification.alerts.some(match));
        if (found) return found;
        if (Date.now() > deadline)
          throw new LoyaltyError(
            "drill_no_notification",
            `Alertmanager delivered no ${what} within ${timeoutMs / 1000} s`,
          );
        await delay(200);
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
