import { Gauge, type Registry } from "prom-client";
import { z } from "zod";

const Count = z.number().int().nonnegative();

/** One partition's numbers, as `loyalty streams status` and GET /v1/ops/streams report them. */
export const StreamPartitionStatus = z.object({
  partition: z.number().int().nonnegative(),
  /** XLEN of `loyalty:events:{p}`. */
  length: Count,
  /** Entries not yet delivered to the group (XINFO GROUPS lag); null when Redis cannot tell. */
  lag: Count.nullable(),
  /** Entries delivered but not acknowledged (XPENDING count). */
  pending: Count,
  /** XLEN of `loyalty:dlq:{p}`. */
  dlq: Count,
});
export type StreamPartitionStatus = z.infer<typeof StreamPartitionStatus>;

/** Per-partition gauges of the event streams, refreshed by whoever polls XINFO. */
export class StreamMetrics {
  /** Entries in each partition's event stream. */
  readonly length: Gauge<"partition">;
  /** Entries in each partition the consumer group has not read yet. */
  readonly lag: Gauge<"partition">;
  /** Entries read by a consumer and not yet acknowledged, per partition. */
  readonly pending: Gauge<"partition">;
  /** Entries in each partition's dead-letter stream. */
  readonly dlqDepth: Gauge<"partition">;

  constructor(options: { register: Registry }) {
    const registers = [options.register];
    const labelNames = ["partition"] as const;
    this.length = new Gauge({
      name: "loyalty_stream_length",
      help: "Entries in the partition's event stream",
      labelNames,
      registers,
    });
    this.lag = new Gauge({
      name: "loyalty_stream_lag",
      help: "Entries of the partition not yet delivered to the consumer group (absent when unknown)",
      labelNames,
      registers,
    });
    this.pending = new Gauge({
      name: "loyalty_stream_pending",
      help: "Entries of the partition delivered but not yet acknowledged",
      labelNames,
      registers,
    });
    this.dlqDepth = new Gauge({
      name: "loyalty_dlq_depth",
      help: "Entries in the partition's dead-letter stream",
      labelNames,
      registers,
    });
  }

  /**
   * Replaces every series with this snapshot. Resetting first drops partitions that no
   * longer exist; both steps are synchronous, so no scrape can see the gap between them.
   *
   * An unknown lag (Redis reports none after XSETID or some trims) is left ABSENT rather
   * than exported as 0 or NaN: 0 would claim "caught up" and silence the lag alert, and NaN
   * poisons every sum() over partitions. An absent series is what `absent()` and the
   * dashboards' "no data" are made for.
   */
  set(statuses: readonly StreamPartitionStatus[]): void {
    for (const gauge of [this.length, this.lag, this.pending, this.dlqDepth]) gauge.reset();
    for (const status of statuses) {
      const labels = { partition: String(status.partition) };
      this.length.set(labels, status.length);
      this.pending.set(labels, status.pending);
      this.dlqDepth.set(labels, status.dlq);
      if (status.lag !== null) this.lag.set(labels, status.lag);
    }
  }
}
