import { pgTable, text } from "drizzle-orm/pg-core";
import { instant } from "./util/columns.ts";

/** One row per Shopify shop that installed the app (or sent us an event). */
export const shops = pgTable("shops", {
  /** The `*.myshopify.com` domain, lowercased: the shop's identity in every other table. */
  domain: text("domain").primaryKey(),
  /** ISO 4217 code of the shop currency (points use it); null until install or the first order says. */
  currency: text("currency"),
  /** When the app was installed, or when we first heard of the shop. */
  installedAt: instant("installed_at").notNull().defaultNow(),
  /** Set by `app/uninstalled`; data stays until `shop/redact`. */
  uninstalledAt: instant("uninstalled_at"),
  /** Set by `shop/redact`: every customer's PII of the shop has been erased. */
  redactedAt: instant("redacted_at"),
  /** When the row was created. */
  createdAt: instant("created_at").notNull().defaultNow(),
});
