export interface PartitionState {
  partition: number;
  length: number;
  lag: number | null;
  pending: number;
  dlq: number;
  retrying: number;
}

/** Totals over every partition; lag is unknown (null) while any partition's is. */
export function streamTotals(partitions: PartitionState[]): Omit<PartitionState, "partition"> {
  let lag: number | null = 0;
  const totals = { length: 0, pending: 0, dlq: 0, retrying: 0 };
  for (const p of partitions) {
    totals.length += p.length;
    totals.pending += p.pending;
    totals.dlq += p.dlq;
    totals.retrying += p.retrying;
    lag = lag === null || p.lag === null ? null : lag + p.lag;
  }
  return { ...totals, lag };
}
