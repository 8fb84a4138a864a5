/**
 * The checksummer for bodies that stream in: the S3 checksums are computed inline (CRC32 and the
 * XXHASHes run at GB/s), the MD5 moves to the worker (md5-offload.ts) once the body passes
 * OFFLOAD_AFTER bytes. Until then the chunks are only remembered, so a small body never pays for
 * the copies and messages, and a large one's first bytes still reach the worker in order.
 */
import type { ChecksumDigest } from './checksummer.ts';
import { toBase64, toHex } from './encoding.ts';
import { newHasher, type Hasher } from './hashers.ts';
import { md5Offload, type Md5Job, type Md5Offload } from './md5-offload.ts';
import type { ChecksumAlgorithm } from './types.ts';
import { loadWasmHashers } from './wasm-hashers.ts';

/** Past this, MD5 (~1.7 ms per MiB here) costs the server thread more than the copy and messages. */
const OFFLOAD_AFTER = 1024 * 1024;

export interface StreamChecksummer {
  /** Takes a chunk; the promise, when there is one, must be awaited before the next update. */
  update(chunk: Uint8Array): Promise<void> | undefined;
  /**
   * Whether the chunks given to update() so far are kept (the first OFFLOAD_AFTER bytes, until it is
   * known where the MD5 runs): those must stay intact until digest(). Once false, every later chunk
   * is consumed within update() itself.
   */
  keepsChunks(): boolean;
  /**
   * Finishes every digest, once, after the last update. `again` streams the same bytes once more:
   * it is read only when the worker failed on the way and the MD5 must be computed here.
   */
  digest(again: () => ReadableStream<Uint8Array>): Promise<ChecksumDigest>;
  /** The body failed: drops the worker's job. */
  abort(): void;
}

async function md5Of(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const md5 = newHasher('MD5');
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) md5.update(r.value);
  return md5.digest();
}

export function createStreamChecksummer(algorithms: readonly ChecksumAlgorithm[], offload: Md5Offload = md5Offload, offloadAfter = OFFLOAD_AFTER): StreamChecksummer {
  const loading = loadWasmHashers(algorithms);
  const create = (): StreamChecksummer => loadedChecksummer(algorithms, offload, offloadAfter);
  return loading === undefined ? create() : afterLoading(loading, create);
}

/** A checksummer whose first update (or digest) waits for the WASM hashers it needs to load. */
function afterLoading(loading: Promise<void>, create: () => StreamChecksummer): StreamChecksummer {
  let loaded: StreamChecksummer | undefined;
  const ready = loading.then(() => (loaded = create()));
  // A failed load surfaces through update() or digest(), whichever comes first.
  ready.catch(() => undefined);
  return {
    update: (chunk) => (loaded !== undefined ? loaded.update(chunk) : ready.then((summer) => summer.update(chunk))),
    // A chunk handed over before the load is still to be hashed.
    keepsChunks: () => loaded === undefined || loaded.keepsChunks(),
    digest: (again) => ready.then((summer) => summer.digest(again)),
    abort: () => {
      // An update still waiting for the load runs first (then() order), so a job it starts is dropped too.
      if (loaded !== undefined) loaded.abort();
      else ready.then((summer) => summer.abort(), () => undefined);
    },
  };
}

function loadedChecksummer(algorithms: readonly ChecksumAlgorithm[], offload: Md5Offload, offloadAfter: number): StreamChecksummer {
  const wantsMd5 = algorithms.includes('MD5');
  const hashers: [ChecksumAlgorithm, Hasher][] = [...new Set(algorithms)].filter((alg) => alg !== 'MD5').map((alg) => [alg, newHasher(alg)]);
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let job: Md5Job | undefined;
  let inline: Hasher | undefined;

  /** Set while held chunks are still being handed over: they are kept until then. */
  let moving = false;

  /** Hands the held chunks to the worker (or to an inline hasher when there is no worker). */
  async function moveHeld(): Promise<void> {
    const chunks = held;
    held = [];
    heldBytes = 0;
    job = offload.begin();
    if (job === undefined) inline = newHasher('MD5');
    moving = true;
    try {
      for (const chunk of chunks) {
        if (inline !== undefined) inline.update(chunk);
        else await job?.update(chunk);
      }
    } finally {
      moving = false;
    }
  }

  return {
    update(chunk) {
      if (chunk.byteLength === 0) return undefined;
      for (const [, hasher] of hashers) hasher.update(chunk);
      if (job !== undefined) return job.update(chunk);
      if (inline !== undefined) return void inline.update(chunk);
      held.push(chunk);
      heldBytes += chunk.byteLength;
      return heldBytes > offloadAfter ? moveHeld() : undefined;
    },
    keepsChunks: () => moving || (job === undefined && inline === undefined),
    async digest(again) {
      let md5: Uint8Array;
      if (job !== undefined) {
        md5 = await job.digest().catch(() => md5Of(again()));
      } else {
        const hasher = inline ?? newHasher('MD5');
        for (const chunk of held) hasher.update(chunk);
        md5 = hasher.digest();
      }
      const checksums: Partial<Record<ChecksumAlgorithm, string>> = {};
      if (wantsMd5) checksums.MD5 = toBase64(md5);
      for (const [alg, hasher] of hashers) checksums[alg] = toBase64(hasher.digest());
      return { md5Hex: toHex(md5), checksums };
    },
    abort() {
      job?.abort();
      held = [];
    },
  };
}
