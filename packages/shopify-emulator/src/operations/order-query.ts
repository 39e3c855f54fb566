import type { EmulatedOrder } from "../shop-state.ts";

const FIELDS = { updated_at: "updatedAt", created_at: "createdAt", processed_at: "processedAt" } as const;
const TERM = /^(updated_at|created_at|processed_at):(>=|<=|>|<)?(.+)$/;

/**
 * The date terms of Shopify's order search syntax. An unknown term matches nothing, as
 * Shopify's search would not silently ignore it either… except Shopify does ignore unknown
 * fields; the emulator throws instead so a typo in our query cannot pass a test.
 */
export function parseOrderQuery(query: string): (order: EmulatedOrder) => boolean {
  const terms = query
    .split(/\s+(?:AND\s+)?/)
    .map((t) => t.trim())
    .filter((t) => t !== "" && t !== "AND");
  const tests = terms.map((term) => {
    const match = TERM.exec(term);
    if (!match) throw new Error(`the emulator does not model the order search term "${term}"`);
    const field = FIELDS[match[1] as keyof typeof FIELDS];
    const op = match[2] ?? "=";
    const at = new Date(match[3]?.replace(/^['"]|['"]$/g, "") ?? "").getTime();
    return (order: EmulatedOrder) => {
      const value = new Date(order[field]).getTime();
      if (op === ">=") return value >= at;
      if (op === ">") return value > at;
      if (op === "<=") return value <= at;
      if (op === "<") return value < at;
      return value === at;
    };
  });
  return (order) => tests.every((test) => test(order));
}
