CREATE TYPE "public"."redemption_status" AS ENUM('pending', 'issued', 'failed', 'used', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."shopify_command_kind" AS ENUM('issue_reward');--> statement-breakpoint
ALTER TYPE "public"."reward_kind" ADD VALUE 'store_credit';--> statement-breakpoint
ALTER TYPE "public"."ledger_kind" ADD VALUE 'redeem_reversal';--> statement-breakpoint
CREATE TABLE "shop_tokens" (
	"shop" text PRIMARY KEY NOT NULL,
	"key_id" text NOT NULL,
	"iv" "bytea" NOT NULL,
	"ciphertext" "bytea" NOT NULL,
	"auth_tag" "bytea" NOT NULL,
	"scope" text,
	"access_expires_at" timestamp with time zone,
	"refresh_expires_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "shopify_commands" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"shop" text NOT NULL,
	"kind" "shopify_command_kind" NOT NULL,
	"redemption_id" uuid NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "redemptions" ALTER COLUMN "code" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "rewards" ALTER COLUMN "value" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "rewards" ALTER COLUMN "value" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "status" "redemption_status" DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "reward" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "shopify_id" text;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "failure_reason" text;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "used_order_id" text;--> statement-breakpoint
ALTER TABLE "redemptions" ADD COLUMN "status_changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "expires_in_days" integer;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "minimum_subtotal" numeric;--> statement-breakpoint
ALTER TABLE "rewards" ADD COLUMN "combines_with" jsonb;--> statement-breakpoint
CREATE INDEX "shopify_commands_due_idx" ON "shopify_commands" USING btree ("next_attempt_at") WHERE "shopify_commands"."done_at" IS NULL;--> statement-breakpoint
CREATE INDEX "shopify_commands_redemption_idx" ON "shopify_commands" USING btree ("redemption_id");--> statement-breakpoint
-- Redemptions made before this migration recorded a code and answered it at once (the merchant created it in Shopify): they are issued.
UPDATE "redemptions" SET "status" = 'issued', "reward" = "response";--> statement-breakpoint
-- Free shipping covered any price when value was 0; null now says so.
UPDATE "rewards" SET "value" = NULL WHERE "kind" = 'free_shipping';
