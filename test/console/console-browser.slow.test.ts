/**
 * The web console end to end in headless Chromium, against a spawned server (the compiled binary
 * under RUSTSTACK_BINARY) with signature validation on: a bucket is created through the page, a
 * file dropped on it and a larger one (multipart) picked with the file input, both listed,
 * downloaded byte-identical and deleted, and an SDK request shows up in the live request view.
 * Screenshots go to .cache/console-screenshots/ and their paths are printed.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser, type Page } from '../helpers/browser.ts';
import { startTestServer, type SpawnedServer } from '../helpers/spawn-server.ts';

const SHOTS = join(import.meta.dirname, '../../.cache/console-screenshots');
const ACCESS_KEY = 'AKIACONSOLETEST';
const SECRET = 'console-secret';
const ACCOUNT = '123456789012';
const BUCKET = 'console-e2e';
const VERSIONED = 'console-e2e-versions';

let server: SpawnedServer | undefined;
let browser: Browser | undefined;
let skip: string | undefined;
let page: Page;
const pageErrors: string[] = [];

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  const launched = await launchChromium();
  if ('skip' in launched) {
    skip = launched.skip;
    console.warn(`console browser test skipped: ${skip}`);
    return;
  }
  browser = launched.browser;
  server = await startTestServer({
    env: { S3_SKIP_SIGNATURE_VALIDATION: '0', S3_CREDENTIALS: `${ACCESS_KEY}:${SECRET}:${ACCOUNT}` },
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
  mkdirSync(SHOTS, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function shot(name: string, annotate: (message: string, type?: string) => Promise<unknown>): Promise<void> {
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  console.log(`screenshot: ${path}`);
  await annotate(path, 'screenshot');
}

/** Drops a file on the drop zone as a user dragging it from their desktop would. */
async function dropFile(name: string, bytes: Buffer): Promise<void> {
  const dataTransfer = await page.evaluateHandle(({ fileName, base64 }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([data], fileName, { type: 'application/octet-stream' }));
    return transfer;
  }, { fileName: name, base64: bytes.toString('base64') });
  await page.dispatchEvent('#drop-zone', 'dragenter', { dataTransfer });
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer });
  await dataTransfer.dispose();
}

async function download(row: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`${row} a.download`)]);
  return readFileSync(await file.path());
}

describe('web console in Chromium', () => {
  it('uploads by drag and drop and file input (multipart), lists, downloads byte-identical and deletes', async ({ annotate, skip: skipTest }) => {
    if (skip !== undefined || server === undefined) return skipTest(skip);
    await page.goto(`${server.endpoint}/_ruststack/`);
    await page.waitForSelector(`#identity:has-text("account ${ACCOUNT}")`);
    expect(await page.textContent('#identity')).toContain('signatures validated');

    await page.fill('#create-bucket input[name=name]', BUCKET);
    await page.click('#create-bucket button[type=submit]');
    await page.waitForSelector(`#bucket-list li.active[data-bucket="${BUCKET}"]`);

    const small = randomBytes(200 * 1024);
    const large = randomBytes(8 * 1024 * 1024 + 123_457); // past the page's 8 MiB part size: two parts
    await dropFile('dropped.bin', small);
    await page.waitForSelector('#uploads li[data-upload="dropped.bin"][data-done="true"]');
    await page.setInputFiles('#file-input', { name: 'picked.bin', mimeType: 'application/octet-stream', buffer: large });
    await page.waitForSelector('#uploads li[data-upload="picked.bin"][data-done="true"]', { timeout: 30_000 });
    await page.waitForSelector('tr[data-key="dropped.bin"]');
    await page.waitForSelector('tr[data-key="picked.bin"]');
    await shot('1-uploaded', annotate);

    await page.click('tr[data-key="picked.bin"] button.info');
    await page.waitForSelector('#object-checksums dt:has-text("crc64nvme")');
    expect(await page.textContent('#object-meta')).toContain(String(large.length));
    await shot('2-object-details', annotate);

    expect(sha256(await download('tr[data-key="dropped.bin"]'))).toBe(sha256(small));
    expect(sha256(await download('tr[data-key="picked.bin"]'))).toBe(sha256(large));

    for (const key of ['dropped.bin', 'picked.bin']) {
      await page.click(`tr[data-key="${key}"] button.delete`);
      await page.waitForSelector(`tr[data-key="${key}"]`, { state: 'detached' });
    }
    await page.waitForSelector('#empty', { state: 'visible' });
    expect(pageErrors).toEqual([]);
  });

  it('shows versions and delete markers of a versioned bucket, and its settings', async ({ annotate, skip: skipTest }) => {
    if (skip !== undefined || server === undefined) return skipTest(skip);
    await page.fill('#create-bucket input[name=name]', VERSIONED);
    await page.check('#create-bucket input[name=versioning]');
    await page.click('#create-bucket button[type=submit]');
    await page.waitForSelector(`#bucket-list li.active[data-bucket="${VERSIONED}"]`);
    for (const text of ['first', 'second']) {
      await page.setInputFiles('#file-input', { name: 'v.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
      await page.waitForSelector(`#uploads li[data-upload="v.txt"][data-done="true"] >> nth=${text === 'first' ? 0 : 1}`);
    }
    await page.click('tr[data-key="v.txt"] button.delete');
    await page.waitForSelector('#empty', { state: 'visible' });

    await page.check('#show-versions');
    await page.waitForSelector('tr.delete-marker[data-key="v.txt"]:has(.latest)');
    const older = ':nth-match(tr[data-key="v.txt"]:not(.delete-marker), 2)';
    expect((await download(older)).toString()).toBe('first');
    await shot('4-versions', annotate);

    await page.click('.subtab[data-view="settings"]');
    await page.waitForSelector('dd[data-setting="versioning"]:has-text("Status: Enabled")');
    expect(await page.textContent('dd[data-setting="policy"]')).toContain('NoSuchBucketPolicy');
    await shot('5-settings', annotate);
    await page.click('.subtab[data-view="objects"]');
    await page.click(`#bucket-list li[data-bucket="${BUCKET}"]`);
    expect(pageErrors).toEqual([]);
  });

  it("shows an SDK client's requests live, the console's own only when asked", async ({ annotate, skip: skipTest }) => {
    if (skip !== undefined || server === undefined) return skipTest(skip);
    const s3 = new S3Client({
      endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET },
    });
    await expect(s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing-key' }))).rejects.toThrow();
    s3.destroy();
    await page.click('.tab[data-tab="requests"]');
    await page.waitForSelector('#requests tr:has-text("missing-key"):has-text("NoSuchKey")');
    expect(await page.textContent('#requests')).not.toContain('CompleteMultipartUpload');
    await page.check('#show-console');
    await page.waitForSelector('#requests tr.from-console:has-text("CompleteMultipartUpload")');
    await shot('3-requests', annotate);

    await page.click('.tab[data-tab="buckets"]');
    await page.click('#delete-bucket');
    await page.waitForSelector(`#bucket-list li[data-bucket="${BUCKET}"]`, { state: 'detached' });
    expect(pageErrors).toEqual([]);
  });
});
