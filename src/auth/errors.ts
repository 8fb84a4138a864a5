/** The errors S3 answers for failed authentication, with the fields AWS puts in them. */
import { S3Error } from '../protocol/s3-error.ts';
import { spacedHex } from './canonical.ts';

/** S3 tolerates 15 minutes between the request time and its clock. */
export const MAX_SKEW_MS = 15 * 60 * 1000;
/** Presigned SigV4 URLs live at most a week. */
export const MAX_PRESIGN_EXPIRES = 604_800;

/** ISO 8601 without milliseconds, as S3 writes ServerTime and Expires. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function signatureDoesNotMatch(accessKeyId: string, signatureProvided: string, stringToSign: string, canonicalRequest?: string): S3Error {
  return new S3Error('SignatureDoesNotMatch', {
    fields: {
      AWSAccessKeyId: accessKeyId,
      StringToSign: stringToSign,
      SignatureProvided: signatureProvided,
      StringToSignBytes: spacedHex(stringToSign),
      ...(canonicalRequest !== undefined
        ? { CanonicalRequest: canonicalRequest, CanonicalRequestBytes: spacedHex(canonicalRequest) }
        : {}),
    },
  });
}

export function invalidAccessKeyId(accessKeyId: string): S3Error {
  return new S3Error('InvalidAccessKeyId', { fields: { AWSAccessKeyId: accessKeyId } });
}

export function requestExpired(expires: Date, now: Date, xAmzExpires?: string): S3Error {
  return new S3Error('AccessDenied', {
    message: 'Request has expired',
    fields: {
      ...(xAmzExpires !== undefined ? { 'X-Amz-Expires': xAmzExpires } : {}),
      Expires: isoSeconds(expires),
      ServerTime: isoSeconds(now),
    },
  });
}

export function missingDate(): S3Error {
  return new S3Error('AccessDenied', { message: 'AWS authentication requires a valid Date or x-amz-date header' });
}

/** Header-signed requests must be within 15 minutes of the server clock. */
export function checkSkew(requestTime: Date, raw: string, now: Date): void {
  if (Math.abs(now.getTime() - requestTime.getTime()) <= MAX_SKEW_MS) return;
  throw new S3Error('RequestTimeTooSkewed', {
    fields: {
      RequestTime: raw,
      ServerTime: isoSeconds(now),
      MaxAllowedSkewMilliseconds: MAX_SKEW_MS,
    },
  });
}

export function queryParametersError(message: string): S3Error {
  return new S3Error('AuthorizationQueryParametersError', { message });
}

/** A presigned URL may live a week at most (SigV4 query authentication). */
export function presignLifetimeTooLong(): S3Error {
  return queryParametersError(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGN_EXPIRES}`);
}

/** S3 needs the payload hash header on every header-signed SigV4 request (aws/aws-cli#2134). */
export function missingContentSha256(): S3Error {
  return new S3Error('InvalidRequest', { message: 'Missing required header for this request: x-amz-content-sha256' });
}

/** The credential scope's day must be the request's (alpakka#1690 quotes AWS's header-signed answer). */
export function credentialDateMismatch(presigned: boolean, scopeDate: string, requestDay: string): S3Error {
  if (!presigned) {
    return new S3Error('AuthorizationHeaderMalformed', { message: 'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.' });
  }
  return queryParametersError(`Invalid credential date "${scopeDate}". This date is not the same as X-Amz-Date: "${requestDay}".`);
}

/** A scope signed for another region than the endpoint's, with the region S3 expected. */
export function wrongRegion(presigned: boolean, region: string, expected: string): S3Error {
  const detail = `the region '${region}' is wrong; expecting '${expected}'`;
  return presigned
    ? new S3Error('AuthorizationQueryParametersError', { message: `Error parsing the X-Amz-Credential parameter; ${detail}`, fields: { Region: expected } })
    : new S3Error('AuthorizationHeaderMalformed', { message: `The authorization header is malformed; ${detail}`, fields: { Region: expected } });
}
