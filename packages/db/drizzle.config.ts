import { defineConfig } from "drizzle-kit";

// `events` (partitioned) is not in this schema: drizzle/0001_events_archive.sql owns it.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/tables.ts",
  out: "./drizzle",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/loyalty" },
});
