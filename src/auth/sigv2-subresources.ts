/**
 * The query parameters SigV2 signs as part of the resource
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html#ConstructingTheCanonicalizedResourceElement).
 * Any parameter that selects an operation must be among them, or a signed `PUT /bucket` replays as
 * `PUT /bucket?publicAccessBlock`: so the flags come from the service model's request URIs.
 */
import { OPERATIONS } from '../protocol/generated/model.ts';

/**
 * Those carrying a value (versionId, uploadId, partNumber, response-* overrides) and the older flags,
 * as botocore's HmacV1Auth signs them.
 */
const VALUED_AND_LEGACY = [
  'accelerate', 'acl', 'analytics', 'cors', 'defaultObjectAcl', 'delete', 'inventory', 'lifecycle', 'location',
  'logging', 'metrics', 'notification', 'object-lock', 'partNumber', 'policy', 'replication', 'requestPayment',
  'response-cache-control', 'response-content-disposition', 'response-content-encoding', 'response-content-language',
  'response-content-type', 'response-expires', 'restore', 'select', 'select-type', 'storageClass', 'tagging', 'torrent',
  'uploadId', 'uploads', 'versionId', 'versioning', 'versions', 'website',
];

/** The value-less query keys of the model's request URIs: `/{Bucket}?ownershipControls` -> ownershipControls. */
export function modelQueryFlags(): string[] {
  const flags = new Set<string>();
  for (const { requestUri } of Object.values(OPERATIONS)) {
    const q = requestUri.indexOf('?');
    if (q === -1) continue;
    for (const part of requestUri.slice(q + 1).split('&')) if (part !== '' && !part.includes('=')) flags.add(part);
  }
  return [...flags].sort();
}

export const SIGV2_SUBRESOURCES: ReadonlySet<string> = new Set([...VALUED_AND_LEGACY, ...modelQueryFlags()]);
