import { describe, expect, it } from 'vitest';
import { ERROR_DEFAULTS, type S3ErrorCode } from './errors-table.ts';
import { S3Error } from './s3-error.ts';

/** Statuses from S3's documented error-code list; messages as AWS sends them (AWS-recorded responses). */
const EXPECTED: [code: S3ErrorCode, status: number, message?: string][] = [
  ['AccessDenied', 403, 'Access Denied'],
  ['BadDigest', 400, 'The Content-MD5 you specified did not match what we received.'],
  ['BucketAlreadyExists', 409],
  ['BucketAlreadyOwnedByYou', 409, 'Your previous request to create the named bucket succeeded and you already own it.'],
  ['BucketNotEmpty', 409, 'The bucket you tried to delete is not empty'],
  ['ConditionalRequestConflict', 409, 'The conditional request cannot succeed due to a conflicting operation against this resource.'],
  ['EntityTooLarge', 400], ['EntityTooSmall', 400], ['IllegalLocationConstraintException', 400], ['IncompleteBody', 400],
  ['InternalError', 500, 'We encountered an internal error. Please try again.'],
  ['InvalidAccessKeyId', 403], ['InvalidArgument', 400],
  ['InvalidBucketName', 400, 'The specified bucket is not valid.'],
  ['InvalidDigest', 400, 'The Content-MD5 you specified was invalid.'],
  ['InvalidObjectState', 403, "The operation is not valid for the object's storage class"],
  ['InvalidPart', 400, "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag."],
  ['InvalidPartOrder', 400, 'The list of parts was not in ascending order. Parts must be ordered by part number.'],
  ['InvalidRange', 416, 'The requested range is not satisfiable'],
  ['InvalidRequest', 400], ['InvalidStorageClass', 400, 'The storage class you specified is not valid'],
  ['KeyTooLongError', 400, 'Your key is too long'],
  ['MalformedXML', 400, 'The XML you provided was not well-formed or did not validate against our published schema'],
  ['MetadataTooLarge', 400], ['MethodNotAllowed', 405, 'The specified method is not allowed against this resource.'],
  ['MissingContentLength', 411],
  ['NoSuchBucket', 404, 'The specified bucket does not exist'],
  ['NoSuchKey', 404, 'The specified key does not exist.'],
  ['NoSuchUpload', 404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.'],
  ['NoSuchVersion', 404, 'The specified version does not exist.'],
  ['NotImplemented', 501, 'A header you provided implies functionality that is not implemented'],
  ['PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold'],
  ['NotModified', 304], ['SignatureDoesNotMatch', 403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
  ['XAmzContentSHA256Mismatch', 400],
  ['NoSuchLifecycleConfiguration', 404, 'The lifecycle configuration does not exist'],
  ['NoSuchCORSConfiguration', 404, 'The CORS configuration does not exist'],
  ['NoSuchTagSet', 404, 'The TagSet does not exist'],
  ['NoSuchBucketPolicy', 404, 'The bucket policy does not exist'],
  ['ServerSideEncryptionConfigurationNotFoundError', 404, 'The server side encryption configuration was not found'],
  ['NoSuchWebsiteConfiguration', 404, 'The specified bucket does not have a website configuration'],
  ['ObjectLockConfigurationNotFoundError', 404, 'Object Lock configuration does not exist for this bucket'],
  ['OwnershipControlsNotFoundError', 404, 'The bucket ownership controls were not found'],
  ['NoSuchPublicAccessBlockConfiguration', 404, 'The public access block configuration was not found'],
  ['ReplicationConfigurationNotFoundError', 404, 'The replication configuration was not found'],
  ['AuthorizationQueryParametersError', 400],
  ['InvalidPartNumber', 416, 'The requested partnumber is not satisfiable'],
  ['NoSuchConfiguration', 404, 'The specified configuration does not exist.'],
];

describe('ERROR_DEFAULTS', () => {
  it.each(EXPECTED)('%s is %i', (code, status, message) => {
    const def = ERROR_DEFAULTS[code];
    expect(def.status).toBe(status);
    if (message !== undefined) expect(def.message).toBe(message);
  });

  it('gives S3Error its default status and message', () => {
    const e = new S3Error('NoSuchUpload');
    expect([e.status, e.message]).toEqual([404, 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.']);
  });

  it('has a message for every code', () => {
    for (const [code, def] of Object.entries(ERROR_DEFAULTS)) expect(def.message, code).not.toBe('');
  });
});
