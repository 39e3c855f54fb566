import { API_TYPES_FILE, writeApiTypes } from "./api-types.ts";

await writeApiTypes();
process.stdout.write(`wrote ${API_TYPES_FILE}\n`);
