import closeWithGrace from "close-with-grace";
import { flushLogger, type Logger } from "./logger.ts";

export interface GracefulShutdownOptions {
  logger: Logger;
  /**
   * Hard deadline for `close`, then exit 1 anyway. Keep it under the orchestrator's grace
   * period (Kubernetes: 30 s) so our own "timed out" line is logged before SIGKILL.
   */
  delayMs?: number;
  /**
   * Stops the process's work: usually `app.close()`, which stops accepting connections,
   * waits for in-flight requests, then runs the onClose hooks that quit Redis and Postgres.
   */
  close: () => Promise<void>;
}

/**
 * On SIGINT/SIGTERM (exit 0) or an uncaught exception / unhandled rejection (exit 1):
 * log why, run `close`, flush the logger, exit. A second signal, or `close` failing or
 * overrunning `delayMs`, exits 1 at once. Returns a function that removes the handlers.
 */
export function installGracefulShutdown(options: GracefulShutdownOptions): () => void {
  const { logger } = options;
  const delayMs = options.delayMs ?? 10_000;
  const handle = closeWithGrace(
    {
      delay: delayMs,
      // We log everything ourselves, as JSON, through pino.
      logger: false,
      onTimeout: () => logger.fatal({ delayMs }, "graceful shutdown timed out; exiting"),
      onSecondSignal: (signal) => logger.warn({ signal }, "second signal during shutdown; exiting now"),
      onSecondError: (err) => logger.fatal({ err }, "second error during shutdown; exiting now"),
    },
    async ({ signal, err }) => {
      if (err !== undefined) logger.fatal({ err }, "uncaught error; shutting down");
      else if (signal !== undefined) logger.info({ signal }, "signal received; shutting down");
      else logger.info("event loop drained; shutting down");
      try {
        await options.close();
        logger.info("shutdown complete");
      } catch (closeError) {
        logger.error({ err: closeError }, "shutdown failed");
        throw closeError;
      } finally {
        await flushLogger(logger);
      }
    },
  );
  return () => handle.uninstall();
}
