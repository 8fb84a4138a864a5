/**
 * hash-wasm hashers for the algorithms Bun has no native streaming digest for (CRC32C, CRC64NVME,
 * XXHASH*; CRC32 is Bun.hash.crc32). WASM instances are created asynchronously, so each algorithm gets ONE
 * instance, created by loadWasmHashers() when first needed: not at module load, where every start
 * would pay for compiling them (an idle server, or one that only sees CRC32 uploads, never does).
 * The checksum API loads them itself: the first body needing an algorithm waits for its instance once.
 * Concurrent streams time-share that instance: a stream that finds another one's state loaded
 * saves it aside (hash-wasm save/load: a copy of the small hasher state) and loads its own. One
 * upload at a time costs nothing extra.
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

export type WasmAlgorithm = 'CRC32C' | 'CRC64NVME' | 'XXHASH64' | 'XXHASH3' | 'XXHASH128';

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

const WASM_ALGORITHMS: ReadonlySet<string> = new Set<WasmAlgorithm>(['CRC32C', 'CRC64NVME', 'XXHASH64', 'XXHASH3', 'XXHASH128']);

const CREATORS: Record<WasmAlgorithm, () => Promise<IHasher>> = {
  // Seeds are 0, as awscrt's XXHash.new_xxhash64/new_xxhash3_64/new_xxhash3_128 default to (botocore uses those).
  CRC32C: () => createCRC32(CRC32C_POLY),
  CRC64NVME: () => createCRC64(CRC64NVME_POLY),
  XXHASH64: () => createXXHash64(),
  XXHASH3: () => createXXHash3(),
  XXHASH128: () => createXXHash128(),
};

const shared = new Map<WasmAlgorithm, SharedInstance>();
const loading = new Map<WasmAlgorithm, Promise<void>>();

/**
 * Instantiates the WASM hashers for `algorithms` (each once, on first need: an instance holds its
 * own memory, and most clients only ever use one or two). Resolves at once when all are loaded.
 */
export function loadWasmHashers(algorithms: readonly ChecksumAlgorithm[]): Promise<void> | undefined {
  let pending: Promise<void>[] | undefined;
  for (const alg of algorithms) {
    if (!isWasmAlgorithm(alg) || shared.has(alg)) continue;
    let load = loading.get(alg);
    if (load === undefined) {
      load = share(CREATORS[alg]()).then((instance) => void shared.set(alg, instance));
      loading.set(alg, load);
    }
    (pending ??= []).push(load);
  }
  return pending === undefined ? undefined : Promise.all(pending).then(() => undefined);
}

/**
 * `compute` at once when the hashers of `algorithms` are loaded, else a promise of it once they are:
 * only the first use of a WASM algorithm waits.
 */
export function whenHashersLoaded<T>(algorithms: readonly ChecksumAlgorithm[], compute: () => T): T | Promise<T> {
  const loading = loadWasmHashers(algorithms);
  return loading === undefined ? compute() : loading.then(compute);
}

export function isWasmAlgorithm(alg: ChecksumAlgorithm): alg is WasmAlgorithm {
  return WASM_ALGORITHMS.has(alg);
}

export function newWasmHasher(alg: WasmAlgorithm): Hasher {
  const instance = shared.get(alg);
  if (instance === undefined) throw new Error(`the ${alg} hasher is not loaded: load it first (whenHashersLoaded)`);
  return new TimeSharedHasher(instance);
}
