/** GetObjectAttributes: ETag, Checksum, ObjectParts, StorageClass and ObjectSize of one version. */
import type { RequestContext } from '../core/context.ts';
import type {
  GetObjectAttributesOutput,
  GetObjectAttributesParts,
  GetObjectAttributesRequest,
  ObjectPart,
} from '../protocol/generated/types.ts';
import { S3Error } from '../protocol/s3-error.ts';
import type { S3Object } from '../state/object.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { findObject } from './_shared/object-lookup.ts';
import type { OperationHandlers } from './operation-handler.ts';
import { assertSseCustomerRead, sseCustomerOf } from './_shared/sse-c.ts';

const ATTRIBUTES = new Set(['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']);

/** FULL_OBJECT multipart objects report only the part count; COMPOSITE ones page their parts. */
function objectParts(obj: S3Object, input: GetObjectAttributesRequest): GetObjectAttributesParts | undefined {
  const parts = obj.parts;
  if (parts === undefined) return undefined;
  if (obj.checksumType !== 'COMPOSITE') return { TotalPartsCount: parts.length };
  const marker = input.PartNumberMarker ?? 0;
  const maxParts = input.MaxParts ?? 1000;
  const after = parts.filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const out: GetObjectAttributesParts = {
    TotalPartsCount: parts.length,
    PartNumberMarker: marker,
    NextPartNumberMarker: page[page.length - 1]?.partNumber ?? 0,
    MaxParts: maxParts,
    IsTruncated: after.length > page.length,
  };
  if (page.length > 0) {
    out.Parts = page.map((p): ObjectPart => ({
      PartNumber: p.partNumber, Size: p.size,
      ...(obj.checksumAlgorithm !== undefined && p.checksum !== undefined ? { [`Checksum${obj.checksumAlgorithm}`]: p.checksum } : {}),
    }));
  }
  return out;
}

async function getObjectAttributes(ctx: RequestContext, input: GetObjectAttributesRequest): Promise<GetObjectAttributesOutput> {
  const wanted = input.ObjectAttributes;
  const unknown = wanted.find((a) => !ATTRIBUTES.has(a));
  if (unknown !== undefined) {
    throw new S3Error('InvalidArgument', { message: 'Invalid attribute name specified.', fields: { ArgumentName: 'x-amz-object-attributes', ArgumentValue: unknown } });
  }
  const bucket = requireBucket(ctx, input.Bucket);
  const obj = findObject(bucket, input.Key, input.VersionId, 'GET');
  assertSseCustomerRead(obj, sseCustomerOf(input));
  const has = (a: string): boolean => wanted.includes(a as never);
  const out: GetObjectAttributesOutput = { LastModified: obj.lastModified };
  if (bucket.versioning !== undefined) out.VersionId = obj.versionId;
  // The ETag travels unquoted here, unlike in headers.
  if (has('ETag')) out.ETag = obj.etag.replace(/"/g, '');
  if (has('StorageClass')) out.StorageClass = obj.storageClass as GetObjectAttributesOutput['StorageClass'];
  if (has('ObjectSize')) out.ObjectSize = obj.size;
  if (has('Checksum') && obj.checksumAlgorithm !== undefined && obj.checksumValue !== undefined) {
    // A composite checksum is reported without its "-N" suffix.
    out.Checksum = { [`Checksum${obj.checksumAlgorithm}`]: obj.checksumValue.split('-')[0], ChecksumType: obj.checksumType };
  }
  if (has('ObjectParts')) {
    const parts = objectParts(obj, input);
    if (parts !== undefined) out.ObjectParts = parts;
  }
  return out;
}

export const OBJECT_ATTRIBUTES_OPERATIONS: OperationHandlers = {
  GetObjectAttributes: getObjectAttributes,
};
