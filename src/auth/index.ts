/** SigV4 / SigV2 authentication: parsing (always), identity, and signature validation (when enabled). */
export type { AuthInfo, AuthKind } from './types.ts';
export { parseAuth, SIGV2_QUERY_PARAMS, SIGV4_QUERY_PARAMS } from './parse.ts';
export { accountIdFromAccessKey, regionFromAuth, AWS_REGIONS, DEFAULT_ACCOUNT_ID, DEFAULT_INTERNAL_RESOURCE_ACCOUNT } from './identity.ts';
export { verifySignature, secretLookupFor, DEFAULT_SECRET, type SecretLookup, type VerifyOptions } from './verify.ts';
export { accountIdFor, parseCredentialList, CredentialListError, type CredentialList, type AccessKeyEntry } from './credentials.ts';
export { chunkVerifierFor } from './chunk-signature.ts';
