-- Custom SQL migration: leave free space in the pages of the rows the ledger updates on
-- every event, so those updates are HOT (heap-only: no index entries written, less bloat).
-- drizzle-kit cannot declare table storage parameters.
ALTER TABLE "customers" SET (fillfactor = 80);
--> statement-breakpoint
ALTER TABLE "customer_orders" SET (fillfactor = 85);
