/**
 * Browser-based upload (PostObject) authentication: the form's signature fields, the base64 policy
 * document they sign, its expiration and its conditions. Field names are case-insensitive (the
 * caller passes them lower-cased); messages are AWS's, as LocalStack's recorded snapshots show.
 */
import { hmacOf } from '../checksum/digest.ts';
import { S3Error } from '../protocol/s3-error.ts';
import { invalidAccessKeyId, signatureDoesNotMatch } from './errors.ts';
import { checkPolicyDocument } from './post-policy-document.ts';
import type { SecretLookup } from './verify.ts';
import { hmacHex, signingKey } from './sigv4.ts';

export type PolicyCondition = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface PostPolicy {
  readonly conditions: readonly PolicyCondition[];
  /** Who signed the form: its identity when access is enforced. */
  readonly accessKeyId: string;
  readonly signatureVersion: 'v2' | 'v4';
}

/** What a policy condition may look at besides the form fields. */
export interface PolicyContext {
  readonly bucket: string;
  /** The uploaded file's size (content-length-range); undefined before the file is read. */
  readonly size?: number;
}

const V4_FIELDS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Signature'];
const V2_FIELDS = ['AWSAccessKeyId', 'Signature'];

function missingField(name: string): S3Error {
  return new S3Error('InvalidArgument', {
    message: `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    fields: {
      ArgumentName: name, ArgumentValue: '',
    },
  });
}

function accessDenied(message: string): S3Error {
  return new S3Error('AccessDenied', { message });
}

/** The form must carry one signature version's fields completely; which one is told by any of them. */
function signatureVersion(fields: ReadonlyMap<string, string>): 'v2' | 'v4' {
  const has = (name: string): boolean => fields.has(name.toLowerCase());
  for (const [version, names] of [['v4', V4_FIELDS], ['v2', V2_FIELDS]] as const) {
    if (!names.some(has)) continue;
    const missing = names.find((n) => !has(n));
    if (missing !== undefined) throw missingField(missing);
    return version;
  }
  throw accessDenied('Access Denied');
}

function decodePolicy(policy: string): { expiration?: unknown; conditions?: unknown } | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(policy)) return undefined;
  try {
    const doc: unknown = JSON.parse(Buffer.from(policy, 'base64').toString('utf8'));
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? doc : undefined;
  } catch {
    return undefined;
  }
}

function expectedSignature(version: 'v2' | 'v4', fields: ReadonlyMap<string, string>, policy: string, secret: string): string {
  if (version === 'v2') return hmacOf('sha1', secret, policy).toString('base64');
  const scope = (fields.get('x-amz-credential') ?? '').split('/').slice(1).join('/');
  return hmacHex(signingKey(secret, scope), policy);
}

/**
 * Checks the form's signature fields and policy (when it has one): a tampered or undecodable
 * policy fails its signature, an expired one is refused. `secretOf` is undefined when signatures
 * are not verified (S3_SKIP_SIGNATURE_VALIDATION). Returns the policy, if any.
 */
export function authenticatePostForm(fields: ReadonlyMap<string, string>, now: Date, secretOf: SecretLookup | undefined): PostPolicy | undefined {
  const policy = fields.get('policy');
  if (policy === undefined || policy === '') return undefined;
  const version = signatureVersion(fields);
  const signature = fields.get(version === 'v2' ? 'signature' : 'x-amz-signature') ?? '';
  const accessKeyId = version === 'v2' ? fields.get('awsaccesskeyid') ?? '' : (fields.get('x-amz-credential') ?? '').split('/')[0] ?? '';
  const doc = decodePolicy(policy);
  const secret = secretOf?.(accessKeyId);
  if (secretOf !== undefined && secret === undefined) throw invalidAccessKeyId(accessKeyId);
  if (doc === undefined || (secret !== undefined && expectedSignature(version, fields, policy, secret) !== signature)) {
    throw signatureDoesNotMatch(accessKeyId, signature, policy);
  }
  const expires = checkPolicyDocument(doc);
  if (expires <= now.getTime()) throw accessDenied('Invalid according to Policy: Policy expired.');
  return { conditions: Array.isArray(doc.conditions) ? (doc.conditions as PolicyCondition[]) : [], accessKeyId, signatureVersion: version };
}

/** A condition as AWS prints it in the failure message: `["eq", "$key", "value"]`. */
function describe(condition: PolicyCondition): string {
  const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  if (Array.isArray(condition)) return `[${condition.map(show).join(', ')}]`;
  return `{${Object.entries(condition).map(([k, v]) => `${JSON.stringify(k)}: ${show(v)}`).join(', ')}}`;
}

function fieldOf(fields: ReadonlyMap<string, string>, name: string): string | undefined {
  return fields.get(name.toLowerCase());
}

function holds(condition: PolicyCondition, fields: ReadonlyMap<string, string>, ctx: PolicyContext): boolean {
  if (!Array.isArray(condition)) {
    const entries = Object.entries(condition);
    if (entries.length !== 1) {
      throw new S3Error('InvalidPolicyDocument', { message: 'Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified.' });
    }
    const [name = '', value] = entries[0] ?? [];
    return name.toLowerCase() === 'bucket' ? ctx.bucket === value : fieldOf(fields, name) === value;
  }
  const [op, name, value] = condition as unknown[];
  const operator = typeof op === 'string' ? op.toLowerCase() : '';
  if (operator === 'content-length-range') {
    const min = Number(name);
    const max = Number(value);
    if (!Number.isInteger(min) || !Number.isInteger(max)) return false;
    const size = ctx.size ?? 0;
    if (size < min) {
      throw new S3Error('EntityTooSmall', { fields: { ProposedSize: size, MinSizeAllowed: min } });
    }
    if (size > max) {
      throw new S3Error('EntityTooLarge', { fields: { ProposedSize: size, MaxSizeAllowed: max } });
    }
    return true;
  }
  if (typeof name !== 'string' || !name.startsWith('$') || typeof value !== 'string') return false;
  const field = name.slice(1);
  const actual = field.toLowerCase() === 'bucket' ? ctx.bucket : fieldOf(fields, field);
  if (operator === 'eq') return actual === value;
  // An empty starts-with accepts anything.
  if (operator === 'starts-with') return value === '' || (actual ?? '').startsWith(value);
  return false;
}

/** Form fields no condition needs to name (AWS's POST policy documentation, SigV4 and SigV2 pages). */
const UNCOVERED_FIELDS = new Set(['x-amz-signature', 'awsaccesskeyid', 'signature', 'file', 'policy']);

/** The field a condition names, lower-cased: `{"acl": ...}` or `["eq", "$acl", ...]`. */
function conditionField(condition: PolicyCondition): string | undefined {
  if (!Array.isArray(condition)) return Object.keys(condition)[0]?.toLowerCase();
  const name: unknown = condition[1];
  return typeof name === 'string' && name.startsWith('$') ? name.slice(1).toLowerCase() : undefined;
}

/**
 * Every form field must appear in some condition, except the signature, file and policy fields and
 * x-ignore-* ones: AWS answers 403 "Invalid according to Policy: Extra input fields: <name>"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html).
 */
export function assertFieldsCovered(policy: PostPolicy, fields: ReadonlyMap<string, string>): void {
  const covered = new Set(policy.conditions.map(conditionField));
  for (const name of fields.keys()) {
    if (UNCOVERED_FIELDS.has(name) || name.startsWith('x-ignore-') || covered.has(name)) continue;
    throw accessDenied(`Invalid according to Policy: Extra input fields: ${name}`);
  }
}

/**
 * Evaluates the policy's conditions in order. With `ctx.size` undefined, content-length-range
 * conditions are skipped (checked again once the file has been read).
 */
export function checkPolicyConditions(policy: PostPolicy, fields: ReadonlyMap<string, string>, ctx: PolicyContext): void {
  for (const condition of policy.conditions) {
    if (ctx.size === undefined && Array.isArray(condition) && String(condition[0]).toLowerCase() === 'content-length-range') continue;
    if (typeof condition !== 'object' || condition === null) continue;
    if (!holds(condition, fields, ctx)) {
      throw accessDenied(`Invalid according to Policy: Policy Condition failed: ${describe(condition)}`);
    }
  }
}
