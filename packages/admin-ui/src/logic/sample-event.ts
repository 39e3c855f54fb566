import orderPaid from "../../../../fixtures/shopify/orders-paid.json" with { type: "json" };

/** Simulate's default input: the project's orders/paid fixture, as Shopify posts it. */
export const SAMPLE_EVENT_TEXT = JSON.stringify({ topic: "orders/paid", payload: orderPaid }, null, 2);

export type ParsedEvent = { ok: true; event: Record<string, unknown> } | { ok: false; message: string };

export function parseEventText(text: string): ParsedEvent {
  try {
    const event: unknown = JSON.parse(text);
    if (typeof event !== "object" || event === null || Array.isArray(event)) {
      return { ok: false, message: "The sample event must be a JSON object." };
    }
    return { ok: true, event: event as Record<string, unknown> };
  } catch (error) {
    return { ok: false, message: `Not JSON: ${(error as Error).message}` };
  }
}
