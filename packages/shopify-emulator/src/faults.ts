import type { UserError } from "./operations/context.ts";

/**
 * What a test can tell the emulator to do instead of answering normally:
 * - `http_error`: answer this status before doing anything (Shopify's 5xx, 401, …)
 * - `hang`: never answer (the client's timeout must fire); released when the emulator closes
 * - `reset`: drop the connection without a byte (the server is down or a proxy died)
 * - `drop_response`: do the work, then drop the connection — the reply is lost, the effect is
 *   not (the crash between "Shopify created the code" and "we recorded it")
 * - `user_errors`: answer the mutation's payload with these userErrors and change nothing
 */
export type Fault =
  | { kind: "http_error"; status: number; body?: unknown }
  | { kind: "hang" }
  | { kind: "reset" }
  | { kind: "drop_response" }
  | { kind: "user_errors"; errors: UserError[] };

interface ArmedFault {
  fault: Fault;
  /** Root field it applies to (e.g. `discountCodeBasicCreate`); undefined = every request. */
  operation: string | undefined;
  remaining: number;
}

/** Faults armed for the next N matching requests, first armed first served. */
export class FaultQueue {
  private armed: ArmedFault[] = [];
  /** While true every request is `reset`: the emulator is "down". */
  down = false;

  arm(fault: Fault, options: { times?: number; operation?: string } = {}): void {
    this.armed.push({ fault, operation: options.operation, remaining: options.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
    this.down = false;
  }

  /** The fault for a request touching these root fields, consumed; undefined = answer normally. */
  take(rootFields: readonly string[]): Fault | undefined {
    if (this.down) return { kind: "reset" };
    const index = this.armed.findIndex(
      (a) => a.remaining > 0 && (a.operation === undefined || rootFields.includes(a.operation)),
    );
    const armed = this.armed[index];
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining <= 0) this.armed.splice(index, 1);
    return armed.fault;
  }
}
