import { Database } from 'bun:sqlite';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rejected } from '../../test/helpers/thrown.ts';
import { canonicalIdOf, DEFAULT_CANONICAL_ID } from '../../src/authz/canonical-id.ts';
import { openPersistentStorage, PersistenceError } from '../../src/persist/open.ts';
import { stateLayout } from '../../src/persist/layout.ts';

const root = mkdtempSync(join(tmpdir(), 'persist-dir-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => join(root, `d${++n}`);
const open = (dataDir: string) => openPersistentStorage({ dataDir, fsync: false, maxMemoryObjectSize: 1024 });

const refusal = async (dataDir: string): Promise<string> => (await rejected(PersistenceError, open(dataDir).then((s) => s.state.close()))).message;

describe('the persistent data directory', async () => {
  it('is created on first use under <DATA_DIR>/state/s3 and opens again', async () => {
    const dir = fresh();
    (await open(dir)).state.close();
    expect(readdirSync(stateLayout(dir).dir)).toContain('ruststack-s3.sqlite');
    const again = await open(dir);
    expect(again.report.buckets).toBe(0);
    again.state.close();
  });

  it('refuses a state directory holding files that are not ours, naming it', async () => {
    const dir = fresh();
    mkdirSync(stateLayout(dir).dir, { recursive: true });
    writeFileSync(join(stateLayout(dir).dir, 'assets.pickle'), 'localstack');
    expect(await refusal(dir)).toContain(stateLayout(dir).dir);
  });

  it('refuses a database file that is not a database, naming the directory', async () => {
    const dir = fresh();
    mkdirSync(stateLayout(dir).dir, { recursive: true });
    writeFileSync(stateLayout(dir).database, 'not sqlite at all, just some text that is long enough to be a header'.repeat(20));
    expect(await refusal(dir)).toContain(stateLayout(dir).dir);
  });

  it('refuses state written in another format version rather than misreading it', async () => {
    const dir = fresh();
    (await open(dir)).state.close();
    const db = new Database(stateLayout(dir).database);
    db.run("UPDATE meta SET value = '0' WHERE name = 'format'");
    db.close();
    expect(await refusal(dir)).toMatch(/format 0.*reads format 2/);
  });

  it("migrates format 1 ACLs, where LocalStack's id meant the resource's owner, to real owner ids", async () => {
    const dir = fresh();
    const first = await open(dir);
    const oldDefaultId = createHash('sha256').update('000000000000').digest('hex');
    const grant = (ID: string, Permission: 'FULL_CONTROL' | 'READ') => ({ Grantee: { Type: 'CanonicalUser' as const, ID }, Permission });
    for (const [name, ownerAccountId] of [['mine', '111111111111'], ['default', '000000000000']] as const) {
      first.state.createBucket({
        name, ownerAccountId, region: 'us-east-1', creationDate: new Date(0), versioning: undefined, mfaDelete: undefined, objectLockEnabled: false,
        acl: { Owner: { ID: DEFAULT_CANONICAL_ID }, Grants: [grant(DEFAULT_CANONICAL_ID, 'FULL_CONTROL'), grant(oldDefaultId, 'READ')] }, configs: {},
      });
    }
    first.state.close();
    const db = new Database(stateLayout(dir).database);
    db.run("UPDATE meta SET value = '1' WHERE name = 'format'");
    db.close();
    const again = await open(dir);
    const ids = (name: string): (string | undefined)[] => {
      const acl = again.state.getBucket(name)?.acl;
      return [acl?.Owner?.ID, ...(acl?.Grants ?? []).map((g) => g.Grantee?.ID)];
    };
    expect(ids('mine')).toEqual([canonicalIdOf('111111111111'), canonicalIdOf('111111111111'), DEFAULT_CANONICAL_ID]);
    expect(ids('default')).toEqual([DEFAULT_CANONICAL_ID, DEFAULT_CANONICAL_ID, DEFAULT_CANONICAL_ID]);
    again.state.close();
  });

  it('refuses a second server on a directory in use', async () => {
    const dir = fresh();
    const first = await open(dir);
    expect(await refusal(dir)).toMatch(/in use by another server/);
    first.state.close();
  });

  it('drops and reports a version whose body file is missing or short (a power loss without fsync)', async () => {
    const dir = fresh();
    const s = await open(dir);
    const bucket = s.state.createBucket({ name: 'b', ownerAccountId: '000000000000', region: 'us-east-1', creationDate: new Date(), versioning: undefined, mfaDelete: undefined, objectLockEnabled: false, configs: {} });
    const written = await s.blobs.write(new Uint8Array(4096).fill(1), { checksums: [] });
    s.state.putVersion(bucket, {
      key: 'k', versionId: 'null', isDeleteMarker: false, lastModified: new Date(), ownerAccountId: '000000000000', blob: written.ref,
      size: 4096, etag: `"${written.md5Hex}"`, system: {}, metadata: {}, storageClass: 'STANDARD', tags: [],
    });
    s.state.close();
    const [file] = readdirSync(stateLayout(dir).blobs);
    writeFileSync(join(stateLayout(dir).blobs, file ?? ''), 'short');
    const again = await open(dir);
    expect(again.report.lostFiles).toBe(1);
    expect(again.state.getBucket('b')?.objects.getLatest('k')).toBeUndefined();
    again.state.close();
  });

  it('removes spill files and body files no row names at start (what a kill -9 leaves)', async () => {
    const dir = fresh();
    const layout = stateLayout(dir);
    (await open(dir)).state.close();
    mkdirSync(join(layout.tmp, 'ruststack-s3-1-abc'), { recursive: true });
    writeFileSync(join(layout.tmp, 'ruststack-s3-1-abc', '1.blob'), 'half a body');
    writeFileSync(join(layout.blobs, 'orphan.blob'), 'renamed, never committed');
    const again = await open(dir);
    expect(again.report.orphanFiles).toBe(1);
    expect(readdirSync(layout.blobs)).toEqual([]);
    expect(readdirSync(layout.tmp)).toEqual([]);
    again.state.close();
  });
});
