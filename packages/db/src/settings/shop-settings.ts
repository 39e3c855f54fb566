import { z } from "zod";

/** Whole days, up to ten years: enough for any loyalty programme, small enough to stay exact in ms. */
const Days = z.number().int().min(1).max(3650);

export const PendingSettings = z
  .strictObject({
    mode: z.enum(["none", "until_fulfilled", "days"]).default("none"),
    /** `days` mode: released this many days after the order was paid. */
    days: Days.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.mode === "days" && value.days === undefined) {
      ctx.addIssue({ code: "custom", path: ["days"], message: 'required when mode is "days"' });
    }
  });
export type PendingSettings = z.infer<typeof PendingSettings>;

export const ExpirySettings = z
  .strictObject({
    mode: z.enum(["none", "inactivity", "fixed"]).default("none"),
    /** `fixed`: each earning expires this many days after it; `inactivity`: after this long idle. */
    days: Days.optional(),
    /** Reminders (`points.expiring`) this many days before an expiry; each sent once. */
    remindDaysBefore: z
      .array(Days)
      .max(5)
      .refine((days) => new Set(days).size === days.length, "each value at most once")
      .default([30, 7]),
  })
  .superRefine((value, ctx) => {
    if (value.mode !== "none" && value.days === undefined) {
      ctx.addIssue({ code: "custom", path: ["days"], message: `required when mode is "${value.mode}"` });
    }
  });
export type ExpirySettings = z.infer<typeof ExpirySettings>;

/** An IANA zone Node's Intl knows (what the tier calendar and birthdays are computed in). */
export const TimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "not an IANA time zone");

export const PointValue = z.strictObject({
  points: z.number().int().min(1),
  /** Shop currency, major units (1 = one dollar). */
  amount: z.number().positive(),
});
export type PointValue = z.infer<typeof PointValue>;

/** `PUT /v1/settings`: every section optional (its defaults apply), unknown keys refused. */
export const ShopSettingsInput = z.strictObject({
  pending: PendingSettings.default({ mode: "none", days: undefined }),
  expiry: ExpirySettings.default({ mode: "none", days: undefined, remindDaysBefore: [30, 7] }),
  timezone: TimeZone.default("UTC"),
  /** Unset: derived from the cheapest fixed-discount reward when read. */
  pointValue: PointValue.optional(),
});
export type ShopSettingsInput = z.input<typeof ShopSettingsInput>;
export type ShopSettings = z.infer<typeof ShopSettingsInput>;

/** What a shop with no settings row has: no pending, no expiry, UTC. */
export const DEFAULT_SETTINGS: ShopSettings = ShopSettingsInput.parse({});

/** Without a fixed reward to read it from: 100 points = 1 unit of the shop currency. */
export const DEFAULT_POINT_VALUE: PointValue = { points: 100, amount: 1 };
