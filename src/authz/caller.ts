/**
 * Who sends a request: a signed request is its access key's account (and user, from the credentials
 * list); an unsigned one is anonymous. Signatures are validated whenever access is enforced, so a
 * caller here has proven its key.
 */
import { accountIdFor, type AuthInfo, type CredentialList } from '../auth/index.ts';

export interface Caller {
  /** undefined: anonymous. */
  readonly accountId: string | undefined;
  readonly userName: string | undefined;
  /** arn:aws:iam::ACCOUNT:user/NAME, arn:aws:iam::ACCOUNT:root, or `*` for anonymous (as policies name it). */
  readonly arn: string;
  /** s3:authType: REST-HEADER, REST-QUERY-STRING or POST. */
  readonly authType: string | undefined;
  /** s3:signatureversion: AWS4-HMAC-SHA256 or AWS (SigV2). */
  readonly signatureVersion: string | undefined;
}

export const ANONYMOUS: Caller = { accountId: undefined, userName: undefined, arn: '*', authType: undefined, signatureVersion: undefined };

export function callerOf(accessKeyId: string, list: CredentialList | undefined, authType: string, signatureVersion: string): Caller {
  const accountId = accountIdFor(accessKeyId, list);
  const userName = list?.get(accessKeyId)?.userName;
  return {
    accountId,
    userName,
    arn: userName !== undefined ? `arn:aws:iam::${accountId}:user/${userName}` : `arn:aws:iam::${accountId}:root`,
    authType,
    signatureVersion,
  };
}

/** The caller of a request signed in its Authorization header or query string (null: anonymous). */
export function callerFromAuth(auth: AuthInfo | null, list: CredentialList | undefined): Caller {
  if (auth === null) return ANONYMOUS;
  const authType = auth.kind.endsWith('query') ? 'REST-QUERY-STRING' : 'REST-HEADER';
  return callerOf(auth.accessKeyId, list, authType, auth.kind.startsWith('v4') ? 'AWS4-HMAC-SHA256' : 'AWS');
}
