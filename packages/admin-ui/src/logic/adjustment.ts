/** A points adjustment as the form holds it, checked before it is sent. */
export interface AdjustmentDraft {
  points: string;
  reason: string;
}

export type AdjustmentCheck =
  | { ok: true; points: number; reason: string }
  | { ok: false; errors: Partial<Record<keyof AdjustmentDraft, string>> };

export function checkAdjustment(draft: AdjustmentDraft): AdjustmentCheck {
  const errors: Partial<Record<keyof AdjustmentDraft, string>> = {};
  const points = Number(draft.points.trim());
  if (!/^[+-]?\d+$/.test(draft.points.trim()) || points === 0) {
    errors.points = "A whole number of points, not 0 (negative to take points away).";
  }
  if (draft.reason.trim() === "") errors.reason = "Say why: the reason is kept in the customer's history.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, points, reason: draft.reason.trim() };
}

/** One key per submitted adjustment: a retried request after a timeout is not applied twice. */
export function newIdempotencyKey(random: () => string): string {
  return `admin-${random()}`;
}
