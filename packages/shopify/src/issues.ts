import { BOUNDS, fromMinorUnits, isStorableMoneyMinor, LoyaltyError, toMinorUnits } from "@loyalty/core";
import type { z } from "zod";

/** One reason a payload was refused, with the JSON path of the offending value. */
export interface PayloadIssue {
  /** `line_items[0].price`; `$` for the payload itself. */
  path: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else {
      const key = String(segment);
      if (IDENTIFIER.test(key)) text += text.length === 0 ? key : `.${key}`;
      else text += `[${JSON.stringify(key)}]`;
    }
  }
  return text.length === 0 ? "$" : text;
}

export function issuesFromZod(error: z.ZodError): PayloadIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

export function invalidPayload(topic: string, issues: PayloadIssue[]): LoyaltyError {
  const [first] = issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  const summary = first ? `${first.path}: ${first.message}${more}` : "invalid";
  return new LoyaltyError("invalid_payload", `${topic} payload failed validation: ${summary}`, issues);
}

/**
 * Thrown by the mappers for a problem the schema cannot see (an amount too precise for its
 * currency, no subtotal at all); normaliseWebhook turns it into an `invalid` result.
 */
export class PayloadIssueError extends LoyaltyError {
  readonly issue: PayloadIssue;
  constructor(issue: PayloadIssue, options?: ErrorOptions) {
    super("invalid_payload", `${issue.path}: ${issue.message}`, [issue], options);
    this.name = "PayloadIssueError";
    this.issue = issue;
  }
}

/**
 * toMinorUnits, with a failure reported at the amount's path in the payload. Amounts must be
 * within [0, BOUNDS.maxMoneyMinor]: a negative price fails the rules' rate actions, and a
 * 12-digit total turns into more points than a balance can hold — both would be accepted
 * here and dead-lettered later.
 */
export function minorUnitsAt(amount: string, currency: string, path: string): number {
  let minor: number;
  try {
    minor = toMinorUnits(amount, currency);
  } catch (error) {
    if (error instanceof LoyaltyError) {
      throw new PayloadIssueError({ path, message: error.message }, { cause: error });
    }
    throw error;
  }
  if (!isStorableMoneyMinor(minor)) {
    const most = fromMinorUnits(BOUNDS.maxMoneyMinor, currency);
    throw new PayloadIssueError({ path, message: `must be an amount from 0 to ${most} ${currency}` });
  }
  return minor;
}
