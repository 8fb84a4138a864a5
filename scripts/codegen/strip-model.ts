/**
 * Turns botocore's service-2.json for S3 into the compact model input committed under model/:
 * documentation dropped, everything else kept verbatim, keys in botocore's order. Run it only when
 * upgrading the model; `npm run codegen` reads the committed copy and needs no network.
 *
 *   bun scripts/codegen/strip-model.ts <service-2.json> <botocore-version>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DROPPED_KEYS = new Set(['documentation', 'documentationUrl']);

export function stripDocumentation(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDocumentation);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!DROPPED_KEYS.has(k)) out[k] = stripDocumentation(v);
  }
  return out;
}

/** One shape or operation per line: small, greppable and diff-friendly. */
export function formatModel(model: Record<string, unknown>): string {
  const lines: string[] = ['{'];
  const sections = Object.entries(model);
  sections.forEach(([section, body], i) => {
    const last = i === sections.length - 1 ? '' : ',';
    if (body === null || typeof body !== 'object' || Array.isArray(body) || section === 'metadata') {
      lines.push(`  ${JSON.stringify(section)}: ${JSON.stringify(body)}${last}`);
      return;
    }
    lines.push(`  ${JSON.stringify(section)}: {`);
    const entries = Object.entries(body);
    entries.forEach(([name, def], j) => {
      lines.push(`    ${JSON.stringify(name)}: ${JSON.stringify(def)}${j === entries.length - 1 ? '' : ','}`);
    });
    lines.push(`  }${last}`);
  });
  lines.push('}', '');
  return lines.join('\n');
}

if (import.meta.main) {
  const [source, version] = process.argv.slice(2);
  if (source === undefined || version === undefined) {
    console.error('usage: bun scripts/codegen/strip-model.ts <service-2.json> <botocore-version>');
    process.exit(2);
  }
  const parsed: unknown = JSON.parse(readFileSync(source, 'utf8'));
  const stripped = stripDocumentation(parsed) as Record<string, unknown>;
  const dir = join(import.meta.dir, 'model');
  writeFileSync(join(dir, 's3-2006-03-01.json'), formatModel(stripped));
  writeFileSync(join(dir, 'source.json'), `${JSON.stringify({ package: 'botocore', version, file: 'botocore/data/s3/2006-03-01/service-2.json.gz', dropped: [...DROPPED_KEYS] }, null, 2)}\n`);
}
