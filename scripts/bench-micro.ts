/**
 * Micro-benchmarks of work whose cost grows with the input, reported, never asserted:
 * serializing a 1000-key ListObjectsV2 page, and combining the CRCs of 10,000 multipart parts.
 * Run: npx bun scripts/bench-micro.ts
 */
import { combineCrc } from '../src/checksum/crc-combine.ts';
import type { ListObjectsV2Output } from '../src/protocol/generated/types.ts';
import { serializeOutput } from '../src/protocol/serialize.ts';

function timeMs(label: string, rounds: number, run: () => unknown): void {
  run(); // warm-up
  const started = performance.now();
  for (let i = 0; i < rounds; i++) run();
  console.log(`${label}: ${((performance.now() - started) / rounds).toFixed(2)} ms`);
}

const WHEN = new Date('2026-01-01T00:00:00Z');
const page: ListObjectsV2Output = {
  Name: 'bucket', Prefix: '', MaxKeys: 1000, KeyCount: 1000, IsTruncated: false,
  Contents: Array.from({ length: 1000 }, (_, i) => ({ Key: `key-${i} & <${i}>`, LastModified: WHEN, ETag: '"abc"', Size: i, StorageClass: 'STANDARD' as const })),
};
timeMs('ListObjectsV2 page of 1000 keys, serialized', 50, () => serializeOutput('ListObjectsV2', page, 'R'));

const parts = Array.from({ length: 10_000 }, (_, i) => ({ checksumB64: 'w0MIGLRZZYI=', size: 5 * 2 ** 20 + i }));
timeMs('CRC64NVME of 10,000 parts, combined', 5, () => combineCrc('CRC64NVME', parts));
