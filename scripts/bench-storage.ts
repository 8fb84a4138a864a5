/**
 * BlobStore throughput: writes a streamed body (64 KiB chunks, like a request body) with the
 * default PutObject checksum (MD5 for the ETag + CRC64NVME), reads it back, and prints MB/s and
 * peak RSS. Usage: bun scripts/bench-storage.ts [MiB=512] [checksums=CRC64NVME]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isChecksumAlgorithm, type ChecksumAlgorithm } from '../src/checksum/types.ts';
import { createBlobStore } from '../src/storage/blob-store.ts';

const CHUNK = 64 * 1024;
const mib = Number(process.argv[2] ?? '512');
const algorithms: ChecksumAlgorithm[] = (process.argv[3] ?? 'CRC64NVME').split(',').filter((a) => a !== '').filter(isChecksumAlgorithm);
const total = mib * 1024 * 1024;

const chunk = new Uint8Array(CHUNK);
for (let i = 0; i < CHUNK; i++) chunk[i] = (i * 131 + (i >> 7)) & 0xff;

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

/** The kernel's high-water mark, when available (catches peaks between samples). */
function vmHwm(): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] === undefined ? undefined : Number(m[1]) * 1024;
  } catch {
    return undefined;
  }
}

function body(): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      controller.enqueue(chunk);
      sent += CHUNK;
    },
  }, { highWaterMark: 0 });
}

const rate = (bytes: number, ms: number) => `${(bytes / 1048576 / (ms / 1000)).toFixed(0)} MB/s`;

const md5Start = performance.now();
const md5 = createHash('md5');
for (let n = 0; n < total; n += CHUNK) md5.update(chunk);
md5.digest();
const md5Ms = performance.now() - md5Start;

const store = createBlobStore({ maxMemoryObjectSize: 512 * 1024, tmpDir: tmpdir() });
const writeStart = performance.now();
const written = await store.write(body(), { checksums: algorithms });
const writeMs = performance.now() - writeStart;

const readStart = performance.now();
let readBytes = 0;
const reader = store.read(written.ref).getReader();
for (let r = await reader.read(); !r.done; r = await reader.read()) readBytes += r.value.byteLength;
const readMs = performance.now() - readStart;
await store.clear();
clearInterval(sampler);

console.log(`body ${mib} MiB, checksums MD5+${algorithms.join('+')}`);
console.log(`md5 alone      ${rate(total, md5Ms)}`);
console.log(`write (spill)  ${rate(total, writeMs)}  (${writeMs.toFixed(0)} ms)`);
console.log(`read           ${rate(readBytes, readMs)}  (${readMs.toFixed(0)} ms, ${readBytes === total ? 'all bytes' : `ONLY ${readBytes} bytes`})`);
console.log(`peak RSS       ${(Math.max(peakRss, vmHwm() ?? 0) / 1048576).toFixed(0)} MiB`);
