/**
 * JSON.parse for Shopify bodies that keeps 64-bit ids exact.
 *
 * Shopify ids are 64-bit integers sent as JSON numbers; Shopify's own test notifications use
 * 18-digit ids (order 820982911946154508). Plain JSON.parse rounds anything past 2^53, so two
 * different orders would collapse into one. Node 24's JSON.parse hands a reviver each
 * primitive's source text (TC39 "JSON.parse source text access"), so no third-party lossless
 * parser is needed: an integer that a double cannot hold becomes the string of its digits, and
 * the id schemas already take strings.
 *
 * The reviver costs about as much as the parse itself, so it only runs when the text holds a run
 * of 16 or more digits — the shortest an unsafe integer can be. Real bodies today carry 13-digit
 * ids and take the fast path.
 */
export function parseShopifyJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  return JSON.parse(text, keepUnsafeIntegersExact);
}

const LONG_DIGIT_RUN = /\d{16}/;
const INTEGER_SOURCE = /^-?\d+$/;

interface ReviverContext {
  source?: string;
}

function keepUnsafeIntegersExact(this: unknown, _key: string, value: unknown, context?: ReviverContext) {
  if (typeof value !== "number" || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  if (source === undefined) {
    // Only a Node without source text access gets here; rounding silently would misattribute points.
    throw new Error("This Node.js cannot parse 64-bit ids exactly; Node 24 or later is required");
  }
  return INTEGER_SOURCE.test(source) ? source : value;
}
