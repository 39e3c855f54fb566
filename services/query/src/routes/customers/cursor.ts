import { badRequest } from "@loyalty/platform";

/**
 * History cursors are base64url of the last ledger id returned. Ledger ids only grow, so
 * "older than id N" is stable while new rows are inserted: a page never repeats or skips a
 * row. Opaque to clients so the encoding can change.
 */
export function encodeCursor(ledgerId: number): string {
  return Buffer.from(String(ledgerId), "utf8").toString("base64url");
}

/** @throws HttpError 400 `invalid_cursor` for anything encodeCursor did not produce. */
export function decodeCursor(cursor: string): number {
  const text = /^[A-Za-z0-9_-]{1,24}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  const id = /^[1-9][0-9]{0,15}$/.test(text) ? Number(text) : Number.NaN;
  // Re-encoding must give the same string back: rejects padding and other aliases of a cursor.
  if (!Number.isSafeInteger(id) || encodeCursor(id) !== cursor) {
    throw badRequest("invalid_cursor", "The cursor is not one this API returned.", [
      { path: "$.cursor", message: "is not a valid cursor" },
    ]);
  }
  return id;
}
