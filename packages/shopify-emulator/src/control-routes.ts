import type { FastifyInstance } from "fastify";
import type { Fault, FaultQueue } from "./faults.ts";
import type { RecordedRequest } from "./recorded-request.ts";
import type { EmulatedOrder, EmulatorState } from "./shop-state.ts";

interface ControlDeps {
  state: EmulatorState;
  faults: FaultQueue;
  requests: RecordedRequest[];
}

/**
 * `/_emulator/*`: what a person (the demo) or a test in another process reads and steers.
 * Not part of Shopify's API; never reachable through our Admin client (which only posts to
 * /admin/api/…/graphql.json).
 */
export function registerControlRoutes(app: FastifyInstance, { state, faults, requests }: ControlDeps) {
  app.get("/_emulator/requests", async () => ({ requests }));
  app.get("/_emulator/shops/:shop/discounts", async (request) => {
    const shop = state.shop((request.params as { shop: string }).shop);
    return { discounts: [...shop.discounts.values()] };
  });
  app.get("/_emulator/shops/:shop/credits", async (request) => ({
    credits: state.shop((request.params as { shop: string }).shop).credits,
  }));
  app.put("/_emulator/shops/:shop/orders", async (request) => {
    const shop = state.shop((request.params as { shop: string }).shop);
    const orders = (request.body as { orders: EmulatedOrder[] }).orders;
    for (const order of orders) shop.orders.set(order.id, order);
    return { count: shop.orders.size };
  });
  app.post("/_emulator/faults", async (request) => {
    const body = request.body as
      | { fault: Fault; times?: number; operation?: string }
      | { down: boolean }
      | { clear: true };
    if ("down" in body) faults.down = body.down;
    else if ("clear" in body) faults.clear();
    else
      faults.arm(body.fault, {
        ...(body.times ? { times: body.times } : {}),
        ...(body.operation ? { operation: body.operation } : {}),
      });
    return { ok: true };
  });
}
