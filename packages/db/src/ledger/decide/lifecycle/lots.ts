import type { LotState } from "../types.ts";

const DAY_MS = 86_400_000;

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/** Oldest expiry first; the key breaks ties so every replay consumes the same lots. */
function fifo(a: LotState, b: LotState): number {
  return (
    Date.parse(a.expiresAt) - Date.parse(b.expiresAt) ||
    (a.lotKey < b.lotKey ? -1 : a.lotKey > b.lotKey ? 1 : 0)
  );
}

/**
 * Takes `amount` points out of a customer's lots, oldest first. Points of the balance held in
 * no lot (earned before fixed expiry was turned on) are older than any lot, so they go first.
 * Keeps Σ remaining ≤ max(balance, 0) (verify checks it): with the balance after the debit
 * negative, every lot ends empty. Mutates the given lots; returns those it changed.
 */
export function consumeLots(lots: readonly LotState[], amount: number, balanceBefore: number): LotState[] {
  const held = lots.reduce((sum, lot) => sum + lot.remaining, 0);
  const untracked = Math.max(0, Math.max(balanceBefore, 0) - held);
  let left = amount - Math.min(amount, untracked);
  const changed: LotState[] = [];
  for (const lot of [...lots].sort(fifo)) {
    if (left <= 0) break;
    if (lot.remaining <= 0) continue;
    const take = Math.min(lot.remaining, left);
    lot.remaining -= take;
    left -= take;
    changed.push(lot);
  }
  return changed;
}

/**
 * What of a credit of `points` goes into its lot: a negative balance is covered first (those
 * points were already spent), so the lot gets only what the balance has above zero afterwards.
 */
export function creditedToLot(points: number, balanceBefore: number): number {
  return Math.min(points, Math.max(0, balanceBefore + points));
}

/**
 * When the lot's next reminder is due: `expiresAt − d` for the largest `d` of `remindDaysBefore`
 * not yet sent (smaller than the last sent); null when none is left. May lie in the past (a lot
 * earned late): it is then due at once, and only the most urgent of the passed ones is sent.
 */
export function nextReminderAt(
  expiresAt: string,
  remindDaysBefore: readonly number[],
  remindedDaysBefore: number | null,
): string | null {
  const left = remindDaysBefore.filter((d) => remindedDaysBefore === null || d < remindedDaysBefore);
  if (left.length === 0) return null;
  return addDays(expiresAt, -Math.max(...left));
}

/** Which reminder a reminder event at `at` sends: the smallest unsent offset whose time has come. */
export function reminderToSend(
  lot: LotState,
  remindDaysBefore: readonly number[],
  at: string,
): number | null {
  if (lot.remaining <= 0 || Date.parse(lot.expiresAt) <= Date.parse(at)) return null;
  const due = remindDaysBefore.filter(
    (d) =>
      (lot.remindedDaysBefore === null || d < lot.remindedDaysBefore) &&
      Date.parse(addDays(lot.expiresAt, -d)) <= Date.parse(at),
  );
  return due.length === 0 ? null : Math.min(...due);
}

/** Lots with points left, soonest expiry first (the profile's `expiringPoints`). */
export function liveLots(lots: readonly LotState[]): LotState[] {
  return lots.filter((lot) => lot.remaining > 0).sort(fifo);
}
