import { baseEnvShape } from "@loyalty/platform";
import { z } from "zod";

/** What operator commands read: Redis, Postgres, partitions — never the Shopify secret. */
export const ToolEnv = z.object(baseEnvShape);
export type ToolEnv = z.infer<typeof ToolEnv>;
