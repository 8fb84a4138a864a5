import { describe, expect, it } from 'vitest';
import { parseAuth, verifySignature, DEFAULT_SECRET } from '../auth/index.ts';
import { isS3Error } from '../protocol/s3-error.ts';
import { signV4 } from './sign-v4.ts';

/** Signs `path?search` as the console does, then runs the server's own verifier over it. */
function signedAndVerified(path: string, search: string, tamper?: (h: Headers) => void): void {
  const headers = new Headers({ host: 'localhost:4566', 'x-amz-meta-note': 'hi', 'content-type': 'text/plain' });
  const now = new Date();
  signV4({ method: 'PUT', path, search, headers }, { accessKeyId: 'test', secret: 'test' }, 'eu-west-1', now);
  tamper?.(headers);
  const url = new URL(`http://localhost:4566${path}${search}`);
  const request = { method: 'PUT', url: url.href, headers, body: null, bytes: () => Promise.resolve(new Uint8Array()) };
  verifySignature(request, parseAuth('PUT', url, headers), DEFAULT_SECRET, now, { virtualHostBucket: undefined, path });
}

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    return isS3Error(e) ? e.code : String(e);
  }
}

describe('signV4', () => {
  it('signs what the verifier checks: odd keys, sub-resources, x-amz-* headers, the chosen region', () => {
    expect(() => signedAndVerified('/b/a%2F..%2Fb%20c%25.txt', '?tagging&versionId=x%2By')).not.toThrow();
    expect(() => signedAndVerified('/', '')).not.toThrow();
  });

  it('is refused once a signed header changes', () => {
    expect(codeOf(() => signedAndVerified('/b/k', '', (h) => h.set('x-amz-meta-note', 'changed')))).toBe('SignatureDoesNotMatch');
    expect(codeOf(() => signedAndVerified('/b/k', '', (h) => h.set('x-amz-acl', 'public-read')))).toBe('AccessDenied');
  });
});
