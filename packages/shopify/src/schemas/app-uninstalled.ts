import { z } from "zod";
import { OptionalId, OptionalText } from "./common.ts";

/** `app/uninstalled`: the body is the shop resource. */
export const AppUninstalledPayload = z.object({
  id: OptionalId,
  myshopify_domain: OptionalText,
  domain: OptionalText,
});
export type AppUninstalledPayload = z.infer<typeof AppUninstalledPayload>;
