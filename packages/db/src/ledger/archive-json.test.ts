import type { EventEnvelope } from "@loyalty/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMigratedTestDatabase, type MigratedTestDatabase } from "../testing.ts";
import { applyEventBatch, type LedgerDeps } from "./apply-batch.ts";

let database: MigratedTestDatabase;
beforeAll(async () => {
  database = await createMigratedTestDatabase({ label: "archivejson" });
});
afterAll(async () => {
  await database.cleanup();
});

const deps: LedgerDeps = {
  evaluateRules: () => ({ matched: [], actions: [], points: 0 }),
  now: () => new Date("2026-05-04T10:00:02.000Z"),
};

function profileEvent(id: string): EventEnvelope {
  return {
    id,
    type: "customer.updated",
    shop: "archive-test.myshopify.com",
    customerId: "42",
    orderId: null,
    webhookId: `wh-${id}`,
    occurredAt: "2026-05-04T10:00:00.000Z",
    receivedAt: "2026-05-04T10:00:01.000Z",
    requestId: "req-1",
    attempt: 0,
    data: {
      id: "42",
      email: 'quote " and \\ backslash',
      firstName: "Ada",
      lastName: null,
      phone: null,
      tags: [],
      createdAt: null,
      updatedAt: null,
    },
  };
}

async function archived(id: string): Promise<string> {
  const [row] = await database.sql<
    { payload: string }[]
  >`SELECT payload::text AS payload FROM events WHERE id = ${id}`;
  return row!.payload;
}

describe("the event archive", () => {
  it("stores the text the envelope arrived as when the caller has it", async () => {
    const event = profileEvent("evt_archive_raw");
    const raw = `{ "arrived": "as is", ${JSON.stringify(event).slice(1)}`;
    await applyEventBatch(database.sql, [event], {
      ...deps,
      envelopeJson: (e) => (e === event ? raw : undefined),
    });
    expect(await archived(event.id)).toBe(raw);
  });

  it("serialises the envelope when no text is known", async () => {
    const event = profileEvent("evt_archive_serialised");
    await applyEventBatch(database.sql, [event], { ...deps, envelopeJson: () => undefined });
    expect(JSON.parse(await archived(event.id))).toEqual(event);
  });
});
