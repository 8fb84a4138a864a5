/**
 * PERSISTENCE=1: the database and blob files under DATA_DIR opened and loaded into a
 * PersistentMetadataStore, with a BlobStore spilling into the same file system. `serve` imports
 * this module only when persistence is on, so an in-memory server never loads SQLite.
 */
import { DEFAULT_DATA_DIR } from '../config.ts';
import { MemoryMetadataStore } from '../state/memory-store.ts';
import { createBlobStore } from '../storage/blob-store.ts';
import type { BlobStore } from '../storage/types.ts';
import { openDatabase, PersistenceError } from './database.ts';
import { stateLayout, type StateLayout } from './layout.ts';
import { loadState, type LoadReport } from './load.ts';
import { PersistentMetadataStore } from './sqlite-store.ts';

export { PersistenceError } from './database.ts';

export interface PersistenceOptions {
  readonly dataDir: string | undefined;
  readonly fsync: boolean;
  readonly maxMemoryObjectSize: number;
}

export interface PersistentStorage {
  readonly state: PersistentMetadataStore;
  readonly blobs: BlobStore;
  readonly layout: StateLayout;
  readonly report: LoadReport;
}

export async function openPersistentStorage(options: PersistenceOptions): Promise<PersistentStorage> {
  const layout = stateLayout(options.dataDir ?? DEFAULT_DATA_DIR);
  const db = await openDatabase(layout, options.fsync);
  try {
    const blobs = createBlobStore({ maxMemoryObjectSize: options.maxMemoryObjectSize, tmpDir: layout.tmp, fsync: options.fsync });
    const memory = new MemoryMetadataStore();
    const report = loadState(db, memory, blobs, layout);
    const state = new PersistentMetadataStore({ db, memory, blobs, layout, fsync: options.fsync, seq: report.seq });
    return { state, blobs, layout, report };
  } catch (e) {
    db.close();
    if (e instanceof PersistenceError) throw e;
    throw new PersistenceError(`cannot load the state in ${layout.dir} (damaged?): ${e instanceof Error ? e.message : String(e)}`);
  }
}
