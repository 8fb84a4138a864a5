/** What an operation sees of the request and the server: never Bun, never fs. */
import type { Config } from '../config.ts';
import type { RequestBody } from '../protocol/body.ts';
import type { MetadataStore } from '../state/metadata-store.ts';
import type { BlobStore } from '../storage/types.ts';
import type { ReplicationHook } from '../replication/hook.ts';

/** What access enforcement (S3_ENFORCE_ACCESS, src/authz/) hands an authorised operation. */
export interface RequestAccess {
  /** The account owning objects this request writes (Object Ownership); undefined: the caller's. */
  readonly objectOwner: string | undefined;
  /**
   * PostObject's identity is in its form: authorises the upload of `key` by the form's signer
   * (undefined: anonymous) and returns the new object's owner. Throws AccessDenied.
   */
  authorizePost(signer: { accessKeyId: string; signatureVersion: 'v2' | 'v4' } | undefined, key: string, fields: ReadonlyMap<string, string>): string;
}

export interface RequestContext {
  readonly requestId: string;
  readonly config: Config;
  readonly state: MetadataStore;
  readonly blobs: BlobStore;
  /** From the access key (a 12-digit key is the account id; `test` -> 000000000000). */
  readonly accountId: string;
  /** From the SigV4 credential scope, else DEFAULT_REGION. */
  readonly region: string;
  readonly method: string;
  /** The scheme URLs written back (Location) carry: the request's, or https under USE_SSL. */
  readonly scheme: 'http' | 'https';
  readonly headers: Headers;
  readonly query: URLSearchParams;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly body: RequestBody;
  /** One clock reading per request, so every timestamp a request writes agrees. */
  readonly now: Date;
  /** Present only when access is enforced. */
  readonly access?: RequestAccess | undefined;
  /** Bucket replication (src/replication/): writes mark and queue the versions a rule replicates. */
  readonly replication?: ReplicationHook | undefined;
}
