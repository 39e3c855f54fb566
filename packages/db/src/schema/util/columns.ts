import { bigint, integer, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Shared column pieces. Money and points are `bigint` in Postgres (sums over years of
 * orders outgrow int4) but `number` in TypeScript: every value we write is a safe integer,
 * checked where it is computed (@loyalty/core's money and points helpers).
 */
export const points = (name: string) => bigint(name, { mode: "number" });
export const minorUnits = (name: string) => bigint(name, { mode: "number" });

/** Always with time zone: events come from shops in every zone and are compared as instants. */
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });

/** The shop domain every tenant-owned row carries first in its key (one shop never sees another). */
export const shopColumn = () => text("shop").notNull();

export const lifecycleDates = {
  /** When the row was created. */
  createdAt: instant("created_at").notNull().defaultNow(),
  /** When the row last changed (set by every writer; no trigger). */
  updatedAt: instant("updated_at").notNull().defaultNow(),
};

/** Rule versions are small positive integers, starting at 1. */
export const version = (name: string) => integer(name);
