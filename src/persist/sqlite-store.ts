/**
 * The persistent MetadataStore: each change is written to SQLite (one statement or one
 * transaction, synchronously) before the in-memory store it wraps applies it, so what readers see
 * is always on disk first, and a response is only sent after that. Bytes: a body kept in memory is
 * stored in the change's own row; a body on disk is renamed into blobs/ just before the row that
 * names it is committed (a crash in between leaves a file without a row, removed at the next
 * start). A removed version's file is deleted after its row, by the caller's release.
 */
import type { Database, Statement } from 'bun:sqlite';
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Bucket, BucketConfigs, BucketRecord, BucketSettings, IdConfigKind, IdConfigOf } from '../state/bucket.ts';
import type { MemoryMetadataStore } from '../state/memory-store.ts';
import type { ConfigName, MetadataStore } from '../state/metadata-store.ts';
import type { MultipartUpload, UploadedPart } from '../state/multipart.ts';
import type { S3Object, VersionPatch } from '../state/object.ts';
import type { BlobKeeper, BlobRef } from '../storage/types.ts';
import { encodeBucket, encodePart, encodeUpload, encodeVersion } from './codec.ts';
import type { StateLayout } from './layout.ts';
import { newBlobName } from './blob-names.ts';

type Blob = Uint8Array | null;

const CHECKPOINT_MS = 1000;
type Value = string | number | Blob;

export interface PersistentStoreOptions {
  readonly db: Database;
  readonly memory: MemoryMetadataStore;
  readonly blobs: BlobKeeper;
  readonly layout: StateLayout;
  readonly fsync: boolean;
  /** The highest version sequence number on disk: new versions count on from it. */
  readonly seq: number;
}

export class PersistentMetadataStore implements MetadataStore {
  readonly #db: Database;
  readonly #memory: MemoryMetadataStore;
  readonly #blobs: BlobKeeper;
  readonly #layout: StateLayout;
  readonly #blobsDirFd: number | undefined;
  readonly #checkpoints: ReturnType<typeof setInterval>;
  #seq: number;
  readonly #putVersion: Statement<unknown, Value[]>;
  readonly #deleteVersion: Statement<unknown, Value[]>;
  readonly #updateVersion: Statement<unknown, Value[]>;
  readonly #putBucket: Statement<unknown, Value[]>;
  readonly #putUpload: Statement<unknown, Value[]>;
  readonly #deleteUpload: Statement<unknown, Value[]>;
  readonly #deleteParts: Statement<unknown, Value[]>;
  readonly #putPart: Statement<unknown, Value[]>;

