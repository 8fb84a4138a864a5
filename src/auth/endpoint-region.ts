/**
 * The region a Host names (`s3.eu-west-1.amazonaws.com`, `b.s3.eu-west-1.localhost.localstack.cloud`,
 * `s3.dualstack.eu-west-1...`): a regional endpoint only takes signatures scoped to its own region.
 */
import { AWS_REGIONS } from './identity.ts';

export function endpointRegion(host: string | null): string | undefined {
  if (host === null) return undefined;
  const labels = host.toLowerCase().replace(/:\d*$/, '').split('.');
  for (let i = labels.length - 2; i >= 0; i--) {
    if (labels[i] !== 's3') continue;
    const next = labels[i + 1] === 'dualstack' ? labels[i + 2] : labels[i + 1];
    return next !== undefined && AWS_REGIONS.has(next) ? next : undefined;
  }
  return undefined;
}
