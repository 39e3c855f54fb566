import type { LagSample } from "./lag-source.ts";

const BARS = "▁▂▃▄▅▆▇█";

/** One character per value, scaled to the largest; unknown values are a space. */
export function sparkline(values: ReadonlyArray<number | null>): string {
  const known = values.filter((value): value is number => value !== null);
  const max = Math.max(0, ...known);
  return values
    .map((value) => {
      if (value === null) return " ";
      if (max === 0) return BARS[0];
      return BARS[Math.min(BARS.length - 1, Math.floor((value / max) * (BARS.length - 1) + 0.5))];
    })
    .join("");
}

/** At most `width` values, keeping each bucket's maximum (a spike must not vanish). */
export function downsample(samples: readonly LagSample[], width: number): LagSample[] {
  if (samples.length <= width) return [...samples];
  const buckets: LagSample[] = [];
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * samples.length) / width);
    const to = Math.floor(((i + 1) * samples.length) / width);
    const bucket = samples.slice(from, Math.max(to, from + 1));
    const peak = bucket.reduce((best, sample) => ((sample.lag ?? -1) > (best.lag ?? -1) ? sample : best));
    buckets.push(peak);
  }
  return buckets;
}

/**
 * The lag curve as text: a sparkline over the whole run, then a compact table (time, lag,
 * pending) of at most `rows` points, peaks kept.
 */
export function lagCurveLines(
  samples: readonly LagSample[],
  options: { width?: number; rows?: number } = {},
) {
  if (samples.length === 0) return ["lag curve: no samples (the lag source could not be read)"];
  const spark = downsample(samples, options.width ?? 60);
  const peak = samples.reduce((best, sample) => ((sample.lag ?? -1) > (best.lag ?? -1) ? sample : best));
  const last = samples.at(-1)!;
  const lines = [
    `lag curve (sampled each second): ${sparkline(spark.map((sample) => sample.lag))}`,
    `  peak ${peak.lag ?? "unknown"} at ${peak.atSeconds}s, last ${last.lag ?? "unknown"} at ${last.atSeconds}s`,
    `  ${"t(s)".padStart(7)}  ${"lag".padStart(8)}  ${"pending".padStart(8)}`,
  ];
  for (const sample of downsample(samples, options.rows ?? 12)) {
    lines.push(
      `  ${sample.atSeconds.toFixed(1).padStart(7)}  ${String(sample.lag ?? "?").padStart(8)}  ${String(sample.pending).padStart(8)}`,
    );
  }
  return lines;
}
