/**
 * Records <-> the JSON text stored in the database. Object versions (one per PUT) have their own
 * encoder, with dates as epoch milliseconds; buckets and uploads (rarer) go through a tagged JSON
 * that keeps Dates and Maps wherever they sit (lifecycle rules, Id-addressed configurations).
 */
import type { BucketRecord } from '../state/bucket.ts';
import type { MultipartUpload, UploadedPart } from '../state/multipart.ts';
import type { Mutable } from '../state/mutable.ts';
import { NO_METADATA, NO_TAGS, type S3Object } from '../state/object.ts';
import type { BlobRef } from '../storage/types.ts';

function tag(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) return { $d: raw.getTime() };
  if (raw instanceof Map) return { $m: [...raw.entries()] };
  return value;
}

function untag(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  if ('$d' in value && typeof value.$d === 'number') return new Date(value.$d);
  if ('$m' in value && Array.isArray(value.$m)) return new Map(value.$m as [unknown, unknown][]);
  return value;
}

export const encodeTagged = (value: unknown): string => JSON.stringify(value, tag);
export const decodeTagged = (text: string): unknown => JSON.parse(text, untag);

export function encodeBucket(record: BucketRecord): string {
  const { name, ownerAccountId, region, creationDate, locationConstraint, versioning, mfaDelete, objectLockEnabled, acl, configs } = record;
  return encodeTagged({ name, ownerAccountId, region, creationDate, locationConstraint, versioning, mfaDelete, objectLockEnabled, acl, configs });
}

export const decodeBucket = (text: string): BucketRecord => decodeTagged(text) as BucketRecord;

/** An upload without its parts (rows of their own). */
export function encodeUpload(upload: MultipartUpload): string {
  return encodeTagged({ ...upload, parts: undefined });
}

export function decodeUpload(text: string): MultipartUpload {
  return { ...(decodeTagged(text) as Omit<MultipartUpload, 'parts'>), parts: new Map() };
}

export const encodePart = (part: UploadedPart): string => encodeTagged({ ...part, blob: undefined });

export function decodePart(text: string, blob: BlobRef): UploadedPart {
  return { ...(decodeTagged(text) as Omit<UploadedPart, 'blob'>), blob };
}

/**
 * The JSON text of a shared sub-record (system metadata, SSE, ACL), made once per record: these are
 * one object per process for most versions (see systemMetadataFrom), and never edited.
 */
const texts = new WeakMap<object, string>();

function textOf(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

/**
 * A version without key, id and bytes (columns of their own); dates as milliseconds. System
 * metadata, SSE and ACL are nested JSON texts, so loading parses each distinct one once.
 */
export function encodeVersion(o: S3Object): string {
  return JSON.stringify({
    ...o, key: undefined, versionId: undefined, blob: undefined,
    system: textOf(o.system), sse: o.sse === undefined ? undefined : textOf(o.sse), acl: o.acl === undefined ? undefined : textOf(o.acl),
    lastModified: o.lastModified.getTime(),
    lock: o.lock === undefined ? undefined : { ...o.lock, retainUntil: o.lock.retainUntil?.getTime() },
    restore: o.restore === undefined ? undefined : { ...o.restore, expiry: o.restore.expiry?.getTime() },
    metadata: o.metadata === NO_METADATA ? undefined : o.metadata,
    tags: o.tags.length === 0 ? undefined : o.tags,
  });
}

interface StoredVersion extends Omit<Mutable<S3Object>, 'lastModified' | 'lock' | 'restore' | 'system' | 'sse' | 'acl'> {
  lastModified: number;
  system: string;
  sse?: string;
  acl?: string;
  lock?: { mode?: string; retainUntil?: number; legalHold?: string };
  restore?: { ongoing: boolean; expiry?: number };
}

/**
 * Identical small records (content type only, SSE-S3, the private ACL) are one object per process
 * for objects written live (see systemMetadataFrom); loading shares them again, so a restarted
 * server holds no more than the one that wrote the state.
 */
export class Interner {
  readonly #seen = new Map<string, object>();

  /** The record of a JSON text: parsed the first time, the same object afterwards. */
  parse<T extends object>(text: string): T {
    const known = this.#seen.get(text);
    if (known !== undefined) return known as T;
    const value = JSON.parse(text) as T;
    if (this.#seen.size < 10_000) this.#seen.set(text, value);
    texts.set(value, text);
    return value;
  }
}

export function decodeVersion(key: string, versionId: string, text: string, blob: BlobRef | undefined, interner: Interner): S3Object {
  const v = JSON.parse(text) as StoredVersion;
  const obj: Mutable<S3Object> = {
    ...v, key, versionId, lastModified: new Date(v.lastModified),
    lock: undefined, restore: undefined,
    metadata: v.metadata ?? NO_METADATA,
    tags: v.tags ?? NO_TAGS,
    system: interner.parse(v.system),
    sse: undefined, acl: undefined,
  };
  if (blob !== undefined) obj.blob = blob;
  if (v.sse !== undefined) obj.sse = interner.parse<NonNullable<S3Object['sse']>>(v.sse);
  else delete obj.sse;
  if (v.acl !== undefined) obj.acl = interner.parse<NonNullable<S3Object['acl']>>(v.acl);
  else delete obj.acl;
  if (v.lock !== undefined) {
    const { retainUntil, ...rest } = v.lock;
    obj.lock = retainUntil === undefined ? rest : { ...rest, retainUntil: new Date(retainUntil) };
  } else delete obj.lock;
  if (v.restore !== undefined) {
    const { expiry, ...rest } = v.restore;
    obj.restore = expiry === undefined ? rest : { ...rest, expiry: new Date(expiry) };
  } else delete obj.restore;
  return obj;
}
