/**
 * The accounts of access-control tests (S3_ENFORCE_ACCESS=1): keys S3_CREDENTIALS maps to three
 * accounts, a client per account, and the anonymous caller.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { E2e } from './e2e.ts';

export const OWNER_ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const THIRD_ACCOUNT = '333333333333';

const KEYS = {
  owner: { accessKeyId: 'AKOWNER', secretAccessKey: 'owner-secret' },
  other: { accessKeyId: 'AKOTHER', secretAccessKey: 'other-secret' },
  third: { accessKeyId: 'AKTHIRD', secretAccessKey: 'third-secret' },
} as const;
export type Account = keyof typeof KEYS;

/** The server's environment: access control on, and the three accounts' keys (AKOTHER's user is bob). */
export const ACCESS_ENV: Record<string, string> = {
  S3_ENFORCE_ACCESS: '1',
  S3_CREDENTIALS: `AKOWNER:owner-secret:${OWNER_ACCOUNT};AKOTHER:other-secret:${OTHER_ACCOUNT}:bob;AKTHIRD:third-secret:${THIRD_ACCOUNT}`,
};

/** A client signing with the account's key from ACCESS_ENV. */
export function clientOf(e2e: E2e, account: Account): S3Client {
  return e2e.client({ credentials: KEYS[account] });
}

/** A client whose access key is a 12-digit account id: the account itself, no S3_CREDENTIALS needed. */
export function clientOfAccountId(e2e: E2e, accountId: string): S3Client {
  return e2e.client({ credentials: { accessKeyId: accountId, secretAccessKey: 'test' } });
}

/** Unsigned requests: the signer passes them through untouched. */
export function anonymousClient(e2e: E2e): S3Client {
  return e2e.client({ signer: { sign: async (request) => request } });
}
