/**
 * What the HTTP front (src/server/) may refuse before a request reaches the pipeline; the app
 * renders each as an S3 error (front-errors.ts). Kept apart so the front imports no S3 machinery.
 */

/** AWS: "The PUT request header is limited to 8 KB in size" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html). */
export const MAX_HEADER_BYTES = 8 * 1024;

/** Why a request head was refused (src/server/http1/head.ts). */
export type HeadProblem =
  | 'malformed'            // not HTTP/1.x syntax
  | 'header-too-large'     // header section over MAX_HEADER_BYTES
  | 'target-too-long'      // request line too long to be an S3 request
  | 'bad-framing'          // conflicting or invalid Content-Length / Transfer-Encoding
  | 'unsupported-encoding' // a Transfer-Encoding other than chunked
  | 'unsupported-version'; // HTTP/2.0 or later over an HTTP/1 connection

/** What the HTTP front refuses before the pipeline: a bad head, a refused method, a stall, the cap. */
export type FrontProblem = HeadProblem | 'method' | 'timeout' | 'busy';
