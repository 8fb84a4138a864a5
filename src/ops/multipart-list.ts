/** ListParts and ListMultipartUploads. Uploads in progress are few: sorting them per call is fine. */
import type { RequestContext } from '../core/context.ts';
import type {
  ListMultipartUploadsOutput,
  ListMultipartUploadsRequest,
  ListPartsOutput,
  ListPartsRequest,
  MultipartUpload as UploadEntry,
  Part,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { compareKeys } from '../state/key-order.ts';
import type { MultipartUpload } from '../state/multipart.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { assertEncodingType, urlEncodeKey } from './_shared/list-params.ts';
import { requireUpload } from './_shared/multipart-rules.ts';
import { ownerOf } from './_shared/owner.ts';
import type { OperationHandlers } from './operation-handler.ts';

const DEFAULT_MAX = 1000;

/**
 * The Initiator still carries a DisplayName in AWS's answers (the Owner no longer does); 'webfile'
 * is LocalStack's. Uploads record their owner only, which is the initiator unless Object Ownership
 * gave the upload to the bucket owner.
 */
function initiator(upload: MultipartUpload): { ID: string; DisplayName: string } {
  return { ID: ownerOf(upload.ownerAccountId).ID, DisplayName: 'webfile' };
}

function limit(value: number | undefined, name: string): number {
  if (value === undefined) return DEFAULT_MAX;
  if (value < 0) {
    throw new S3Error('InvalidArgument', {
      message: `Argument ${name} must be an integer between 0 and 2147483647`,
      fields: {
        ArgumentName: name, ArgumentValue: String(value),
      },
    });
  }
  return Math.min(value, DEFAULT_MAX);
}

async function listParts(ctx: RequestContext, input: ListPartsRequest): Promise<ListPartsOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  const upload = requireUpload(bucket, input.Key, input.UploadId);
  const maxParts = limit(input.MaxParts, 'max-parts');
  const marker = Number(input.PartNumberMarker ?? 0) || 0;
  const numbers = [...upload.parts.keys()].filter((n) => n > marker).sort((a, b) => a - b);
  const page = numbers.slice(0, maxParts);
  const truncated = numbers.length > page.length;
  const parts: Part[] = page.map((n) => {
    const p = upload.parts.get(n);
    if (p === undefined) throw new Error(`part ${n} vanished`);
    const entry: Part = { PartNumber: n, LastModified: p.lastModified, ETag: `"${p.md5Hex}"`, Size: p.size };
    if (upload.checksumAlgorithm !== undefined && p.checksumAlgorithm !== undefined && p.checksumValue !== undefined) {
      entry[`Checksum${p.checksumAlgorithm}`] = p.checksumValue;
    }
    return entry;
  });
  const out: ListPartsOutput = {
    Bucket: bucket.name, Key: upload.key, UploadId: upload.uploadId,
    PartNumberMarker: marker,
    MaxParts: maxParts, IsTruncated: truncated,
    Initiator: initiator(upload), Owner: ownerOf(upload.ownerAccountId),
    StorageClass: upload.storageClass as ListPartsOutput['StorageClass'],
  };
  // Always present, 0 when no part follows the marker.
  out.NextPartNumberMarker = page[page.length - 1] ?? 0;
  if (parts.length > 0) out.Parts = parts;
  if (upload.checksumAlgorithm !== undefined) {
    out.ChecksumAlgorithm = upload.checksumAlgorithm as ListPartsOutput['ChecksumAlgorithm'];
    out.ChecksumType = upload.checksumType;
  }
  return out;
}

/** Key order, then initiation order within a key, as AWS lists them. */
function compareUploads(a: MultipartUpload, b: MultipartUpload): number {
  if (a.key !== b.key) return compareKeys(a.key, b.key);
  // Initiated has second precision: ties keep creation order (the Map's insertion order; sort is stable).
  return a.initiated.getTime() - b.initiated.getTime();
}

