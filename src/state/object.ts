/** The metadata record of one object version (bytes live in the BlobStore, referenced by `blob`). */
import type { ChecksumAlgorithm } from '../checksum/types.ts';
import type { AccessControlPolicy } from '../protocol/generated/types.ts';
import type { BlobRef } from '../storage/types.ts';

export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** One part of a completed multipart object, kept for GetObject?partNumber and GetObjectAttributes. */
export interface ObjectPart {
  readonly partNumber: number;
  readonly size: number;
  readonly etag: string;
  readonly checksum?: string;
}

/** Shared between objects where it can be (see systemMetadataFrom): read-only. */
export interface SystemMetadata {
  readonly contentType?: string;
  readonly contentEncoding?: string;
  readonly contentDisposition?: string;
  readonly contentLanguage?: string;
  readonly cacheControl?: string;
  /** Kept as sent: S3 echoes Expires verbatim. */
  readonly expires?: string;
  readonly websiteRedirectLocation?: string;
}

/** One version as stored; read-only: sub-resources change through MetadataStore.updateVersion. */
export interface S3Object {
  readonly key: string;
  /** "null" for the null version (unversioned or suspended bucket). */
  readonly versionId: string;
  readonly isDeleteMarker: boolean;
  readonly lastModified: Date;
  readonly ownerAccountId: string;
  readonly blob?: BlobRef;
  readonly size: number;
  /** Quoted ETag as it goes on the wire. */
  readonly etag: string;
  readonly system: SystemMetadata;
  /** User metadata (x-amz-meta-*), names lower-cased; possibly NO_METADATA, so never edited. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly storageClass: string;
  readonly checksumAlgorithm?: ChecksumAlgorithm;
  readonly checksumValue?: string;
  readonly checksumType?: ChecksumType;
  /** Possibly NO_TAGS, so never edited: a change replaces the list. */
  readonly tags: readonly Tag[];
  readonly sse?: { algorithm: string; kmsKeyId?: string; bucketKeyEnabled?: boolean };
  readonly sseCustomer?: { algorithm: string; keyMd5: string };
  readonly parts?: ObjectPart[];
  /** The multipart upload that made this version: a retried Complete of it answers again (AWS does). */
  readonly uploadId?: string;
  readonly lock?: { mode?: string; retainUntil?: Date; legalHold?: string };
  readonly acl?: AccessControlPolicy;
  readonly restore?: { ongoing: boolean; expiry?: Date };
  /** x-amz-replication-status: PENDING/COMPLETED/FAILED on a source version, REPLICA on a copy (src/replication/). */
  readonly replication?: ReplicationState;
}

export type ReplicationState = 'PENDING' | 'COMPLETED' | 'FAILED' | 'REPLICA';

/** What MetadataStore.updateVersion may change on an existing version. */
export type VersionPatch = Partial<Pick<S3Object, 'tags' | 'acl' | 'lock' | 'restore' | 'storageClass' | 'replication'>>;

export const NULL_VERSION_ID = 'null';

/**
 * Shared by every object without user metadata or tags (most of them): one empty object and array
 * per process instead of one each per object. Frozen: code replaces these fields, never edits them.
 */
export const NO_METADATA: Readonly<Record<string, string>> = Object.freeze({});
export const NO_TAGS: readonly Tag[] = Object.freeze([]);
/** A delete marker's system metadata: it has none. */
export const NO_SYSTEM: SystemMetadata = Object.freeze({});

export function isDeleteMarker(o: S3Object): boolean {
  return o.isDeleteMarker;
}
