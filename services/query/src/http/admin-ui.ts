import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import { serviceUnavailable } from "@loyalty/platform";
import type { FastifyInstance } from "fastify";

export const ADMIN_PREFIX = "/admin";

/**
 * Only our own origin: the dashboard loads every script, style and font from this server and
 * talks to this API. `data:` images are Polaris's inline SVG icons in its stylesheet.
 * Polaris inserts two small <style> elements at run time, so styles (never scripts) may be
 * inline: a style cannot run code, and a hash per library version would break on upgrades.
 */
export const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join("; ");

/** Hashed file names under assets/ never change content: cache them for a year. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/** index.html names the current hashes: always revalidate it. */
const REVALIDATE = "no-cache";

/**
 * The merchant dashboard (packages/admin-ui's Vite build) at /admin/, in its own
 * encapsulated context so its CSP and cache headers touch no API route.
 */
export async function registerAdminUi(app: FastifyInstance, distDir: string): Promise<void> {
  await app.register(async (admin) => {
    admin.addHook("onSend", async (_request, reply) => {
      reply.header("content-security-policy", ADMIN_CSP);
    });
    if (!existsSync(path.join(distDir, "index.html"))) {
      const notBuilt = async () => {
        throw serviceUnavailable(
          "admin_ui_not_built",
          "The dashboard is not built: run `pnpm build` (`pnpm start` builds it when missing).",
        );
      };
      admin.get(ADMIN_PREFIX, { schema: { hide: true } }, notBuilt);
      admin.get(`${ADMIN_PREFIX}/*`, { schema: { hide: true } }, notBuilt);
      return;
    }
    await admin.register(fastifyStatic, {
      root: distDir,
      // Without the trailing slash, so that /admin itself redirects to /admin/.
      prefix: ADMIN_PREFIX,
      redirect: true,
      index: "index.html",
      cacheControl: false,
      etag: true,
      lastModified: true,
      setHeaders: (reply, filePath) => {
        const inAssets = path.relative(distDir, filePath).startsWith(`assets${path.sep}`);
        reply.header("cache-control", inAssets ? IMMUTABLE : REVALIDATE);
      },
    });
  });
}
