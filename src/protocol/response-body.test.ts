import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { leaseFile, openLeaseCount } from '../storage/file-lease.ts';
import { bodyResponse, bodySourceOf } from './response-body.ts';

const dir = mkdtempSync(join(tmpdir(), 'response-body-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function eventually(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

/** A Response of a leased file, checked while it lives; nothing of it is left once this returns. */
async function respondWithFile(path: string, opened: number): Promise<void> {
  const response = bodyResponse(leaseFile(path), { status: 200, headers: {} });
  rmSync(path);
  // Only the Response refers to the Blob now: collections must leave its descriptor open.
  for (let i = 0; i < 3; i++) {
    Bun.gc(true);
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(openLeaseCount()).toBe(opened + 1);
  expect(await (bodySourceOf(response) as Blob).text()).toBe('file bytes');
}

describe('bodyResponse', () => {
  it('keeps a leased file open for as long as the Response lives, and no longer', async () => {
    const path = join(dir, 'body');
    writeFileSync(path, 'file bytes');
    const before = openLeaseCount();
    await respondWithFile(path, before);
    await eventually(() => {
      Bun.gc(true);
      return openLeaseCount() === before;
    });
  });
});
