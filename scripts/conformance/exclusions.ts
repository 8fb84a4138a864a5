/**
 * The exclusion file: pytest node-id prefixes that cannot pass against a standalone S3 server,
 * one per line with a reason (`<node id>  # <reason>`). Excluded tests are deselected with pytest's
 * own `--deselect` (prefix match, so a test id also covers its parametrizations), reported apart
 * and never counted as passes.
 */
import { readFileSync } from 'node:fs';

export interface Exclusion {
  readonly id: string;
  readonly reason: string;
  readonly line: number;
}

export class ExclusionFileError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'ExclusionFileError';
  }
}

const SEPARATOR = /\s+#\s*/;

/** Parses the exclusion file text; blank lines and lines starting with `#` are ignored. */
export function parseExclusions(text: string): Exclusion[] {
  const seen = new Set<string>();
  const out: Exclusion[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = SEPARATOR.exec(trimmed);
    const id = match ? trimmed.slice(0, match.index) : trimmed;
    const reason = match ? trimmed.slice(match.index + match[0].length).trim() : '';
    if (reason === '') throw new ExclusionFileError(line, `"${id}" has no reason (write "<node id>  # <reason>")`);
    if (!/^[^\s]+\.py(::\S+)*$/.test(id)) throw new ExclusionFileError(line, `"${id}" is not a pytest node id`);
    if (seen.has(id)) throw new ExclusionFileError(line, `"${id}" is listed twice`);
    seen.add(id);
    out.push({ id, reason, line });
  });
  return out;
}

export function loadExclusions(path: string): Exclusion[] {
  return parseExclusions(readFileSync(path, 'utf8'));
}

/** The exclusion covering a node id, using pytest's --deselect rule (plain prefix match). */
export function findExclusion(exclusions: readonly Exclusion[], nodeId: string): Exclusion | undefined {
  return exclusions.find((e) => nodeId.startsWith(e.id));
}
