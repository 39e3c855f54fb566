CREATE TABLE "adjustments" (
	"shop" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"customer_id" text NOT NULL,
	"points" bigint NOT NULL,
	"reason" text NOT NULL,
	"api_key_id" text,
	"ledger_id" bigint NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "adjustments_shop_idempotency_key_pk" PRIMARY KEY("shop","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "customer_timers" (
	"shop" text NOT NULL,
	"customer_id" text NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_timers_shop_customer_id_kind_pk" PRIMARY KEY("shop","customer_id","kind")
);
--> statement-breakpoint
CREATE TABLE "points_lots" (
	"shop" text NOT NULL,
	"customer_id" text NOT NULL,
	"lot_key" text NOT NULL,
	"points" bigint NOT NULL,
	"remaining" bigint NOT NULL,
	"earned_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"next_reminder_at" timestamp with time zone,
	"reminded_days_before" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "points_lots_shop_customer_id_lot_key_pk" PRIMARY KEY("shop","customer_id","lot_key")
);
--> statement-breakpoint
CREATE TABLE "shop_settings" (
	"shop" text PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_orders" ADD COLUMN "pending_points" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_orders" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_orders" ADD COLUMN "fulfilled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customer_orders" ADD COLUMN "release_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "pending_points" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "last_activity_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "points_ledger" ADD COLUMN "api_key_id" text;--> statement-breakpoint
ALTER TABLE "shop_settings" ADD CONSTRAINT "shop_settings_shop_shops_domain_fk" FOREIGN KEY ("shop") REFERENCES "public"."shops"("domain") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_timers_due_idx" ON "customer_timers" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "points_lots_expiry_due_idx" ON "points_lots" USING btree ("expires_at") WHERE "points_lots"."remaining" > 0;--> statement-breakpoint
CREATE INDEX "points_lots_reminder_due_idx" ON "points_lots" USING btree ("next_reminder_at") WHERE "points_lots"."remaining" > 0 AND "points_lots"."next_reminder_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "customer_orders_release_due_idx" ON "customer_orders" USING btree ("release_at") WHERE "customer_orders"."pending_points" > 0 AND "customer_orders"."release_at" IS NOT NULL;