/**
 * Headless Chromium for browser tests: the system's browser (Debian's `chromium` package, installed
 * here with apt-get when missing and allowed; Chrome where a CI image has it) driven by
 * playwright-core, which downloads no browser of its own.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The slice of playwright-core's API the browser tests drive. */
export interface Dialog { accept(): Promise<void> }
export interface Download { path(): Promise<string> }
export interface JSHandle { dispose(): Promise<void> }
export interface Page {
  goto(url: string): Promise<unknown>;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  check(selector: string): Promise<void>;
  textContent(selector: string): Promise<string | null>;
  waitForSelector(selector: string, options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<unknown>;
  waitForEvent(event: 'download'): Promise<Download>;
  setInputFiles(selector: string, files: { name: string; mimeType: string; buffer: Buffer }): Promise<void>;
  evaluateHandle<A>(fn: (arg: A) => unknown, arg: A): Promise<JSHandle>;
  dispatchEvent(selector: string, type: string, init?: Record<string, unknown>): Promise<void>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  on(event: 'dialog', handler: (dialog: Dialog) => void): void;
  on(event: 'pageerror', handler: (error: Error) => void): void;
}
export interface BrowserContext { newPage(): Promise<Page> }
export interface Browser {
  newContext(options: { acceptDownloads: boolean; viewport: { width: number; height: number } }): Promise<BrowserContext>;
  close(): Promise<void>;
}
interface Chromium {
  launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser>;
}

const ROOT = join(import.meta.dirname, '../..');
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/usr/bin/chromium-browser'];
/** Where playwright-core may sit when it is not installed in node_modules (`npm install --prefix .cache/pw`). */
const FALLBACK_PLAYWRIGHT = join(ROOT, '.cache/pw/node_modules/playwright-core/index.mjs');

function isChromium(value: unknown): value is Chromium {
  return typeof value === 'object' && value !== null && 'launch' in value && typeof value.launch === 'function';
}

function chromiumOf(mod: unknown): Chromium | undefined {
  if (typeof mod !== 'object' || mod === null || !('chromium' in mod)) return undefined;
  return isChromium(mod.chromium) ? mod.chromium : undefined;
}

/** playwright-core's `chromium`, from node_modules (`npm ci`) or the fallback directory. */
async function loadPlaywright(): Promise<Chromium | undefined> {
  for (const specifier of ['playwright-core', pathToFileURL(FALLBACK_PLAYWRIGHT).href]) {
    try {
      const found = chromiumOf(await import(/* @vite-ignore */ specifier));
      if (found !== undefined) return found;
    } catch {
      // not installed there
    }
  }
  return undefined;
}

function installedBrowser(): string | undefined {
  const named = process.env.CHROMIUM_PATH;
  if (named !== undefined && named !== '') return named;
  return CANDIDATES.find((p) => existsSync(p));
}

async function aptGet(args: string[]): Promise<boolean> {
  const child = Bun.spawn(['apt-get', ...args], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdout: 'ignore', stderr: 'ignore' });
  return (await child.exited) === 0;
}

/** The browser's path, installing Debian's chromium as root when none is there. */
async function ensureBrowser(): Promise<string | undefined> {
  const found = installedBrowser();
  if (found !== undefined || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return found;
  const install = ['install', '-y', '-qq', '--no-install-recommends', 'chromium'];
  if (!(await aptGet(install))) await aptGet(['update', '-qq']).then(() => aptGet(install));
  return installedBrowser();
}

export type Launched = { browser: Browser } | { skip: string };

export async function launchChromium(): Promise<Launched> {
  const chromium = await loadPlaywright();
  if (chromium === undefined) return { skip: 'playwright-core is not installed (npm ci installs it)' };
  const executablePath = await ensureBrowser();
  if (executablePath === undefined) {
    return { skip: `no Chromium at ${CANDIDATES.join(', ')} or CHROMIUM_PATH, and apt-get could not install Debian's chromium (it needs root)` };
  }
  // Root (CI, containers) cannot use Chromium's sandbox.
  return { browser: await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] }) };
}
