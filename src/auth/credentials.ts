/**
 * Configured credentials (S3_CREDENTIALS / S3_CREDENTIALS_FILE): access key -> secret, account id and
 * user name. Without a list every access key signs with `test`, as in LocalStack; with one, a key
 * not in it is unknown, as in AWS (InvalidAccessKeyId when signatures are validated).
 */
import { accountIdFromAccessKey } from './identity.ts';

export interface AccessKeyEntry {
  readonly secret: string;
  /** Overrides the account derived from the key itself. */
  readonly accountId?: string;
  readonly userName?: string;
}

export type CredentialList = ReadonlyMap<string, AccessKeyEntry>;

/** Why a credentials text is refused; the config loader names the variable. */
export class CredentialListError extends Error {}

/** Access key ids and secrets as AWS issues them (and `test`), nothing that needs quoting. */
const KEY_RE = /^[A-Za-z0-9_.-]+$/;
const SECRET_RE = /^[\x21-\x7e]+$/;
const ACCOUNT_RE = /^\d{12}$/;
/** IAM user names: letters, digits and `+=,.@_-`, up to 64 characters. */
const USER_RE = /^[\w+=,.@-]{1,64}$/;

/**
 * `key:secret[:account[:user]]` entries, one per line or separated by `;`; blank lines and `#`
 * comments are skipped. A secret cannot hold `:`, `;` or spaces.
 */
export function parseCredentialList(text: string): Map<string, AccessKeyEntry> {
  const list = new Map<string, AccessKeyEntry>();
  for (const raw of text.split(/[\n;]/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const [key = '', secret = '', accountId = '', userName = '', ...rest] = line.split(':').map((p) => p.trim());
    const where = `entry "${key}"`;
    if (!KEY_RE.test(key)) throw new CredentialListError(`bad access key id in "${line}": expected key:secret[:account-id[:user-name]]`);
    if (!SECRET_RE.test(secret)) throw new CredentialListError(`${where} has no secret (printable, without spaces, ':' or ';')`);
    if (accountId !== '' && !ACCOUNT_RE.test(accountId)) throw new CredentialListError(`${where}: account id must be 12 digits`);
    if (userName !== '' && !USER_RE.test(userName)) throw new CredentialListError(`${where}: user name must be 1-64 of letters, digits and +=,.@_-`);
    if (rest.length > 0) throw new CredentialListError(`${where} has more than 4 fields`);
    if (list.has(key)) throw new CredentialListError(`access key "${key}" is listed twice`);
    list.set(key, {
      secret,
      ...(accountId !== '' ? { accountId } : {}),
      ...(userName !== '' ? { userName } : {}),
    });
  }
  if (list.size === 0) throw new CredentialListError('no credentials listed');
  return list;
}

/** The account a request runs in: the list's account for a listed key, otherwise derived from the key. */
export function accountIdFor(accessKeyId: string | undefined, list: CredentialList | undefined): string {
  const listed = accessKeyId === undefined ? undefined : list?.get(accessKeyId)?.accountId;
  return listed ?? accountIdFromAccessKey(accessKeyId);
}
