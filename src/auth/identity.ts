/** Account and region from the credentials, the way LocalStack derives them. */
import { S3Error } from '../protocol/s3-error.ts';
import type { AuthInfo } from './types.ts';

export const DEFAULT_ACCOUNT_ID = '000000000000';
/** LocalStack's INTERNAL_RESOURCE_ACCOUNT default: the account its own services sign as. */
export const DEFAULT_INTERNAL_RESOURCE_ACCOUNT = '949334387222';

/**
 * The regions of the `aws` partition where S3 exists (botocore 1.44 endpoints.json). LocalStack
 * rewrites any other credential-scope region to us-east-1, and so do we.
 */
export const AWS_REGIONS: ReadonlySet<string> = new Set([
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
  'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1',
  'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1',
  'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
]);

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** base32 "QAAAAAAA": the encoded account-id field of account 000000000000. */
const ACCOUNT_OFFSET = 2 ** 39;

/**
 * A 12-digit key is the account id itself. LocalStack-issued keys (LSIA/LKIA + 16 chars) encode their
 * account; real AWS keys (AKIA/ASIA) and anything else (`test`) map to 000000000000, as LocalStack does
 * unless PARITY_AWS_ACCESS_KEY_ID is set.
 */
export function accountIdFromAccessKey(accessKeyId: string | undefined): string {
  if (accessKeyId === undefined) return DEFAULT_ACCOUNT_ID;
  if (/^\d{12}$/.test(accessKeyId)) return accessKeyId;
  if (accessKeyId.length >= 20 && (accessKeyId.startsWith('LSIA') || accessKeyId.startsWith('LKIA'))) {
    return encodedAccountId(accessKeyId) ?? DEFAULT_ACCOUNT_ID;
  }
  return DEFAULT_ACCOUNT_ID;
}

/**
 * AWS's key layout: characters 4-11 are base32 of (account / 2 + 2^39), and character 12 carries
 * the account's lowest bit (its base32 value >= 16).
 */
function encodedAccountId(key: string): string | undefined {
  let field = 0;
  for (const ch of key.slice(4, 12)) {
    const v = BASE32.indexOf(ch);
    if (v === -1) return undefined;
    field = field * 32 + v;
  }
  const low = BASE32.indexOf(key.charAt(12));
  if (low === -1) return undefined;
  const account = 2 * (field - ACCOUNT_OFFSET) + (low >= 16 ? 1 : 0);
  if (account < 0 || account > 999_999_999_999) return undefined;
  return String(account).padStart(12, '0');
}

/**
 * The credential-scope region when it is a real one; an unknown region is us-east-1 (unless
 * nonstandard regions are allowed); none -> the default. `aws-global` is an endpoint pseudo-region that SDKs must not sign with (some Go SDK
 * set-ups do): AWS refuses it whether or not signatures are checked.
 */
export function regionFromAuth(auth: AuthInfo | null | undefined, defaultRegion: string, allowNonstandard = false): string {
  const region = auth?.region;
  if (region === undefined || region === '') return defaultRegion;
  if (region === 'aws-global') {
    throw new S3Error('AuthorizationHeaderMalformed', {
      message: "The authorization header is malformed; the region 'aws-global' is wrong; expecting 'us-east-1'",
      fields: {
        Region: 'us-east-1',
      },
    });
  }
  return AWS_REGIONS.has(region) || allowNonstandard ? region : 'us-east-1';
}
