/** An @aws-sdk/client-s3 client pointed at a test server, configured as a user would. */
import { S3Client, S3ServiceException, type S3ClientConfig } from '@aws-sdk/client-s3';
import { rejected } from './thrown.ts';

export function s3Client(endpoint: string, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...overrides,
  });
}

let counter = 0;

/** A bucket name unique within the test run. */
export function uniqueBucket(prefix = 'test'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export async function bodyText(body: { transformToString(): Promise<string> } | undefined): Promise<string> {
  if (body === undefined) throw new Error('response has no body');
  return body.transformToString();
}

/** The S3 error a call fails with (fails the test if it succeeds or throws something else). */
export function s3ErrorOf(p: Promise<unknown>): Promise<S3ServiceException> {
  return rejected(S3ServiceException, p);
}

/** 'ok', or the name of the S3 error the call fails with (anything else fails the test). */
export async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof S3ServiceException) return e.name;
    throw e;
  }
}
