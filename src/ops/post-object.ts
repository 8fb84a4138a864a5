/**
 * PostObject: browser-based uploads with an HTML form (multipart/form-data). The form's fields
 * stand in for PutObject's headers; its policy (when present) is authenticated and its conditions
 * enforced; the file part streams into the BlobStore like any PUT body.
 */
import type { ChecksumAlgorithm } from '../checksum/types.ts';
import { isChecksumAlgorithm } from '../checksum/types.ts';
import type { RequestContext } from '../core/context.ts';
import { secretLookupFor } from '../auth/index.ts';
import { assertFieldsCovered, authenticatePostForm, checkPolicyConditions, type PostPolicy } from '../auth/post-policy.ts';
import type { PostObjectOutput, PostObjectRequest } from '../protocol/generated/types.ts';
import { formBoundary, malformedPost, readPostForm } from '../protocol/post-form.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { parseXmlDocument } from '../protocol/xml.ts';
import { readStructure } from '../protocol/xml-reader.ts';
import type { Bucket } from '../state/bucket.ts';
import type { S3Object } from '../state/object.ts';
import { BlobStoreClearedError, BlobTooLargeError } from '../storage/types.ts';
import { aclForNewResource, grantsPublicWrite } from './_shared/acl-policy.ts';
import { MAX_PUT_SIZE } from './_shared/body-store.ts';
import { requireBucket } from './_shared/bucket-rules.ts';
import { encryptionFor } from './_shared/encryption.ts';
import { expirationHeader } from './_shared/lifecycle-rules.ts';
import { postObjectLocation } from './_shared/location.ts';
import { answeredVersionId, encryptionHeaders, writeVersion } from './_shared/write-version.ts';
import type { Mutable } from '../state/mutable.ts';
import { assertMetadataSize, assertValidKey, assertValidStorageClass, systemMetadataFrom } from './_shared/object-rules.ts';
import type { OperationHandlers } from './operation-handler.ts';
import { validateTagSet } from './_shared/tags.ts';

/** Lower-cased field name -> value (the first of repeated fields). */
function fieldMap(fields: readonly (readonly [string, string])[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of fields) if (!map.has(name.toLowerCase())) map.set(name.toLowerCase(), value);
  return map;
}

/** System headers from a form hold ISO-8859-1 only: AWS turns other characters into spaces. */
function latin1(value: string | undefined): string | undefined {
  return value?.replace(/[^\x00-\xff]/g, ' ');
}

/** The tagging field is a Tagging XML document; one of another shape sets no tags. */
async function formTags(xml: string | undefined): Promise<S3Object['tags']> {
  if (xml === undefined) return [];
  let doc: { name: string; node: unknown };
  try {
    doc = await parseXmlDocument(xml);
  } catch {
    throw new S3Error('MalformedXML');
  }
  if (doc.name !== 'Tagging') return [];
  const tagging = readStructure('Tagging', doc.node) as { TagSet?: { Key?: string; Value?: string }[] };
  return validateTagSet(tagging.TagSet ?? [], 'object');
}

function formChecksum(fields: ReadonlyMap<string, string>): { algorithm: ChecksumAlgorithm; expected?: string } {
  const named = fields.get('x-amz-checksum-algorithm')?.toUpperCase();
  if (named === undefined) return { algorithm: 'CRC64NVME' };
  if (!isChecksumAlgorithm(named)) {
    throw new S3Error('InvalidRequest', { message: 'Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]' });
  }
  const expected = fields.get(`x-amz-checksum-${named.toLowerCase()}`);
  return expected !== undefined ? { algorithm: named, expected } : { algorithm: named };
}

/**
 * success_action_redirect plus bucket, key and etag, in that order (AWS's HTTPPOSTForms page lists
 * them so; ceph/s3-tests test_post_object_success_redirect_action compares the exact URL).
 * Undefined when not an absolute URL (S3 then ignores it).
 */
function redirectTarget(base: string | undefined, bucket: string, key: string, etag: string): string | undefined {
  if (base === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return undefined;
  }
  if (url.host === '') return undefined;
  url.searchParams.set('bucket', bucket);
  url.searchParams.set('key', key);
  url.searchParams.set('etag', etag);
  return url.toString();
}

/**
 * The form's policy, authenticated. A form without one (or with an empty one) is an anonymous
 * upload, which any web page can send (a form POST needs no CORS preflight): with signatures
 * checked, AWS takes it only into a bucket whose ACL lets anyone write.
 */
function formPolicy(ctx: RequestContext, bucket: Bucket, fields: ReadonlyMap<string, string>): PostPolicy | undefined {
  const secrets = ctx.config.skipSignatureValidation ? undefined : secretLookupFor(ctx.config.credentials, ctx.config.internalResourceAccount);
  const policy = authenticatePostForm(fields, ctx.now, secrets);
  // With access enforced, the bucket policy and ACLs decide instead (authorizeUpload).
  if (policy === undefined && secrets !== undefined && ctx.access === undefined && !grantsPublicWrite(bucket.acl)) {
    throw new S3Error('AccessDenied');
  }
  return policy;
}

/**
 * With access enforced, the form's signer (none: anonymous) must be allowed s3:PutObject on the key;
 * answers the new object's owner (Object Ownership).
 */
function authorizeUpload(ctx: RequestContext, policy: PostPolicy | undefined, key: string, fields: ReadonlyMap<string, string>, file: ReadableStream<Uint8Array>): string {
  if (ctx.access === undefined) return ctx.accountId;
  try {
    return ctx.access.authorizePost(policy, key, fields);
  } catch (e) {
    file.cancel().catch(() => undefined);
    throw e;
  }
}

function successStatus(field: string | undefined): number {
  return field === '200' || field === '201' ? Number(field) : 204;
}

