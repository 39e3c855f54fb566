import { formatJsonPath } from "@loyalty/rules";
import type { z } from "zod";

/** `$[1].minPoints: Too small: expected number to be >=0`, one per zod issue. */
export function issueLines(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[] = []): string[] {
  return issues.map((issue) => `${formatJsonPath([...base, ...issue.path])}: ${issue.message}`);
}
