/**
 * What the HTTP front refuses before a request reaches the pipeline (a malformed head, a stalled
 * body, the connection cap), rendered as the S3 errors AWS gives for them.
 */
import { S3Error } from '../protocol/s3-error.ts';
import { serializeError } from '../protocol/serialize.ts';
import { MAX_HEADER_BYTES, type FrontProblem } from './front-problems.ts';
import { newRequestId } from './request-id.ts';

/** AWS's answer to a request its front end cannot parse. */
const UNPARSABLE = 'An error occurred when parsing the HTTP request.';
/** AWS's full text (the error table's omits the second sentence). */
const TIMED_OUT = 'Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed.';

export function frontProblemError(problem: FrontProblem, method: string): S3Error {
  switch (problem) {
    case 'header-too-large':
      return new S3Error('RequestHeaderSectionTooLarge', { fields: { MaxSizeAllowed: MAX_HEADER_BYTES } });
    case 'unsupported-encoding':
      return new S3Error('NotImplemented', { fields: { Header: 'Transfer-Encoding' } });
    case 'method':
      return new S3Error('MethodNotAllowed', { fields: { Method: method, ResourceType: 'OBJECT' } });
    case 'timeout':
      return new S3Error('RequestTimeout', { message: TIMED_OUT });
    case 'busy':
      return new S3Error('SlowDown');
    default:
      return new S3Error('BadRequest', { message: UNPARSABLE });
  }
}

export function frontProblemResponse(problem: FrontProblem, method: string): Response {
  return serializeError(frontProblemError(problem, method), newRequestId(), { head: method === 'HEAD' });
}

/** A body that stopped arriving: too slowly (RequestTimeout), or not at all (IncompleteBody). */
export function bodyStreamError(problem: 'timeout' | 'incomplete'): Error {
  return problem === 'timeout'
    ? new S3Error('RequestTimeout', { message: TIMED_OUT })
    : new S3Error('IncompleteBody');
}
