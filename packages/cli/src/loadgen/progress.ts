import { Presets, SingleBar } from "cli-progress";

export interface SendSnapshot {
  planned: number;
  sent: number;
  accepted: number;
  duplicates: number;
  errors: number;
  elapsedMs: number;
}

/** Where a run reports while it goes; the command draws bars, tests and the drill pass none. */
export interface ProgressSink {
  sending(snapshot: SendSnapshot): void;
  processing(processed: number, expected: number, lag: number | null | undefined): void;
  stop(): void;
}

export const NO_PROGRESS: ProgressSink = { sending() {}, processing() {}, stop() {} };

/**
 * Two live bars on stderr (stdout stays for the summary, so `--json` output can be piped):
 * requests sent, then — with --wait — accepted events processed. cli-progress draws nothing
 * when stderr is not a terminal.
 */
export function progressBars(stream: NodeJS.WritableStream = process.stderr): ProgressSink {
  const bar = (format: string) =>
    new SingleBar(
      { format, stream, hideCursor: true, clearOnComplete: false, fps: 5 },
      Presets.shades_classic,
    );
  let send: SingleBar | null = null;
  let wait: SingleBar | null = null;
  return {
    sending(s) {
      const payload = {
        accepted: s.accepted,
        duplicates: s.duplicates,
        errors: s.errors,
        rate: s.elapsedMs > 0 ? ((s.sent * 1000) / s.elapsedMs).toFixed(0) : "0",
      };
      if (!send) {
        send = bar(
          "send {bar} {value}/{total} | accepted {accepted} | dup {duplicates} | errors {errors} | {rate}/s",
        );
        send.start(s.planned, s.sent, payload);
      } else send.update(s.sent, payload);
    },
    processing(processed, expected, lag) {
      const payload = { lag: lag === undefined ? "-" : (lag ?? "?") };
      if (!wait) {
        send?.stop();
        wait = bar("wait {bar} {value}/{total} processed | lag {lag} | {duration_formatted}");
        wait.start(expected, processed, payload);
      } else wait.update(processed, payload);
    },
    stop() {
      send?.stop();
      wait?.stop();
    },
  };
}
