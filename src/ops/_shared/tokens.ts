/** Continuation tokens: opaque, URL-safe strings that round-trip a position (a key). */
import { S3Error } from '../../protocol/s3-error.ts';

export function encodeToken(position: string): string {
  return Buffer.from(position, 'utf8').toString('base64url');
}

export function decodeToken(token: string, argumentName: string): string {
  const decoded = /^[A-Za-z0-9_-]*$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : undefined;
  if (decoded === undefined || token === '' || encodeToken(decoded) !== token) {
    throw new S3Error('InvalidArgument', {
      message: 'The continuation token provided is incorrect',
      fields: {
        ArgumentName: argumentName,
      },
    });
  }
  return decoded;
}
