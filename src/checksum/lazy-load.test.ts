/**
 * The checksum API loads its WASM hashers itself: nothing in this file loads them first, as nothing
 * does in a server that just started (a restarted one completing an upload made before, say).
 */
import { describe, expect, it } from 'vitest';
import { checksumOf, checksumWhole, compositeChecksum, createStreamChecksummer } from './index.ts';
import { Md5Offload, type Md5Job } from './md5-offload.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('hashers loaded on first use', () => {
  it('answers the first checksumWhole of a WASM algorithm once its hasher loads, later ones at once', async () => {
    const first = checksumWhole(text('123456789'), ['CRC64NVME']);
    expect(first).toBeInstanceOf(Promise);
    expect((await first).checksums.CRC64NVME).toBe('rosUhgp5mIg=');
    const again = checksumWhole(text('123456789'), ['CRC64NVME']);
    expect(again).not.toBeInstanceOf(Promise);
  });

  it('gives checksumOf of an algorithm not loaded yet', async () => {
    expect(await checksumOf('XXHASH64', text('123456789'))).toBe('jLhB20DmroM=');
  });

  it('computes a COMPOSITE CRC32C before anything loaded its hasher', async () => {
    // Parts 'a'*10, 'b'*20 and 'c' (their CRC32Cs by the reference bitwise algorithm).
    const parts = ['5yZkMA==', '7svlHg==', 'IOszxw=='];
    const composite = await compositeChecksum('CRC32C', parts);
    expect(composite).toBe('C0SAhA==-3');
    expect(compositeChecksum('CRC32C', parts)).toBe(composite);
  });

  it('streams through an algorithm whose hasher is still loading, keeping the chunks handed over meanwhile', async () => {
    const summer = createStreamChecksummer(['XXHASH3']);
    const update = summer.update(text('1234'));
    expect(update).toBeInstanceOf(Promise);
    expect(summer.keepsChunks()).toBe(true);
    await update;
    await summer.update(text('56789'));
    const digest = await summer.digest(() => new Blob([]).stream());
    expect(digest).toEqual({ md5Hex: '25f9e794323b453885f5181f1b624d0b', checksums: { XXHASH3: 'ctyxi2ehff8=' } });
  });
});

describe('a checksummer aborted while its hashers load', () => {
  it('drops the MD5 job that an update still waiting for the load starts', async () => {
    const begun: { aborted: boolean }[] = [];
    class RecordingOffload extends Md5Offload {
      override begin(): Md5Job {
        const job = { aborted: false, update: () => undefined, digest: async () => new Uint8Array(16), abort: () => { job.aborted = true; } };
        begun.push(job);
        return job;
      }
    }
    const offload = new RecordingOffload();
    const summer = createStreamChecksummer(['XXHASH128'], offload, 4);
    const update = summer.update(text('more than four bytes'));
    summer.abort();
    await update;
    await new Promise((r) => setTimeout(r, 0));
    expect(begun.map((j) => j.aborted)).toEqual([true]);
  });
});
