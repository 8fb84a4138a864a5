/**
 * hash-wasm hashers for the algorithms Node/Bun have no native streaming digest for (CRC32C,
 * CRC64NVME, XXHASH*). WASM instances are created asynchronously, so each algorithm gets ONE
 * instance, created once at module load (top-level await): requests never wait on instantiation.
 * Concurrent streams time-share that instance: a stream that finds another one's state loaded
 * saves it aside (hash-wasm save/load, well under 1 µs) and loads its own. One upload at a time
 * costs nothing extra.
 */
import { createCRC32, createCRC64, createXXHash128, createXXHash3, createXXHash64, type IHasher } from 'hash-wasm';
import type { ChecksumAlgorithm } from './types.ts';

/** A streaming digest: feed bytes, then take the big-endian digest bytes once. */
export interface Hasher {
  update(chunk: Uint8Array): void;
  digest(): Uint8Array;
}

/** CRC-32C (Castagnoli), reflected polynomial. */
const CRC32C_POLY = 0x82f63b78;
/** CRC-64/NVME, reflected polynomial (check value of "123456789" is ae8b14860a799888). */
const CRC64NVME_POLY = '9a6c9329ac4bc9b5';

export type WasmAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'XXHASH64' | 'XXHASH3' | 'XXHASH128';

interface SharedInstance {
  readonly wasm: IHasher;
  owner: TimeSharedHasher | undefined;
}

class TimeSharedHasher implements Hasher {
  /** This stream's state while another stream has the instance; undefined before the first byte. */
  saved: Uint8Array | undefined;

  constructor(private readonly shared: SharedInstance) {}

  private claim(): IHasher {
    const shared = this.shared;
    if (shared.owner !== this) {
      if (shared.owner !== undefined) shared.owner.saved = shared.wasm.save();
      if (this.saved === undefined) shared.wasm.init();
      else shared.wasm.load(this.saved);
      this.saved = undefined;
      shared.owner = this;
    }
    return shared.wasm;
  }

  update(chunk: Uint8Array): void {
    this.claim().update(chunk);
  }

  digest(): Uint8Array {
    const out = this.claim().digest('binary');
    this.shared.owner = undefined;
    return out;
  }
}

async function share(created: Promise<IHasher>): Promise<SharedInstance> {
  return { wasm: await created, owner: undefined };
}

const [crc32, crc32c, crc64nvme, xxhash64, xxhash3, xxhash128] = await Promise.all([
  share(createCRC32()),
  share(createCRC32(CRC32C_POLY)),
  share(createCRC64(CRC64NVME_POLY)),
  share(createXXHash64()),
  share(createXXHash3()),
  share(createXXHash128()),
]);

// Seeds are 0, as awscrt's XXHash.new_xxhash64/new_xxhash3_64/new_xxhash3_128 default to (botocore uses those).
const SHARED: Record<WasmAlgorithm, SharedInstance> = {
  CRC32: crc32, CRC32C: crc32c, CRC64NVME: crc64nvme, XXHASH64: xxhash64, XXHASH3: xxhash3, XXHASH128: xxhash128,
};

export function isWasmAlgorithm(alg: ChecksumAlgorithm): alg is WasmAlgorithm {
  return alg in SHARED;
}

export function newWasmHasher(alg: WasmAlgorithm): Hasher {
  return new TimeSharedHasher(SHARED[alg]);
}