async function postObject(ctx: RequestContext, input: PostObjectRequest): Promise<PostObjectOutput> {
  const boundary = formBoundary(ctx.headers.get('content-type'));
  if (boundary === undefined) {
    throw new S3Error('PreconditionFailed', {
      fields: {
        Condition: 'Bucket POST must be of the enclosure-type multipart/form-data',
      },
    });
  }
  const bucket = requireBucket(ctx, input.Bucket);
  const form = await readPostForm(ctx.body.stream, boundary);
  const fields = fieldMap(form.fields);
  const rawKey = fields.get('key');
  if (rawKey === undefined || rawKey === '') {
    form.file?.body.cancel().catch(() => undefined);
    throw new S3Error('InvalidArgument', {
      message: "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
      fields: {
        ArgumentName: 'key', ArgumentValue: '',
      },
    });
  }
  let policy: PostPolicy | undefined;
  try {
    policy = formPolicy(ctx, bucket, fields);
    // Everything but the file's size is checked before its bytes are read.
    if (policy !== undefined) {
      checkPolicyConditions(policy, fields, { bucket: bucket.name });
      assertFieldsCovered(policy, fields);
    }
    if (form.file === undefined) {
      throw new S3Error('InvalidArgument', { message: 'POST requires exactly one file upload per request.', fields: { ArgumentName: 'file', ArgumentValue: '0' } });
    }
  } catch (e) {
    form.file?.body.cancel().catch(() => undefined);
    throw e;
  }
  const file = form.file;
  // ${filename} names the uploaded file (a plain `file` field has no name: the text stays).
  const key = file.filename !== undefined ? rawKey.replaceAll('${filename}', file.filename) : rawKey;
  const owner = authorizeUpload(ctx, policy, key, fields, file.body);
  assertValidKey(key);
  const storageClass = fields.get('x-amz-storage-class');
  assertValidStorageClass(storageClass);
  const metadata: Record<string, string> = {};
  for (const [name, value] of form.fields) {
    const low = name.toLowerCase();
    if (low.startsWith('x-amz-meta-') && metadata[low.slice(11)] === undefined) metadata[low.slice(11)] = value;
  }
  assertMetadataSize(metadata);
  const tags = await formTags(fields.get('tagging'));
  const acl = aclForNewResource({ ACL: fields.get('acl') }, { owner, bucketOwner: bucket.ownerAccountId });
  const sse = encryptionFor(ctx, bucket, {
    ServerSideEncryption: fields.get('x-amz-server-side-encryption'),
    SSEKMSKeyId: fields.get('x-amz-server-side-encryption-aws-kms-key-id'),
    BucketKeyEnabled: fields.has('x-amz-server-side-encryption-bucket-key-enabled')
      ? fields.get('x-amz-server-side-encryption-bucket-key-enabled')?.toLowerCase() === 'true' : undefined,
  });
  const checksum = formChecksum(fields);
  const written = await ctx.blobs.write(file.body, { checksums: [checksum.algorithm], maxSize: MAX_PUT_SIZE })
    .catch((e: unknown) => { throw e instanceof S3Error || e instanceof BlobStoreClearedError || e instanceof BlobTooLargeError ? e : malformedPost(); });
  const checksumValue = written.checksums[checksum.algorithm] ?? '';
  const draft: Mutable<S3Object> = {
    key, versionId: '', isDeleteMarker: false, lastModified: ctx.now,
    ownerAccountId: owner, blob: written.ref, size: written.ref.size, etag: `"${written.md5Hex}"`,
    system: systemMetadataFrom({
      ContentType: latin1(fields.get('content-type')) || undefined,
      ContentDisposition: latin1(fields.get('content-disposition')),
      ContentEncoding: latin1(fields.get('content-encoding')),
      CacheControl: latin1(fields.get('cache-control')),
      Expires: latin1(fields.get('expires')),
      WebsiteRedirectLocation: fields.get('x-amz-website-redirect-location'),
    }),
    metadata, storageClass: storageClass ?? 'STANDARD',
    checksumAlgorithm: checksum.algorithm, checksumValue, checksumType: 'FULL_OBJECT',
    tags, sse, acl,
  };
  const obj = writeVersion(ctx, {
    bucket, draft,
    check: () => {
      if (policy !== undefined) checkPolicyConditions(policy, fields, { bucket: bucket.name, size: written.ref.size });
      if (checksum.expected !== undefined && checksum.expected !== checksumValue) {
        throw new S3Error('InvalidRequest', { message: `Value for x-amz-checksum-${checksum.algorithm.toLowerCase()} header is invalid.` });
      }
    },
  });
  const versionId = answeredVersionId(bucket, obj, 'when-enabled');
  const location = postObjectLocation(ctx, bucket.name, key);
  const redirect = redirectTarget(fields.get('success_action_redirect'), bucket.name, key, obj.etag);
  const status = redirect !== undefined ? 303 : successStatus(fields.get('success_action_status'));
  const expiration = expirationHeader(bucket.configs.lifecycle?.rules, obj);
  const out: PostObjectOutput = {
    StatusCode: status, LocationHeader: redirect ?? location, ETagHeader: obj.etag,
    [`Checksum${checksum.algorithm}`]: checksumValue, ChecksumType: 'FULL_OBJECT',
    ...(versionId !== undefined ? { VersionId: versionId } : {}),
    ...(expiration !== undefined ? { Expiration: expiration } : {}),
    ...encryptionHeaders(obj),
  };
  // Only a 201 describes the upload in its body.
  if (status === 201) Object.assign(out, { Location: location, Bucket: bucket.name, Key: key, ETag: obj.etag });
  return out;
}

export const POST_OBJECT_OPERATIONS: OperationHandlers = {
  PostObject: postObject,
};
