import { ENVELOPE_FIELD } from "../entry-codec.ts";
import type { StreamKeys } from "../keys.ts";

/**
 * The three keys one kind of work moves between: its stream, its retry zset and its dead-letter
 * stream. The processor's events and the dispatcher's webhooks each form a lane; the retry,
 * DLQ and claim code is written once against this shape. All three keys of a partition carry
 * the same hash tag, so our Lua scripts touch a single Redis Cluster slot.
 */
export interface RetryLane {
  /** "events" or "webhooks"; shown to operators and recorded with dead letters. */
  readonly name: string;
  readonly partitions: number;
  /** The stream field that holds the JSON payload (the producer writes `e`). */
  readonly field: string;
  stream(partition: number): string;
  retry(partition: number): string;
  dlq(partition: number): string;
}

/** Every reliability function takes either a lane or StreamKeys (meaning the events lane). */
export type LaneKeys = StreamKeys | RetryLane;

export function eventsLane(keys: StreamKeys): RetryLane {
  return {
    name: "events",
    partitions: keys.partitions,
    field: ENVELOPE_FIELD,
    stream: keys.events,
    retry: keys.retry,
    dlq: keys.dlq,
  };
}

export function webhooksLane(keys: StreamKeys): RetryLane {
  return {
    name: "webhooks",
    partitions: keys.partitions,
    field: ENVELOPE_FIELD,
    stream: keys.webhooks,
    retry: keys.webhooksRetry,
    dlq: keys.webhooksDlq,
  };
}

export function toLane(keys: LaneKeys): RetryLane {
  return "stream" in keys ? keys : eventsLane(keys);
}

export function partitionsOf(lane: RetryLane): number[] {
  return Array.from({ length: lane.partitions }, (_, p) => p);
}
