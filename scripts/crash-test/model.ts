/**
 * What the crash test expects of each key: the outcome of its last acknowledged write, and of the
 * write in flight when the server was killed, which may or may not have happened (but never in
 * part). Each worker owns its keys, so the writes of one key are sequential and the model exact.
 */

/** A key's content: its SHA-256, or absent (deleted or never written). */
export type Content = string | null;

export interface KeyModel {
  /** Unversioned buckets: the content after the last acknowledged write. */
  acked: Content;
  /** The write whose answer never came (the kill overtook it), if any. */
  pending?: Content;
}

export interface VersionedKeyModel {
  /** Version id -> content hash (null for a delete marker) of every acknowledged version. */
  readonly acked: Map<string, Content>;
  /** A version whose write was not acknowledged: it may exist, with this content. */
  pending?: Content;
}

/** The values a bucket's tag may hold after a crash: the last acknowledged one, or the one in flight. */
export interface TagModel {
  acked: string | undefined;
  pending?: string;
}

/** Problems found by comparing the server's answer with the model (empty when all is well). */
export function checkKey(model: KeyModel, actual: Content): string | undefined {
  if (actual === model.acked) return undefined;
  if (model.pending !== undefined && actual === model.pending) return undefined;
  return `expected ${model.acked ?? 'absent'}${model.pending !== undefined ? ` or ${model.pending ?? 'absent'}` : ''}, found ${actual ?? 'absent'}`;
}

/** After a successful check the key's state is known again: the pending write happened or not. */
export function settleKey(model: KeyModel, actual: Content): void {
  model.acked = actual;
  delete model.pending;
}
