/**
 * The one way state changes. Operations read buckets, objects and uploads directly (they are
 * read-only records) and change them only through these methods, so a persistent store can write
 * each change to disk before it becomes visible. Bytes are not the store's: callers release the
 * blobs of what a method removes or replaces, after it returns.
 */
import type { Bucket, BucketConfigs, BucketRecord, BucketSettings, IdConfigKind, IdConfigOf } from './bucket.ts';
import type { MultipartUpload, UploadedPart } from './multipart.ts';
import type { S3Object, VersionPatch } from './object.ts';

/** The configurations set with setConfig (the Id-addressed ones go through setIdConfig). */
export type ConfigName = Exclude<keyof BucketConfigs, 'byId'>;

export interface MetadataStore {
  getBucket(name: string): Bucket | undefined;
  /** Buckets of one account in name order (ListBuckets). */
  bucketsOf(accountId: string): Bucket[];
  /** Every bucket of every account (the lifecycle pass). */
  allBuckets(): IterableIterator<Bucket>;

  /** Adds a bucket; the caller checked that the name is free. */
  createBucket(record: BucketRecord): Bucket;
  /** Removes a bucket with its uploads in progress, which are returned so their parts can be freed. */
  deleteBucket(bucket: Bucket): MultipartUpload[];
  updateBucket(bucket: Bucket, patch: Partial<BucketSettings>): void;
  /** Sets (or, with undefined, removes) one configuration sub-resource. */
  setConfig<K extends ConfigName>(bucket: Bucket, name: K, value: BucketConfigs[K] | undefined): void;
  /** Sets or removes one Id-addressed configuration; false when removing one that was not there. */
  setIdConfig<K extends IdConfigKind>(bucket: Bucket, kind: K, id: string, config: IdConfigOf<K> | undefined): boolean;

  /**
   * Adds `obj` as the newest version of its key. A null version replaces the key's null version,
   * which is returned. Uploads in progress of the key are marked as overtaken.
   */
  putVersion(bucket: Bucket, obj: S3Object): S3Object | undefined;
  /** Removes one version (or delete marker) for good and returns it. */
  deleteVersion(bucket: Bucket, key: string, versionId: string): S3Object | undefined;
  /** Changes a stored version's sub-resources (tags, ACL, lock, restore) or its storage class (lifecycle). */
  updateVersion(bucket: Bucket, obj: S3Object, patch: VersionPatch): void;

  createUpload(bucket: Bucket, upload: MultipartUpload): void;
  /** Adds a part, returning the part of that number it replaces. */
  putPart(bucket: Bucket, upload: MultipartUpload, part: UploadedPart): UploadedPart | undefined;
  /** Removes an upload (aborted) and returns its parts. */
  deleteUpload(bucket: Bucket, upload: MultipartUpload): UploadedPart[];
  /** putVersion and deleteUpload as one change: a completed upload becomes its object. */
  completeUpload(bucket: Bucket, upload: MultipartUpload, obj: S3Object): { replaced: S3Object | undefined; parts: UploadedPart[] };

  /** Drops everything (reset). */
  clear(): void;
  /** Releases what the store holds open (a database); the store is not used afterwards. */
  close(): void;
}
