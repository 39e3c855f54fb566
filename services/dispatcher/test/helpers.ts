import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { Queryable } from "@loyalty/db";

export const SHOP = "analytical-engines.myshopify.com";
export const CUSTOMER_KEY = `${SHOP}|c|7390283726001`;

export interface ReceivedRequest {
  at: number;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Answer = (request: ReceivedRequest, index: number) => number | "hang";

export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  /** Requests whose connection the client closed before we answered (timeouts), with when. */
  abandoned: Array<{ at: number; deliveryId: string }>;
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on 127.0.0.1 (node:http, no mocks). `answer` picks the status of each
 * request, or "hang": never answer, as a dead endpoint behind a load balancer does.
 */
export async function startReceiver(answer: Answer = () => 200): Promise<Receiver> {
  const received: ReceivedRequest[] = [];
  const abandoned: Receiver["abandoned"] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { at: Date.now(), headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      const index = received.push(request) - 1;
      const status = answer(request, index);
      if (status === "hang") {
        res.on("close", () => {
          if (!res.writableEnded)
            abandoned.push({ at: Date.now(), deliveryId: String(req.headers["x-loyalty-delivery-id"]) });
        });
        return;
      }
      res.writeHead(status, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    abandoned,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function insertEndpoint(
  sql: Queryable,
  options: { url: string; shop?: string; events?: string[]; secret?: string; deleted?: boolean },
): Promise<{ id: string; secret: string }> {
  const secret = options.secret ?? `whsec_${randomBytes(16).toString("hex")}`;
  const [row] = await sql<{ id: string }[]>`
    INSERT INTO webhook_endpoints (shop, url, secret, events, deleted_at)
    VALUES (${options.shop ?? SHOP}, ${options.url}, ${secret}, ${options.events ?? ["*"]}::text[],
      ${options.deleted ? new Date().toISOString() : null}::timestamptz)
    RETURNING id::text AS id`;
  return { id: row!.id, secret };
}

export async function insertOutbox(
  sql: Queryable,
  rows: ReadonlyArray<{
    type?: string;
    payload?: Record<string, unknown>;
    shop?: string;
    partitionKey?: string;
  }>,
): Promise<number[]> {
  const ids: number[] = [];
  for (const row of rows) {
    const [inserted] = await sql<{ id: string }[]>`
      INSERT INTO outbox (shop, partition_key, type, payload, event_id)
      VALUES (${row.shop ?? SHOP}, ${row.partitionKey ?? CUSTOMER_KEY}, ${row.type ?? "points.awarded"},
        ${JSON.stringify(row.payload ?? { customerId: "7390283726001", points: 150 })}::text::jsonb, ${"evt_test"})
      RETURNING id`;
    ids.push(Number(inserted!.id));
  }
  return ids;
}

/** Polls until `check` holds; throws with the last value after `timeoutMs` (a hang guard, not a speed assertion). */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  check: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > until)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await delay(20);
  }
}
