/** What a request says about who signed it, as parsed from the Authorization header or a presigned query. */

export type AuthKind = 'v4-header' | 'v4-query' | 'v2-header' | 'v2-query';

export interface AuthInfo {
  readonly kind: AuthKind;
  /** '' when an Authorization header names no usable key (see `malformed`). */
  readonly accessKeyId: string;
  /** SigV4 credential scope region, as sent; undefined for SigV2. */
  readonly region: string | undefined;
  /** SigV4 credential scope without the key: `20130524/us-east-1/s3/aws4_request`. */
  readonly scope: string | undefined;
  /** SigV4 SignedHeaders (lower-case); empty for SigV2. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** SigV4: X-Amz-Date (query) or the x-amz-date/Date header; SigV2 header: x-amz-date or Date; v2-query: undefined. */
  readonly date: string | undefined;
  /** v4-query: X-Amz-Expires (seconds); v2-query: Expires (epoch seconds); as sent. */
  readonly expires: string | undefined;
  readonly securityToken: string | undefined;
  /**
   * Set when the Authorization header cannot be understood: the message to answer when signatures are
   * validated (AuthorizationHeaderMalformed for SigV4, InvalidArgument for SigV2); with validation
   * off such requests still go through, as in LocalStack.
   */
  readonly malformed?: string;
}
