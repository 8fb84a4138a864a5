/**
 * The one error type of the server. Operations throw it; the protocol layer renders it as S3's XML
 * error body. Anything else that escapes a handler becomes a logged InternalError 500.
 * Default statuses and messages come from the model-derived error table (errors-table.ts).
 */
import { ERROR_DEFAULTS } from './errors-table.ts';

export type ErrorFields = Record<string, string | number | boolean | undefined>;

export class S3Error extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra elements rendered inside <Error> after Message (BucketName, Key, ArgumentName...). */
  readonly fields: ErrorFields;
  /** Extra response headers (x-amz-delete-marker, x-amz-version-id, Allow...). */
  readonly headers: Record<string, string>;

  constructor(code: string, message?: string, fields: ErrorFields = {}, status?: number, headers: Record<string, string> = {}) {
    const defaults = ERROR_DEFAULTS[code];
    super(message ?? defaults?.message ?? code);
    this.name = 'S3Error';
    this.code = code;
    this.status = status ?? defaults?.status ?? 400;
    this.fields = fields;
    this.headers = headers;
  }
}

export function isS3Error(e: unknown): e is S3Error {
  return e instanceof S3Error;
}
