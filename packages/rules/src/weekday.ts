import { LoyaltyError } from "@loyalty/core";
import type { OperatorFn } from "./operator-fn.ts";

/** `dayOfWeekIn`: the event time's ISO weekday, in UTC or an IANA time zone. */

const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

function instantOf(factValue: unknown): number {
  if (typeof factValue === "string") return Date.parse(factValue);
  if (factValue instanceof Date) return factValue.getTime();
  // `{fact: "event"}` without a path: the event's own time.
  if (factValue !== null && typeof factValue === "object") {
    const occurredAt = (factValue as { occurredAt?: unknown }).occurredAt;
    if (typeof occurredAt === "string") return Date.parse(occurredAt);
  }
  return Number.NaN;
}

const QUARTER_HOUR = 15 * 60 * 1000;
const SINCE_1980 = Date.UTC(1980, 0, 1);

/**
 * Weekday in a zone, cached per UTC quarter hour: Intl formatting costs about a microsecond,
 * and events arrive in bursts of nearby times. Exact because every zone's offset since 1980
 * is a whole number of quarter hours, so local midnights and DST switches fall on bucket edges.
 */
const zonedWeekdays = new Map<string, (ms: number) => number>();

export function zonedWeekday(timeZone: string): (ms: number) => number {
  let weekday = zonedWeekdays.get(timeZone);
  if (!weekday) {
    weekday = bucketedWeekday(timeZone);
    zonedWeekdays.set(timeZone, weekday);
  }
  return weekday;
}

function bucketedWeekday(timeZone: string): (ms: number) => number {
  const format = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short" });
  const compute = (ms: number) => WEEKDAYS[format.format(ms)] ?? 0;
  const buckets = new Map<number, number>();
  return (ms) => {
    if (ms < SINCE_1980) return compute(ms);
    const bucket = Math.floor(ms / QUARTER_HOUR);
    let day = buckets.get(bucket);
    if (day === undefined) {
      day = compute(bucket * QUARTER_HOUR);
      if (buckets.size >= 4_096) buckets.clear();
      buckets.set(bucket, day);
    }
    return day;
  };
}

/** ISO weekday (Monday 1 … Sunday 7) of the event time, in UTC or the given IANA zone. */
export function dayOfWeekIn(timeZone: string | undefined): OperatorFn {
  let weekday: (ms: number) => number;
  if (timeZone === undefined) {
    weekday = (ms) => ((new Date(ms).getUTCDay() + 6) % 7) + 1;
  } else if (isValidTimeZone(timeZone)) {
    weekday = zonedWeekday(timeZone);
  } else {
    // Validation refuses this; an unvalidated rule fails loudly rather than guessing a zone.
    return () => {
      throw new LoyaltyError("invalid_time_zone", `"${timeZone}" is not an IANA time zone`, [{ timeZone }]);
    };
  }
  return (factValue, value) => {
    if (!Array.isArray(value)) return false;
    const ms = instantOf(factValue);
    return Number.isFinite(ms) && value.includes(weekday(ms));
  };
}
