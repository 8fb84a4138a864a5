/**
 * The server's whole state: buckets by name (global across accounts, as on AWS); each bucket holds
 * its objects and multipart uploads. Pure data: no I/O here; callers release bytes through the BlobStore.
 */
import type { Bucket } from './bucket.ts';

export class S3State {
  readonly buckets = new Map<string, Bucket>();

  getBucket(name: string): Bucket | undefined {
    return this.buckets.get(name);
  }

  /** Buckets of one account in name order (ListBuckets). */
  bucketsOf(accountId: string): Bucket[] {
    const out: Bucket[] = [];
    for (const b of this.buckets.values()) if (b.ownerAccountId === accountId) out.push(b);
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  deleteBucket(name: string): void {
    this.buckets.delete(name);
  }

  clear(): void {
    this.buckets.clear();
  }
}
