import {
  CompleteMultipartUploadCommand, CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand,
} from '@aws-sdk/client-s3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyText, s3Client } from '../helpers/s3-client.ts';
import type { SpawnedServer } from '../helpers/spawn-server.ts';
import { resetServer, startPersistentServer } from './persistent-server.ts';
import { stateSnapshot } from './state-snapshot.ts';
import { buildState, bytes, MIB } from './build-state.ts';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'persist-restart-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('PERSISTENCE=1 restart', () => {
  let server: SpawnedServer;
  const dir = (): string => join(root, 'state-kinds');
  // Bodies over 64 KiB spill to files; smaller ones are kept in the database.
  const env = { S3_MAX_MEMORY_OBJECT_SIZE: String(64 * 1024) };

  it('restores every kind of state identically: buckets, configurations, versions, markers, uploads, other accounts', async () => {
    server = await startPersistentServer(dir(), env);
    const s3 = s3Client(server.endpoint);
    const other = s3Client(server.endpoint, { credentials: { accessKeyId: '111122223333', secretAccessKey: 'test' } });
    const { uploadId } = await buildState(s3, other);
    const before = { mine: await stateSnapshot(s3), theirs: await stateSnapshot(other) };
    await server.stop();

    server = await startPersistentServer(dir(), env);
    const s3b = s3Client(server.endpoint);
    const otherB = s3Client(server.endpoint, { credentials: { accessKeyId: '111122223333', secretAccessKey: 'test' } });
    expect({ mine: await stateSnapshot(s3b), theirs: await stateSnapshot(otherB) }).toEqual(before);
    expect(server.output()).not.toMatch(/removed \d+ body files/);

    // The upload in progress completes after the restart, with the parts uploaded before it.
    const parts = [1, 2].map((n) => ({ PartNumber: n }));
    const listed = (before as { mine: Record<string, { parts: Record<string, { Parts: { PartNumber: number; ETag: string }[] }> }> })
      .mine.multi?.parts[uploadId]?.Parts ?? [];
    await s3b.send(new CompleteMultipartUploadCommand({ Bucket: 'multi', Key: 'open', UploadId: uploadId, MultipartUpload: {
      Parts: parts.map((p) => ({ ...p, ETag: listed.find((l) => l.PartNumber === p.PartNumber)?.ETag })),
    } }));
    const got = await s3b.send(new GetObjectCommand({ Bucket: 'multi', Key: 'open' }));
    expect(Number(got.ContentLength)).toBe(5 * MIB + 4);
    await server.stop();
  });

  it('keeps no body file nobody refers to after deletes and overwrites', async () => {
    const blobs = join(dir(), 'state', 's3', 'blobs');
    server = await startPersistentServer(dir(), env);
    const s3 = s3Client(server.endpoint);
    await s3.send(new PutObjectCommand({ Bucket: 'plain', Key: 'large', Body: bytes(300 * 1024, 9) }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'plain', Key: 'large-copy' }));
    await server.stop();
    // Counted once stopped: a released file is unlinked asynchronously.
    const files = readdirSync(blobs).length;
    server = await startPersistentServer(dir(), env);
    expect(server.output()).not.toMatch(/removed \d+ body files/);
    expect(readdirSync(blobs).length).toBe(files);
    const got = await s3Client(server.endpoint).send(new GetObjectCommand({ Bucket: 'plain', Key: 'large' }));
    expect((await got.Body?.transformToByteArray())?.[0]).toBe(bytes(1, 9)[0]);
    await server.stop();
  });

  it('reset clears the disk state too', async () => {
    server = await startPersistentServer(dir(), env);
    await resetServer(server);
    await server.stop();
    server = await startPersistentServer(dir(), env);
    const s3 = s3Client(server.endpoint);
    expect((await s3.send(new ListBucketsCommand({}))).Buckets ?? []).toEqual([]);
    expect(readdirSync(join(dir(), 'state', 's3', 'blobs'))).toEqual([]);
    await s3.send(new CreateBucketCommand({ Bucket: 'after-reset' }));
    await s3.send(new PutObjectCommand({ Bucket: 'after-reset', Key: 'k', Body: 'new' }));
    await server.stop();
    server = await startPersistentServer(dir(), env);
    expect(await bodyText((await s3Client(server.endpoint).send(new GetObjectCommand({ Bucket: 'after-reset', Key: 'k' }))).Body)).toBe('new');
    await server.stop();
  });
});
