/**
 * Error code -> default HTTP status and AWS's message, generated from the model's error shapes and
 * the errors section of overrides.json (S3's documented error-code list, AWS-recorded messages).
 */
export { ERROR_DEFAULTS, INVALID_INTEGER_MESSAGES } from './generated/errors.ts';
export type { ErrorDefault } from './generated/errors.ts';
