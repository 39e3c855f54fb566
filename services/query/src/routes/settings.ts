import {
  ExpirySettings,
  effectivePointValue,
  loadSettings,
  PendingSettings,
  PointValue,
  type SettingsCache,
  ShopSettingsInput,
  saveSettings,
} from "@loyalty/db";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { QueryDeps } from "../deps.ts";
import { API_KEY_SECURITY } from "../http/docs.ts";
import { errorResponses } from "../http/error-responses.ts";

/** Settings as answered: every section present, `pointValue` filled from the rewards when unset. */
const SettingsView = z.object({
  pending: PendingSettings,
  expiry: ExpirySettings,
  timezone: z.string(),
  pointValue: PointValue,
});

const schema = { tags: ["settings"], security: API_KEY_SECURITY };

export interface SettingsRoutesOptions extends QueryDeps {
  /** Forgotten for the shop on PUT (the processor's own cache catches up within its TTL). */
  settings?: SettingsCache;
}

/** GET|PUT /settings: the shop's points lifecycle settings (mounted under /v1). */
export const settingsRoutes: FastifyPluginAsyncZod<SettingsRoutesOptions> = async (app, deps) => {
  const view = async (shop: string) => {
    const settings = await loadSettings(deps.sql, shop);
    return { ...settings, pointValue: await effectivePointValue(deps.sql, shop, settings) };
  };

  app.get(
    "/settings",
    {
      schema: {
        ...schema,
        summary: "The shop's pending, expiry, time zone and point value settings",
        response: { 200: SettingsView, ...errorResponses(401, 429) },
      },
    },
    async (request) => view(request.shop),
  );

  app.put(
    "/settings",
    {
      schema: {
        ...schema,
        summary: "Replace the shop's settings; omitted sections take their defaults",
        description:
          "Applies to events processed from now on: points already pending or earned keep the dates they were given.",
        body: ShopSettingsInput,
        response: { 200: SettingsView, ...errorResponses(400, 401, 429) },
      },
    },
    async (request) => {
      await saveSettings(deps.sql, request.shop, request.body);
      deps.settings?.invalidate(request.shop);
      return view(request.shop);
    },
  );
};
