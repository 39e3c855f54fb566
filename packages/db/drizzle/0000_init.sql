CREATE TYPE "public"."ledger_kind" AS ENUM('earn', 'clawback', 'redeem', 'adjust', 'expire');--> statement-breakpoint
CREATE TYPE "public"."rule_status" AS ENUM('active', 'paused', 'archived');--> statement-breakpoint
CREATE TABLE "customer_orders" (
	"shop" text NOT NULL,
	"order_id" text NOT NULL,
	"customer_id" text,
	"currency" text NOT NULL,
	"subtotal_minor" bigint NOT NULL,
	"total_minor" bigint NOT NULL,
	"earned_points" bigint DEFAULT 0 NOT NULL,
	"clawed_points" bigint DEFAULT 0 NOT NULL,
	"refunded_subtotal_minor" bigint DEFAULT 0 NOT NULL,
	"cancelled_at" timestamp with time zone,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_orders_shop_order_id_pk" PRIMARY KEY("shop","order_id")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"shop" text NOT NULL,
	"customer_id" text NOT NULL,
	"balance" bigint DEFAULT 0 NOT NULL,
	"lifetime_points" bigint DEFAULT 0 NOT NULL,
	"orders_count" integer DEFAULT 0 NOT NULL,
	"total_spent_minor" bigint DEFAULT 0 NOT NULL,
	"tier" text,
	"granted_tier" text,
	"email" text,
	"first_name" text,
	"last_name" text,
	"phone" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"profile_updated_at" timestamp with time zone,
	"redacted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_shop_customer_id_pk" PRIMARY KEY("shop","customer_id")
);
--> statement-breakpoint
CREATE TABLE "order_refunds" (
	"shop" text NOT NULL,
	"refund_id" text NOT NULL,
	"order_id" text NOT NULL,
	"refunded_subtotal_minor" bigint NOT NULL,
	"event_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_refunds_shop_refund_id_pk" PRIMARY KEY("shop","refund_id")
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop" text NOT NULL,
	"partition_key" text NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"event_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"relayed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "points_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop" text NOT NULL,
	"customer_id" text NOT NULL,
	"delta" bigint NOT NULL,
	"kind" "ledger_kind" NOT NULL,
	"reason" text NOT NULL,
	"event_id" text,
	"rule_id" uuid,
	"rule_version" integer,
	"order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"shop" text NOT NULL,
	"type" text NOT NULL,
	"outcome" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rule_awards" (
	"shop" text NOT NULL,
	"business_key" text NOT NULL,
	"rule_id" uuid NOT NULL,
	"rule_version" integer NOT NULL,
	"order_id" text,
	"event_id" text NOT NULL,
	"points" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_awards_shop_business_key_rule_id_pk" PRIMARY KEY("shop","business_key","rule_id")
);
--> statement-breakpoint
CREATE TABLE "rule_executions" (
	"event_id" text NOT NULL,
	"rule_id" uuid NOT NULL,
	"shop" text NOT NULL,
	"version" integer NOT NULL,
	"points" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_executions_event_id_rule_id_pk" PRIMARY KEY("event_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "rule_versions" (
	"rule_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_versions_rule_id_version_pk" PRIMARY KEY("rule_id","version")
);
--> statement-breakpoint
CREATE TABLE "rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"shop" text NOT NULL,
	"name" text NOT NULL,
	"status" "rule_status" DEFAULT 'active' NOT NULL,
	"current_version" integer NOT NULL,
	"priority" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shops" (
	"domain" text PRIMARY KEY NOT NULL,
	"currency" text,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"uninstalled_at" timestamp with time zone,
	"redacted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tiers" (
	"shop" text NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"level" integer NOT NULL,
	"min_points" bigint NOT NULL,
	"multiplier" numeric DEFAULT '1' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tiers_shop_key_pk" PRIMARY KEY("shop","key")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_shop_shops_domain_fk" FOREIGN KEY ("shop") REFERENCES "public"."shops"("domain") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rule_versions" ADD CONSTRAINT "rule_versions_rule_id_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."rules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rules" ADD CONSTRAINT "rules_shop_shops_domain_fk" FOREIGN KEY ("shop") REFERENCES "public"."shops"("domain") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tiers" ADD CONSTRAINT "tiers_shop_shops_domain_fk" FOREIGN KEY ("shop") REFERENCES "public"."shops"("domain") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("id") WHERE "outbox"."relayed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "points_ledger_history_idx" ON "points_ledger" USING btree ("shop","customer_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "rules_shop_name_idx" ON "rules" USING btree ("shop","name") WHERE "rules"."status" <> 'archived';