/** Index of the first upload after key-marker (and upload-id-marker within that key). */
function startIndex(sorted: readonly MultipartUpload[], keyMarker: string | undefined, uploadIdMarker: string | undefined): number {
  if (keyMarker === undefined) return 0;
  if (uploadIdMarker !== undefined) {
    const at = sorted.findIndex((x) => x.key === keyMarker && x.uploadId === uploadIdMarker);
    if (at < 0) {
      throw new S3Error('InvalidArgument', { message: 'Invalid uploadId marker', fields: { ArgumentName: 'upload-id-marker', ArgumentValue: uploadIdMarker } });
    }
    return at + 1;
  }
  const next = sorted.findIndex((x) => compareKeys(x.key, keyMarker) > 0);
  return next < 0 ? sorted.length : next;
}

async function listMultipartUploads(ctx: RequestContext, input: ListMultipartUploadsRequest): Promise<ListMultipartUploadsOutput> {
  const bucket = requireBucket(ctx, input.Bucket);
  assertEncodingType(input.EncodingType);
  const maxUploads = limit(input.MaxUploads, 'max-uploads');
  const prefix = input.Prefix ?? '';
  const delimiter = input.Delimiter || undefined;
  const keyMarker = input.KeyMarker || undefined;
  const uploadIdMarker = keyMarker !== undefined ? input.UploadIdMarker || undefined : undefined;
  const sorted = [...bucket.uploads.values()].sort(compareUploads);
  const encode = input.EncodingType === 'url' ? urlEncodeKey : (s: string): string => s;
  const uploads: UploadEntry[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let lastUpload: MultipartUpload | undefined;
  for (const u of sorted.slice(startIndex(sorted, keyMarker, uploadIdMarker))) {
    if (!u.key.startsWith(prefix)) continue;
    const cut = delimiter !== undefined ? u.key.indexOf(delimiter, prefix.length) : -1;
    const common = cut >= 0 && delimiter !== undefined ? u.key.slice(0, cut + delimiter.length) : undefined;
    if (common !== undefined && prefixes[prefixes.length - 1] === common) continue;
    // A prefix the key-marker falls in (or equals) was already listed on the page before.
    if (common !== undefined && keyMarker !== undefined && compareKeys(common, keyMarker) <= 0) continue;
    if (uploads.length + prefixes.length >= maxUploads) {
      truncated = true;
      break;
    }
    if (common !== undefined) {
      prefixes.push(common);
      continue;
    }
    lastUpload = u;
    uploads.push({
      UploadId: u.uploadId, Key: encode(u.key), Initiated: u.initiated,
      StorageClass: u.storageClass as UploadEntry['StorageClass'],
      Owner: ownerOf(u.ownerAccountId), Initiator: initiator(u),
      ...(u.checksumAlgorithm !== undefined
        ? { ChecksumAlgorithm: u.checksumAlgorithm as UploadEntry['ChecksumAlgorithm'], ChecksumType: u.checksumType }
        : {}),
    });
  }
  const out: ListMultipartUploadsOutput = {
    Bucket: bucket.name, KeyMarker: encode(keyMarker ?? ''), UploadIdMarker: uploadIdMarker ?? '',
    MaxUploads: maxUploads, IsTruncated: truncated,
  };
  if (input.Prefix !== undefined) out.Prefix = encode(prefix);
  if (delimiter !== undefined) out.Delimiter = encode(delimiter);
  if (uploads.length > 0) out.Uploads = uploads;
  if (prefixes.length > 0) out.CommonPrefixes = prefixes.map((p) => ({ Prefix: encode(p) }));
  // AWS always names the last *upload* listed, truncated or not; common prefixes never count
  // (a page of prefixes only answers empty markers).
  out.NextKeyMarker = encode(lastUpload?.key ?? '');
  out.NextUploadIdMarker = lastUpload?.uploadId ?? '';
  if (input.EncodingType !== undefined) out.EncodingType = 'url';
  return out;
}

export const MULTIPART_LIST_OPERATIONS: OperationHandlers = {
  ListParts: listParts,
  ListMultipartUploads: listMultipartUploads,
};
