/** Resolves when a dependency is usable; rejects (or never settles) when it is not. */
export type ReadinessCheck = (signal: AbortSignal) => Promise<void>;

export interface ReadinessResult {
  check: string;
  ok: boolean;
  /** "ok", "timed out after 1000 ms" or "failed: ECONNREFUSED": safe to show to anyone. */
  message: string;
  /** The real failure, for the log only (it may name hosts and addresses). */
  error?: unknown;
}

/**
 * Runs every check at once, each bounded by `timeoutMs`: a hung Redis connection must turn
 * into a prompt 503, not a probe that times out on the kubelet's side. The signal is aborted
 * on timeout so a check that honours it stops its work.
 */
export async function runReadinessChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<ReadinessResult[]> {
  return Promise.all(Object.entries(checks).map(([check, run]) => runOne(check, run, timeoutMs)));
}

async function runOne(check: string, run: ReadinessCheck, timeoutMs: number): Promise<ReadinessResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), timeoutMs);
  });
  try {
    const outcome = await Promise.race([run(controller.signal).then(() => "ok" as const), timedOut]);
    if (outcome === "timeout") {
      controller.abort(new Error(`readiness check ${check} timed out`));
      return { check, ok: false, message: `timed out after ${timeoutMs} ms` };
    }
    return { check, ok: true, message: "ok" };
  } catch (error) {
    return { check, ok: false, message: failureMessage(error), error };
  } finally {
    clearTimeout(timer);
  }
}

/** Only a system error code (ECONNREFUSED, ETIMEDOUT, …) is shown: messages can carry addresses. */
function failureMessage(error: unknown): string {
  const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? `failed: ${code}` : "failed";
}
