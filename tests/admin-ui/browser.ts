import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's chromium (apt-get install chromium): no browser download works on these machines. */
export const CHROMIUM = "/usr/bin/chromium";

const axeSource: string = createRequire(import.meta.url)("axe-core").source;

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console messages about the Content Security Policy: the dashboard must cause none. */
  cspViolations: string[];
  close: () => Promise<void>;
}

/** Headless chromium with a fresh profile, nothing in the background that reaches the network. */
export async function openBrowser(): Promise<Browser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), "admin-ui-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  return {
    context,
    page,
    cspViolations,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/**
 * axe-core in the page. evaluate() runs through the DevTools protocol, which the page's CSP
 * does not govern, so the dashboard's CSP stays as strict as it is in production.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  // A string: this test's TypeScript has no DOM types, the page's JavaScript does.
  const violations = (await page.evaluate(
    "axe.run(document).then((result) => result.violations)",
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
}

const SCREENSHOTS = path.resolve(import.meta.dirname, "screenshots");
const DOCS = path.resolve(import.meta.dirname, "../../docs/admin");

/**
 * Every page into tests/admin-ui/screenshots (not committed); with UPDATE_ADMIN_SCREENSHOTS=1
 * the main pages also into docs/admin, which the README shows.
 */
export async function screenshot(page: Page, name: string, options: { docs?: boolean } = {}): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const image = await page.screenshot({ fullPage: true, timeout: 60_000 });
  await writeFile(path.join(SCREENSHOTS, `${name}.png`), image);
  if (options.docs && process.env["UPDATE_ADMIN_SCREENSHOTS"] === "1") {
    await mkdir(DOCS, { recursive: true });
    await writeFile(path.join(DOCS, `${name}.png`), image);
  }
}
