/**
 * Error code -> default HTTP status and AWS's message, generated from the model's error shapes and
 * the errors section of overrides.json (S3's documented error-code list, AWS-recorded messages).
 * S3ErrorCode, the union of the table's codes, is what S3Error takes.
 */
export { ERROR_DEFAULTS, INVALID_INTEGER_MESSAGES } from './generated/errors.ts';
export type { ErrorDefault, S3ErrorCode } from './generated/errors.ts';
