import type { Notification } from "./alert-receiver.ts";

/** Moments of a drill, in seconds from its start, printed at the end. */
export class Timeline {
  private readonly marks: Array<{ at: number; what: string }> = [];
  readonly startedAt: number;
  constructor(startedAt = Date.now()) {
    this.startedAt = startedAt;
  }

  mark(what: string, at = Date.now()): number {
    this.marks.push({ at, what });
    return at;
  }

  /** Every notification the receiver got, one line per alert in it. */
  addNotifications(notifications: readonly Notification[]): void {
    for (const notification of notifications) {
      for (const alert of notification.alerts) {
        const { alertname, ...rest } = alert.labels;
        const labels = Object.entries(rest)
          .filter(([key]) => key !== "severity")
          .map(([key, value]) => `${key}=${value}`)
          .join(" ");
        this.mark(
          `Alertmanager → receiver: ${alertname} ${alert.status} (${labels})`,
          notification.receivedAt,
        );
      }
    }
  }

  lines(): string[] {
    return [...this.marks]
      .sort((a, b) => a.at - b.at)
      .map(({ at, what }) => `${seconds(at - this.startedAt).padStart(7)}  ${what}`);
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
