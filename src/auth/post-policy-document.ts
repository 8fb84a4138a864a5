/**
 * The POST policy document's shape: `expiration` (ISO-8601 UTC) and `conditions` (a list) are both
 * required, keys are case-sensitive. AWS answers 400 InvalidPolicyDocument (ceph/s3-tests
 * test_post_object_missing_expires_condition, _expires_is_case_sensitive, _condition_is_case_sensitive,
 * _missing_conditions_list, _invalid_date_format); the messages are versitygw's, the expiration one
 * as an AWS user quoted it ("Invalid Policy: Invalid 'expiration' value: '2016-04-28T23:31:36.798044'").
 */
import { S3Error } from '../protocol/s3-error.ts';

/** `2007-12-01T12:00:00.000Z` or without the fraction: the forms AWS's examples and SDKs write. */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function invalidPolicy(message: string): S3Error {
  return new S3Error('InvalidPolicyDocument', { message: `Invalid Policy: ${message}` });
}

/** The expiration instant (ms); throws AWS's error for a missing or malformed expiration or conditions. */
export function checkPolicyDocument(doc: { expiration?: unknown; conditions?: unknown }): number {
  if (doc.expiration === undefined) throw invalidPolicy('Policy missing expiration.');
  const expiration = typeof doc.expiration === 'string' ? doc.expiration : JSON.stringify(doc.expiration);
  const expires = ISO_UTC.test(expiration) ? Date.parse(expiration) : Number.NaN;
  if (Number.isNaN(expires)) throw invalidPolicy(`Invalid 'expiration' value: '${expiration}'`);
  if (doc.conditions === undefined) throw invalidPolicy('Policy missing conditions.');
  if (!Array.isArray(doc.conditions)) throw invalidPolicy("Invalid 'conditions' value: must be a List.");
  for (const c of doc.conditions) {
    if (Array.isArray(c) && String(c[0]).toLowerCase() === 'content-length-range' && c.length !== 3) {
      throw invalidPolicy('Invalid content-length-range: wrong number of arguments.');
    }
  }
  return expires;
}
