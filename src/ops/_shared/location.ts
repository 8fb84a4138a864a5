/** The URLs S3 gives a bucket or an object in Location (CreateBucket, CompleteMultipartUpload, PostObject). */
import type { RequestContext } from '../../core/context.ts';
import { urlEncodeKey } from './list-params.ts';

const DEFAULT_HOSTNAME = 'localhost.localstack.cloud';

type LocationContext = Pick<RequestContext, 'config' | 'scheme'>;

/**
 * Virtual-hosted under the default domain; path-style when LOCALSTACK_HOST names another host,
 * which may not resolve bucket subdomains (as LocalStack does). The scheme is the request's
 * (https over TLS, or under USE_SSL).
 */
function bucketBase(ctx: LocationContext, bucket: string): string {
  const host = `${ctx.config.hostname}:${ctx.config.port}`;
  return ctx.config.hostname === DEFAULT_HOSTNAME ? `${ctx.scheme}://${bucket}.s3.${host}/` : `${ctx.scheme}://${host}/${bucket}/`;
}

export function bucketLocation(ctx: LocationContext, bucket: string): string {
  return bucketBase(ctx, bucket);
}

export function objectLocation(ctx: LocationContext, bucket: string, key: string): string {
  return `${bucketBase(ctx, bucket)}${urlEncodeKey(key)}`;
}

/** application/x-www-form-urlencoded: letters, digits and `*-._` stay, a space becomes `+`. */
function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}

/**
 * PostObject's Location (header and PostResponse): AWS form-encodes the key, `/` included
 * (`.../uploads%2Fimage.jpg`, `pr%C3%A9sident.jpg`, `I+have+spaces.txt`: ceph/ceph#20330,
 * jamhall/s3rver#504, waynehoover/s3_direct_upload#189).
 */
export function postObjectLocation(ctx: LocationContext, bucket: string, key: string): string {
  return `${bucketBase(ctx, bucket)}${formEncode(key)}`;
}
