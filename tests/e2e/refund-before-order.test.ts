import { afterAll, beforeAll, expect, it } from "vitest";
import { createPipeline, fixtureWith, type Pipeline } from "./pipeline.ts";

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await createPipeline("e2e-refund-first");
  pipeline.startProcessor();
});
afterAll(async () => {
  await pipeline.close();
});

it("retries a refund that arrives before its order until the order is known, then claws back exactly once", async () => {
  const ids = {
    "5810273619001": "5810273619901",
    "7390283726001": "7390283726901",
    "990011223301": "990011223901",
  };
  await pipeline.post(fixtureWith("refunds-create-partial", ids), "refunds/create");

  // The refund cannot be applied yet: it is rescheduled, not lost and not dead-lettered.
  await pipeline.waitFor(
    () =>
      pipeline.redis.client
        .zcard(pipeline.keys.retry(0))
        .then(
          async (n) =>
            n +
            (
              await Promise.all([1, 2, 3].map((p) => pipeline.redis.client.zcard(pipeline.keys.retry(p))))
            ).reduce((a, b) => a + b, 0),
        ),
    (n) => n > 0,
  );
  expect(await pipeline.profile("7390283726901")).toBeNull();

  await pipeline.post(fixtureWith("orders-paid", ids), "orders/paid");
  // 650 earned, then the deferred refund claws back round_half_up(650 × 1525 / 15050) = 66.
  const profile = await pipeline.waitFor(
    () => pipeline.profile("7390283726901"),
    (p) => p?.balance === 584,
  );
  expect(profile).toMatchObject({ balance: 584, lifetimePoints: 584 });
  let dlq = 0;
  for (let p = 0; p < 4; p++) dlq += await pipeline.redis.client.xlen(pipeline.keys.dlq(p));
  expect(dlq).toBe(0);
  expect((await pipeline.verify()).ok).toBe(true);
});
