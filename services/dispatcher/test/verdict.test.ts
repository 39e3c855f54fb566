import { describe, expect, it } from "vitest";
import { judge } from "../src/verdict.ts";

describe("judging an attempt", () => {
  it("counts any 2xx as delivered", () => {
    expect(judge({ kind: "response", statusCode: 204 }, 1, 3)).toMatchObject({
      outcome: "delivered",
      next: "ack",
    });
  });

  it("retries other statuses and connection errors until the last attempt, then dead-letters", () => {
    expect(judge({ kind: "response", statusCode: 429 }, 1, 3)).toMatchObject({
      outcome: "failed",
      next: "retry",
      reason: { code: "http_429" },
    });
    expect(
      judge({ kind: "error", code: "ECONNREFUSED", message: "connect ECONNREFUSED" }, 2, 3),
    ).toMatchObject({
      outcome: "failed",
      statusCode: null,
    });
    expect(judge({ kind: "error", code: "timeout", message: "slow" }, 3, 3)).toMatchObject({
      outcome: "dead_lettered",
      next: "dead_letter",
    });
  });

  it("dead-letters a 410 Gone at once, whatever attempts are left", () => {
    expect(judge({ kind: "response", statusCode: 410 }, 1, 10)).toMatchObject({
      outcome: "dead_lettered",
      reason: { code: "endpoint_gone" },
    });
  });
});
