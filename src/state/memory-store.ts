/**
 * The in-memory MetadataStore: the records operations read are the store itself, so a change is a
 * field assignment or an index update, as fast as the ops editing records directly used to be.
 * Bucket names are global across accounts, as on AWS. The persistent store wraps this one.
 */
import { newBucket, type Bucket, type BucketConfigs, type BucketRecord, type BucketSettings, type IdConfigKind, type IdConfigOf, type IdConfigs } from './bucket.ts';
import type { ConfigName, MetadataStore } from './metadata-store.ts';
import type { MultipartUpload, UploadedPart } from './multipart.ts';
import { NULL_VERSION_ID, type S3Object, type VersionPatch } from './object.ts';
import type { ObjectIndex } from './object-index.ts';
import type { Mutable } from './mutable.ts';

/** The writable views of the records this store made (readers get the read-only types). */
const indexOf = (bucket: Bucket): ObjectIndex<S3Object> => bucket.objects as ObjectIndex<S3Object>;
const uploadsOf = (bucket: Bucket): Map<string, MultipartUpload> => bucket.uploads as Map<string, MultipartUpload>;
const partsOf = (upload: MultipartUpload): Map<number, UploadedPart> => upload.parts as Map<number, UploadedPart>;

export class MemoryMetadataStore implements MetadataStore {
  readonly #buckets = new Map<string, Bucket>();

  getBucket(name: string): Bucket | undefined {
    return this.#buckets.get(name);
  }

  bucketsOf(accountId: string): Bucket[] {
    const out: Bucket[] = [];
    for (const b of this.#buckets.values()) if (b.ownerAccountId === accountId) out.push(b);
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every bucket (the lifecycle pass, the persistent store's load and tests). */
  allBuckets(): IterableIterator<Bucket> {
    return this.#buckets.values();
  }

  createBucket(record: BucketRecord): Bucket {
    const bucket = newBucket(record);
    this.#buckets.set(bucket.name, bucket);
    return bucket;
  }

  deleteBucket(bucket: Bucket): MultipartUpload[] {
    const uploads = [...bucket.uploads.values()];
    uploadsOf(bucket).clear();
    this.#buckets.delete(bucket.name);
    return uploads;
  }

  updateBucket(bucket: Bucket, patch: Partial<BucketSettings>): void {
    Object.assign(bucket as Mutable<Bucket>, patch);
  }

  setConfig<K extends ConfigName>(bucket: Bucket, name: K, value: BucketConfigs[K] | undefined): void {
    const configs = bucket.configs as BucketConfigs;
    if (value === undefined) delete configs[name];
    else configs[name] = value;
  }

  setIdConfig<K extends IdConfigKind>(bucket: Bucket, kind: K, id: string, config: IdConfigOf<K> | undefined): boolean {
    const configs = bucket.configs as BucketConfigs;
    configs.byId ??= { metrics: new Map(), analytics: new Map(), inventory: new Map(), intelligentTiering: new Map() };
    const map = (configs.byId as IdConfigs)[kind] as Map<string, IdConfigOf<K>>;
    if (config === undefined) return map.delete(id);
    map.set(id, config);
    return true;
  }

  putVersion(bucket: Bucket, obj: S3Object): S3Object | undefined {
    this.noteKeyChanged(bucket, obj.key);
    return indexOf(bucket).putVersion(obj.key, obj, obj.versionId === NULL_VERSION_ID ? NULL_VERSION_ID : undefined);
  }

  deleteVersion(bucket: Bucket, key: string, versionId: string): S3Object | undefined {
    this.noteKeyChanged(bucket, key);
    return indexOf(bucket).deleteVersion(key, versionId);
  }

  updateVersion(_bucket: Bucket, obj: S3Object, patch: VersionPatch): void {
    Object.assign(obj as Mutable<S3Object>, patch);
  }

  /** Marks the in-progress uploads of `key` as overtaken by a write or delete of that key; returns them. */
  noteKeyChanged(bucket: Bucket, key: string): MultipartUpload[] | undefined {
    if (bucket.uploads.size === 0) return undefined;
    let changed: MultipartUpload[] | undefined;
    for (const upload of bucket.uploads.values()) {
      if (upload.key !== key || upload.keyChangedSinceInitiation) continue;
      (upload as Mutable<MultipartUpload>).keyChangedSinceInitiation = true;
      (changed ??= []).push(upload);
    }
    return changed;
  }

  createUpload(bucket: Bucket, upload: MultipartUpload): void {
    uploadsOf(bucket).set(upload.uploadId, upload);
  }

  putPart(_bucket: Bucket, upload: MultipartUpload, part: UploadedPart): UploadedPart | undefined {
    const parts = partsOf(upload);
    const previous = parts.get(part.partNumber);
    parts.set(part.partNumber, part);
    return previous;
  }

  deleteUpload(bucket: Bucket, upload: MultipartUpload): UploadedPart[] {
    uploadsOf(bucket).delete(upload.uploadId);
    const parts = [...upload.parts.values()];
    partsOf(upload).clear();
    return parts;
  }

  completeUpload(bucket: Bucket, upload: MultipartUpload, obj: S3Object): { replaced: S3Object | undefined; parts: UploadedPart[] } {
    const parts = this.deleteUpload(bucket, upload);
    return { replaced: this.putVersion(bucket, obj), parts };
  }

  clear(): void {
    this.#buckets.clear();
  }

  close(): void {
    this.#buckets.clear();
  }
}
