/** The URL S3 gives an object in Location (CompleteMultipartUpload, PostObject). */
import type { Config } from '../config.ts';
import { urlEncodeKey } from './list.ts';

const DEFAULT_HOSTNAME = 'localhost.localstack.cloud';

/**
 * Virtual-hosted under the default domain; path-style when LOCALSTACK_HOST names another host,
 * which may not resolve bucket subdomains (as LocalStack does).
 */
export function objectLocation(config: Config, bucket: string, key: string): string {
  const host = `${config.hostname}:${config.port}`;
  return config.hostname === DEFAULT_HOSTNAME
    ? `http://${bucket}.s3.${host}/${urlEncodeKey(key)}`
    : `http://${host}/${bucket}/${urlEncodeKey(key)}`;
}