  constructor(options: PersistentStoreOptions) {
    const db = (this.#db = options.db);
    this.#memory = options.memory;
    this.#blobs = options.blobs;
    this.#layout = options.layout;
    this.#seq = options.seq;
    mkdirSync(options.layout.blobs, { recursive: true });
    // With fsync, a rename into blobs/ is made durable before the row naming the file commits.
    this.#blobsDirFd = options.fsync ? openSync(options.layout.blobs, 'r') : undefined;
    this.#putVersion = db.prepare(`INSERT INTO versions (bucket, key, version_id, seq, doc, data, file) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (bucket, key, version_id) DO UPDATE SET seq = excluded.seq, doc = excluded.doc, data = excluded.data, file = excluded.file`);
    this.#deleteVersion = db.prepare('DELETE FROM versions WHERE bucket = ? AND key = ? AND version_id = ?');
    this.#updateVersion = db.prepare('UPDATE versions SET doc = ? WHERE bucket = ? AND key = ? AND version_id = ?');
    this.#putBucket = db.prepare('INSERT OR REPLACE INTO buckets (name, doc) VALUES (?, ?)');
    this.#putUpload = db.prepare('INSERT OR REPLACE INTO uploads (bucket, upload_id, doc) VALUES (?, ?, ?)');
    this.#deleteUpload = db.prepare('DELETE FROM uploads WHERE bucket = ? AND upload_id = ?');
    this.#deleteParts = db.prepare('DELETE FROM parts WHERE bucket = ? AND upload_id = ?');
    this.#putPart = db.prepare('INSERT OR REPLACE INTO parts (bucket, upload_id, part_number, doc, data, file) VALUES (?, ?, ?, ?, ?, ?)');
    // WAL pages go into the database once a second, in one pass, rather than every 1000 pages
    // inside whichever write crossed the mark (see openDatabase).
    this.#checkpoints = setInterval(() => db.run('PRAGMA wal_checkpoint(PASSIVE)'), CHECKPOINT_MS);
    this.#checkpoints.unref();
  }

  getBucket(name: string): Bucket | undefined {
    return this.#memory.getBucket(name);
  }

  bucketsOf(accountId: string): Bucket[] {
    return this.#memory.bucketsOf(accountId);
  }

  allBuckets(): IterableIterator<Bucket> {
    return this.#memory.allBuckets();
  }

  createBucket(record: BucketRecord): Bucket {
    this.#putBucket.run(record.name, encodeBucket(record));
    return this.#memory.createBucket(record);
  }

  deleteBucket(bucket: Bucket): MultipartUpload[] {
    this.#transaction(() => {
      for (const table of ['buckets', 'versions', 'uploads', 'parts']) {
        this.#db.run(`DELETE FROM ${table} WHERE ${table === 'buckets' ? 'name' : 'bucket'} = ?`, [bucket.name]);
      }
    });
    return this.#memory.deleteBucket(bucket);
  }

  updateBucket(bucket: Bucket, patch: Partial<BucketSettings>): void {
    this.#putBucket.run(bucket.name, encodeBucket({ ...bucket, ...patch }));
    this.#memory.updateBucket(bucket, patch);
  }

  setConfig<K extends ConfigName>(bucket: Bucket, name: K, value: BucketConfigs[K] | undefined): void {
    const configs: BucketConfigs = { ...bucket.configs };
    if (value === undefined) delete configs[name];
    else configs[name] = value;
    this.#putBucket.run(bucket.name, encodeBucket({ ...bucket, configs }));
    this.#memory.setConfig(bucket, name, value);
  }

  setIdConfig<K extends IdConfigKind>(bucket: Bucket, kind: K, id: string, config: IdConfigOf<K> | undefined): boolean {
    const byId = bucket.configs.byId;
    const map = new Map<string, unknown>(byId?.[kind] ?? []);
    if (config === undefined && !map.delete(id)) return false;
    if (config !== undefined) map.set(id, config);
    const next = { metrics: new Map(), analytics: new Map(), inventory: new Map(), intelligentTiering: new Map(), ...byId, [kind]: map };
    this.#putBucket.run(bucket.name, encodeBucket({ ...bucket, configs: { ...bucket.configs, byId: next } }));
    return this.#memory.setIdConfig(bucket, kind, id, config);
  }

  putVersion(bucket: Bucket, obj: S3Object): S3Object | undefined {
    const flagged = this.#uploadsOverTaken(bucket, obj.key);
    if (flagged === undefined) this.#writeVersion(bucket, obj);
    else this.#transaction(() => this.#writeVersion(bucket, obj, flagged));
    return this.#memory.putVersion(bucket, obj);
  }

  deleteVersion(bucket: Bucket, key: string, versionId: string): S3Object | undefined {
    const flagged = this.#uploadsOverTaken(bucket, key);
    // One statement commits by itself: a transaction around it costs a DELETE half its time.
    if (flagged === undefined) this.#deleteVersion.run(bucket.name, key, versionId);
    else {
      this.#transaction(() => {
        this.#deleteVersion.run(bucket.name, key, versionId);
        this.#flag(bucket, flagged);
      });
    }
    return this.#memory.deleteVersion(bucket, key, versionId);
  }

  updateVersion(bucket: Bucket, obj: S3Object, patch: VersionPatch): void {
    this.#updateVersion.run(encodeVersion({ ...obj, ...patch }), bucket.name, obj.key, obj.versionId);
    this.#memory.updateVersion(bucket, obj, patch);
  }

  createUpload(bucket: Bucket, upload: MultipartUpload): void {
    this.#putUpload.run(bucket.name, upload.uploadId, encodeUpload(upload));
    this.#memory.createUpload(bucket, upload);
  }

  putPart(bucket: Bucket, upload: MultipartUpload, part: UploadedPart): UploadedPart | undefined {
    const [data, file] = this.#place(part.blob);
    this.#putPart.run(bucket.name, upload.uploadId, part.partNumber, encodePart(part), data, file);
    return this.#memory.putPart(bucket, upload, part);
  }

  deleteUpload(bucket: Bucket, upload: MultipartUpload): UploadedPart[] {
    this.#transaction(() => this.#removeUpload(bucket, upload));
    return this.#memory.deleteUpload(bucket, upload);
  }

  completeUpload(bucket: Bucket, upload: MultipartUpload, obj: S3Object): { replaced: S3Object | undefined; parts: UploadedPart[] } {
    const flagged = this.#uploadsOverTaken(bucket, obj.key)?.filter((u) => u !== upload);
    this.#transaction(() => {
      this.#removeUpload(bucket, upload);
      this.#writeVersion(bucket, obj, flagged);
    });
    return this.#memory.completeUpload(bucket, upload, obj);
  }

  clear(): void {
    this.#transaction(() => {
      for (const table of ['buckets', 'versions', 'uploads', 'parts']) this.#db.run(`DELETE FROM ${table}`);
    });
    this.#memory.clear();
    // After the rows: a crash in between leaves files without rows, which the next start removes.
    rmSync(this.#layout.blobs, { recursive: true, force: true });
    mkdirSync(this.#layout.blobs, { recursive: true });
  }

  close(): void {
    clearInterval(this.#checkpoints);
    if (this.#blobsDirFd !== undefined) closeSync(this.#blobsDirFd);
    // An unfinalized statement keeps the database (and its exclusive lock) open past close().
    for (const statement of [this.#putVersion, this.#deleteVersion, this.#updateVersion, this.#putBucket, this.#putUpload, this.#deleteUpload, this.#deleteParts, this.#putPart]) {
      statement.finalize();
    }
    this.#db.close(true);
    this.#memory.close();
  }

  #transaction(work: () => void): void {
    this.#db.transaction(work)();
  }

  #writeVersion(bucket: Bucket, obj: S3Object, flagged?: MultipartUpload[]): void {
    const [data, file] = this.#place(obj.blob);
    this.#seq += 1;
    this.#putVersion.run(bucket.name, obj.key, obj.versionId, this.#seq, encodeVersion(obj), data, file);
    this.#flag(bucket, flagged);
  }

  #removeUpload(bucket: Bucket, upload: MultipartUpload): void {
    this.#deleteUpload.run(bucket.name, upload.uploadId);
    this.#deleteParts.run(bucket.name, upload.uploadId);
  }

  /** The uploads of `key` a write or delete of the key marks as overtaken (see MultipartUpload). */
  #uploadsOverTaken(bucket: Bucket, key: string): MultipartUpload[] | undefined {
    if (bucket.uploads.size === 0) return undefined;
    let found: MultipartUpload[] | undefined;
    for (const upload of bucket.uploads.values()) {
      if (upload.key === key && !upload.keyChangedSinceInitiation) (found ??= []).push(upload);
    }
    return found;
  }

  #flag(bucket: Bucket, uploads: MultipartUpload[] | undefined): void {
    for (const upload of uploads ?? []) {
      this.#putUpload.run(bucket.name, upload.uploadId, encodeUpload({ ...upload, keyChangedSinceInitiation: true }));
    }
  }

  /** The row's data and file columns: bytes in memory go in the row; a new file moves into blobs/. */
  #place(blob: BlobRef | undefined): [Blob, string | null] {
    if (blob === undefined) return [null, null];
    const where = this.#blobs.bytesOf(blob);
    if (where.kind === 'memory') return [where.bytes, null];
    if (dirname(where.path) === this.#layout.blobs) return [null, basename(where.path)];
    const name = newBlobName();
    this.#blobs.moveFile(blob, join(this.#layout.blobs, name));
    if (this.#blobsDirFd !== undefined) fsyncSync(this.#blobsDirFd);
    return [null, name];
  }
}
