import { LoyaltyError } from "@loyalty/core";
import { RELIABILITY_ERROR_CODES } from "./errors.ts";

/**
 * Operators name a dead letter `<partition>-<streamId>`, e.g. `7-1767268800000-0` is entry
 * `1767268800000-0` of `loyalty:dlq:{7}`. One string that survives a shell and a URL, and the
 * partition comes first so ids sort by partition, then by time.
 */
export interface DeadLetterId {
  partition: number;
  streamId: string;
}

export function formatDeadLetterId(partition: number, streamId: string): string {
  return `${partition}-${streamId}`;
}

export function parseDeadLetterId(id: string, partitions: number): DeadLetterId {
  const match = /^(\d+)-(\d+-\d+)$/.exec(id.trim());
  const partition = match?.[1] === undefined ? Number.NaN : Number(match[1]);
  if (!match?.[2] || !Number.isInteger(partition) || partition >= partitions) {
    throw new LoyaltyError(
      RELIABILITY_ERROR_CODES.invalidDeadLetterId,
      `"${id}" is not a dead-letter id: expected <partition>-<streamId> with partition < ${partitions}, e.g. 3-1767268800000-0`,
      [{ id }],
    );
  }
  return { partition, streamId: match[2] };
}
