// The Node side of the package: where the built dashboard lives, for the query service
// (which serves it) and for `loyalty start` (which builds it when it is missing). Plain
// JavaScript so it runs the same from source and from a built image.
import path from "node:path";
import { fileURLToPath } from "node:url";

/** packages/admin-ui */
export const ADMIN_UI_PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The Vite build output: index.html and assets/ with hashed names. */
export const ADMIN_UI_DIST_DIR = path.join(ADMIN_UI_PACKAGE_DIR, "dist");
export { adminUiBuildState, buildAdminUi, ensureAdminUiBuilt } from "./ensure-built.js";
