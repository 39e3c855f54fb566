import { claimDueCommands } from "@loyalty/db";
import { defaultRetryDelayMs, type IssuerDeps, runCommand } from "./issue-redemption.ts";

export interface RedemptionWorkerOptions extends IssuerDeps {
  /** Sleep between rounds when nothing was due. */
  intervalMs?: number;
  /** Commands claimed per round (and run side by side). */
  batchSize?: number;
}

export interface RedemptionWorker {
  /** One round: claim what is due, run it; resolves with how many ran. */
  tick(): Promise<number>;
  start(): void;
  /** Stops claiming and waits for the round in flight. */
  stop(): Promise<void>;
}

/**
 * Retries the Shopify commands the inline attempt did not finish (Shopify down, throttled,
 * the process died mid-call): every round claims due commands under a lease and runs them.
 * Any number of workers may run (SKIP LOCKED + leases), so every query replica runs one.
 */
export function createRedemptionWorker(options: RedemptionWorkerOptions): RedemptionWorker {
  const intervalMs = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 10;
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<number> | undefined;

  async function tick(): Promise<number> {
    const commands = await claimDueCommands(options.sql, {
      now: options.now(),
      leaseMs: options.leaseMs ?? 60_000,
      limit: batchSize,
    });
    await Promise.all(
      commands.map((command) => runCommand({ retryDelayMs: defaultRetryDelayMs, ...options }, command)),
    );
    return commands.length;
  }

  function schedule(delay: number) {
    if (!running) return;
    timer = setTimeout(() => {
      inFlight = tick()
        .catch((error: unknown) => {
          options.logger.error({ err: error }, "redemption worker round failed");
          return 0;
        })
        .then((ran) => {
          inFlight = undefined;
          schedule(ran === batchSize ? 0 : intervalMs);
          return ran;
        });
    }, delay);
  }

  return {
    tick,
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}
