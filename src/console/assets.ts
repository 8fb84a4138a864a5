/**
 * The console's page, script and style, embedded in the binary as text (Bun's `type: 'text'`
 * imports; vitest.config.ts loads them the same way), so nothing is read from disk or fetched.
 */
import page from './assets/page.html' with { type: 'text' };
import script from './assets/console.js' with { type: 'text' };
import style from './assets/console.css' with { type: 'text' };

/** The page loads only its own script and style and talks only to its own origin; no framing. */
const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

const ASSETS: ReadonlyMap<string, { readonly body: string; readonly type: string }> = new Map([
  ['', { body: page, type: 'text/html; charset=utf-8' }],
  ['console.js', { body: script, type: 'text/javascript; charset=utf-8' }],
  ['console.css', { body: style, type: 'text/css; charset=utf-8' }],
]);

export function isAsset(name: string): boolean {
  return ASSETS.has(name);
}

export function assetResponse(name: string, method: string): Response {
  const asset = ASSETS.get(name);
  if (asset === undefined) return new Response('Not Found', { status: 404 });
  return new Response(method === 'HEAD' ? null : asset.body, {
    status: 200,
    headers: {
      'Content-Type': asset.type,
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': PAGE_CSP,
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    },
  });
}
