/** Tag sets (bucket, object, CreateBucket) and the x-amz-tagging header, with AWS's messages. */
import { S3Error } from '../../protocol/s3-error.ts';
import type { Tag } from '../../state/object.ts';

const TAG_RE = /^[\p{L}\p{N}_\s.:/=+\-@]*$/u;
const MAX_OBJECT_TAGS = 10;
const MAX_BUCKET_TAGS = 50;
const HEADER_MESSAGE = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.";

export type TagSetKind = 'bucket' | 'object' | 'create-bucket';

function invalidTag(message: string, fields: Record<string, string> = {}): S3Error {
  return new S3Error('InvalidTag', { message, fields });
}

function reservedPrefixMessage(kind: TagSetKind): string {
  if (kind === 'bucket') return 'System tags cannot be added/updated by requester';
  if (kind === 'object') return 'Your TagKey cannot be prefixed with aws:';
  return 'User-defined tag keys can\'t start with "aws:". This prefix is reserved for system tags. Remove "aws:" from your tag keys and try again.';
}

export function validateTagSet(tags: readonly { Key?: string; Value?: string }[], kind: TagSetKind): Tag[] {
  const max = kind === 'object' ? MAX_OBJECT_TAGS : MAX_BUCKET_TAGS;
  // BadRequest, not InvalidTag: what AWS answers (boto/boto3#1213, terraform-aws-modules/terraform-aws-datadog-forwarders#24).
  if (tags.length > max) {
    throw new S3Error('BadRequest', { message: kind === 'object' ? 'Object tags cannot be greater than 10' : 'Bucket tag count cannot be greater than 50' });
  }
  const seen = new Set<string>();
  const out: Tag[] = [];
  for (const { Key, Value } of tags) {
    if (Key === undefined || Value === undefined) throw new S3Error('MalformedXML');
    if (seen.has(Key)) throw invalidTag('Cannot provide multiple Tags with the same key', { TagKey: Key });
    if (Key.startsWith('aws:')) throw invalidTag(reservedPrefixMessage(kind), kind === 'create-bucket' ? {} : { TagKey: Key });
    if (Key.length > 128) throw invalidTag('The TagKey you have provided is too long, max 128', { TagKey: Key });
    if (Value.length > 256) throw invalidTag('The TagValue you have provided is too long, max 256', { TagKey: Key, TagValue: Value });
    if (!TAG_RE.test(Key)) throw invalidTag('The TagKey you have provided is invalid', { TagKey: Key });
    if (!TAG_RE.test(Value)) throw invalidTag('The TagValue you have provided is invalid', { TagKey: Key, TagValue: Value });
    seen.add(Key);
    out.push({ Key, Value });
  }
  return out;
}

/** The x-amz-tagging header is a URL-encoded query string: `k1=v1&k2=v2`. */
export function parseTaggingHeader(header: string): Tag[] {
  const invalid = (): S3Error => new S3Error('InvalidArgument', { message: HEADER_MESSAGE, fields: { ArgumentName: 'x-amz-tagging', ArgumentValue: header } });
  const tags: Tag[] = [];
  const seen = new Set<string>();
  for (const [Key, Value] of new URLSearchParams(header)) {
    if (seen.has(Key) || !TAG_RE.test(Key) || !TAG_RE.test(Value)) throw invalid();
    seen.add(Key);
    tags.push({ Key, Value });
  }
  return validateTagSet(tags, 'object');
}
