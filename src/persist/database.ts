/**
 * The metadata database: bun:sqlite in WAL mode, held with an exclusive lock (one server per data
 * directory). A database of another format version, or a directory holding files that are not
 * ours, is refused with a PersistenceError naming the directory: never half-loaded or ignored.
 */
import type { Database } from 'bun:sqlite';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { OWN_ENTRIES, type StateLayout } from './layout.ts';
import { migrateOwnerIds } from './migrate-owner-ids.ts';

/** Bumped whenever rows change meaning; an older format is migrated or refused, never misread. */
export const FORMAT_VERSION = 2;

export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS buckets (name TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
  bucket TEXT NOT NULL, key TEXT NOT NULL, version_id TEXT NOT NULL,
  seq INTEGER NOT NULL, doc TEXT NOT NULL, data BLOB, file TEXT,
  PRIMARY KEY (bucket, key, version_id));
CREATE TABLE IF NOT EXISTS uploads (bucket TEXT NOT NULL, upload_id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (bucket, upload_id));
CREATE TABLE IF NOT EXISTS parts (
  bucket TEXT NOT NULL, upload_id TEXT NOT NULL, part_number INTEGER NOT NULL,
  doc TEXT NOT NULL, data BLOB, file TEXT,
  PRIMARY KEY (bucket, upload_id, part_number));
`;

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function assertOurDirectory(layout: StateLayout): void {
  let entries: string[];
  try {
    mkdirSync(layout.dir, { recursive: true });
    entries = readdirSync(layout.dir);
  } catch (e) {
    throw new PersistenceError(`cannot use the state directory ${layout.dir}: ${message(e)}`);
  }
  const foreign = entries.filter((name) => !OWN_ENTRIES.has(name));
  if (foreign.length > 0) {
    throw new PersistenceError(`the state directory ${layout.dir} holds data not written by ruststack-s3 (${foreign.slice(0, 3).join(', ')}); `
      + 'point DATA_DIR at another directory or empty this one');
  }
}

function checkFormat(db: Database, layout: StateLayout, fresh: boolean): void {
  const row = db.query<{ value: string }, []>("SELECT value FROM meta WHERE name = 'format'").get();
  if (row === null) {
    if (!fresh) throw new PersistenceError(`the database in ${layout.dir} has no format version: it was not written by ruststack-s3 or is damaged`);
    db.run("INSERT INTO meta (name, value) VALUES ('format', ?)", [String(FORMAT_VERSION)]);
    return;
  }
  if (row.value === '1') {
    db.transaction(() => {
      migrateOwnerIds(db);
      db.run("UPDATE meta SET value = ? WHERE name = 'format'", [String(FORMAT_VERSION)]);
    })();
    return;
  }
  if (row.value !== String(FORMAT_VERSION)) {
    throw new PersistenceError(`the state in ${layout.dir} has format ${row.value}, this server reads format ${FORMAT_VERSION}: `
      + 'use the server version that wrote it, or move the directory away to start empty');
  }
}

/**
 * Opens (creating if needed) the database; `fsync` makes every commit durable against power loss.
 * bun:sqlite is imported here: the bundler hoists a static import of a built-in module to the
 * binary's start, where an in-memory server would load it for nothing.
 */
export async function openDatabase(layout: StateLayout, fsync: boolean): Promise<Database> {
  const { Database: SQLite } = await import('bun:sqlite');
  assertOurDirectory(layout);
  const fresh = !existsSync(layout.database);
  let db: Database | undefined;
  try {
    db = new SQLite(layout.database, { create: true, strict: true });
    db.run('PRAGMA locking_mode = EXCLUSIVE');
    db.run('PRAGMA journal_mode = WAL');
    db.run(`PRAGMA synchronous = ${fsync ? 'FULL' : 'NORMAL'}`);
    // Checkpoints run on a timer (sqlite-store.ts): the automatic one ran inside whichever small PUT
    // crossed 1000 pages; this is only the bound on the WAL between two timer ticks.
    db.run('PRAGMA wal_autocheckpoint = 16384');
    // Takes the exclusive lock now: a second server on this directory fails here, not mid-write.
    db.run('BEGIN IMMEDIATE');
    db.run('COMMIT');
    const tables = db.query<{ name: string }, []>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
    if (!fresh && !tables.includes('meta')) {
      throw new PersistenceError(`the database in ${layout.dir} was not written by ruststack-s3`);
    }
    db.exec(SCHEMA);
    checkFormat(db, layout, fresh || tables.length === 0);
    return db;
  } catch (e) {
    db?.close();
    if (e instanceof PersistenceError) throw e;
    const busy = /locked|busy/i.test(message(e));
    throw new PersistenceError(busy
      ? `the state directory ${layout.dir} is in use by another server`
      : `cannot open the state in ${layout.dir}: ${message(e)}`);
  }
}
