-- Custom SQL migration: the `events` archive is PARTITIONED BY RANGE (received_at), which
-- drizzle-kit cannot declare (src/schema/events.ts mirrors it for typed queries only).
-- Monthly partitions are created by ensureEventPartitions() (run by migrate()); the DEFAULT
-- partition catches anything outside them so an insert never fails for want of a partition.
-- `payload` is json, not jsonb: the archive is written for every event and read rarely, and
-- building jsonb was about a sixth of the ledger's Postgres CPU per event (measured with
-- bench/ledger.bench.ts). json keeps the envelope's exact text; cast to jsonb when querying.
CREATE TABLE "events" (
	"id" text NOT NULL,
	"shop" text NOT NULL,
	"type" text NOT NULL,
	"customer_id" text,
	"order_id" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"payload" json NOT NULL,
	CONSTRAINT "events_id_received_at_pk" PRIMARY KEY ("id", "received_at")
) PARTITION BY RANGE ("received_at");
--> statement-breakpoint
CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;
--> statement-breakpoint
-- GDPR redaction scrubs a customer's archived payloads through this index.
CREATE INDEX "events_customer_idx" ON "events" USING btree ("shop", "customer_id");
