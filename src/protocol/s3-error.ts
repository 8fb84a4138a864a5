/**
 * The one error type of the server. Operations throw it; the protocol layer renders it as S3's XML
 * error body. Anything else that escapes a handler becomes a logged InternalError 500.
 * The code names a row of the model-derived error table (errors-table.ts), which gives the status and
 * default message, so a call site names only what differs (as s3s's S3ErrorCode + status_code()).
 */
import { ERROR_DEFAULTS, type S3ErrorCode } from './errors-table.ts';

export type { S3ErrorCode } from './errors-table.ts';

export type ErrorFields = Record<string, string | number | boolean | undefined>;

export interface S3ErrorOptions {
  /** AWS's text when it is not the code's default message. */
  readonly message?: string;
  /** Extra elements rendered inside <Error> after Message (BucketName, Key, ArgumentName...). */
  readonly fields?: ErrorFields;
  /** Extra response headers (x-amz-delete-marker, x-amz-version-id, Allow...). */
  readonly headers?: Record<string, string>;
  /** Only where AWS answers this code with another status than its usual one: say why at the call. */
  readonly status?: number;
}

export class S3Error extends Error {
  readonly code: S3ErrorCode;
  readonly status: number;
  readonly fields: ErrorFields;
  readonly headers: Record<string, string>;

  constructor(code: S3ErrorCode, options: S3ErrorOptions = {}) {
    const defaults = ERROR_DEFAULTS[code];
    super(options.message ?? defaults.message);
    this.name = 'S3Error';
    this.code = code;
    this.status = options.status ?? defaults.status;
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
  }
}

export function isS3Error(e: unknown): e is S3Error {
  return e instanceof S3Error;
}
