/** The shop both bench servers read; shared without importing a server module (which would start it). */
export const BENCH_SHOP = "bench-shop.myshopify.com";
