/**
 * Where persistent state lives: <DATA_DIR>/state/s3 (LocalStack's layout; its image's DATA_DIR is
 * /var/lib/localstack). One SQLite database for all metadata and small bodies, one file per large
 * body under blobs/, and the spill files of bodies still arriving under tmp/ (the same file
 * system, so a finished body becomes its stored file by a rename, never a copy).
 */
import { join } from 'node:path';

export interface StateLayout {
  readonly dir: string;
  readonly database: string;
  readonly blobs: string;
  readonly tmp: string;
}

export function stateLayout(dataDir: string): StateLayout {
  const dir = join(dataDir, 'state', 's3');
  return { dir, database: join(dir, 'ruststack-s3.sqlite'), blobs: join(dir, 'blobs'), tmp: join(dir, 'tmp') };
}

/** What may sit in the state directory: anything else means it is not ours. */
export const OWN_ENTRIES = new Set(['ruststack-s3.sqlite', 'ruststack-s3.sqlite-wal', 'ruststack-s3.sqlite-shm', 'blobs', 'tmp']);
