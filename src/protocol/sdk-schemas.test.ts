/**
 * Cross-checks the generated tables against @aws-sdk/client-s3's own schemas (built from AWS's
 * Smithy model): root element names, XML element names, flattening, headers and query keys.
 */
import { describe, expect, it } from 'vitest';
import { SHAPES } from './generated/model.ts';
import { type MemberDef, wireOf } from './shapes.ts';

type Traits = Record<string, unknown>;
interface SdkStructure { name: string; traits: Traits; members: Map<string, { traits: Traits; target: unknown }> }
interface SdkList { name: string; itemTraits: Traits }

function traitsOf(v: unknown): Traits {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Traits) : {};
}

function memberEntry(schema: unknown): { traits: Traits; target: unknown } {
  return Array.isArray(schema) && schema.length === 2 && typeof schema[1] !== 'string'
    ? { target: schema[0], traits: traitsOf(schema[1]) }
    : { target: schema, traits: {} };
}

// Untyped deep import (the package ships no declarations for it): narrowed below.
const SCHEMAS_MODULE = '@aws-sdk/client-s3/dist-es/schemas/schemas_0.js';
const SDK: unknown = await import(SCHEMAS_MODULE);

const STRUCTURES = new Map<string, SdkStructure>();
const LISTS = new Map<string, SdkList>();
for (const v of Object.values(traitsOf(SDK))) {
  if (!Array.isArray(v) || typeof v[2] !== 'string') continue;
  if (v[0] === 3 && Array.isArray(v[4]) && Array.isArray(v[5])) {
    const names = v[4] as string[];
    const schemas = v[5] as unknown[];
    STRUCTURES.set(v[2], { name: v[2], traits: traitsOf(v[3]), members: new Map(names.map((n, i) => [n, memberEntry(schemas[i])])) });
  } else if (v[0] === 1) {
    LISTS.set(v[2], { name: v[2], itemTraits: memberEntry(v[4]).traits });
  }
}

/** Members overrides.json adds on purpose (status codes, x-amz-bucket-region, HeadBucket's Content-Type): not in any model. */
const ADDED_BY_OVERRIDES = new Set([
  'GetObjectOutput.StatusCode', 'HeadObjectOutput.StatusCode', 'RestoreObjectOutput.StatusCode',
  'ListObjectsOutput.BucketRegion', 'ListObjectsV2Output.BucketRegion', 'HeadBucketOutput.ContentType',
]);

function mismatches(): string[] {
  const out: string[] = [];
  for (const [name, def] of Object.entries(SHAPES)) {
    if (def.kind === 'list') {
      const sdk = LISTS.get(name);
      const sdkItem = typeof sdk?.itemTraits.xmlName === 'string' ? sdk.itemTraits.xmlName : 'member';
      if (sdk !== undefined && sdkItem !== wireOf(def.member)) out.push(`${name} item: ${wireOf(def.member)} vs ${sdkItem}`);
      continue;
    }
    const sdk = STRUCTURES.get(name);
    if (def.kind !== 'structure' || sdk === undefined) continue;
    if (typeof sdk.traits.xmlName === 'string' && def.xmlName !== sdk.traits.xmlName) {
      out.push(`${name} root: ${def.xmlName} vs ${sdk.traits.xmlName}`);
    }
    for (const m of def.members) {
      if (m.name !== def.payload && !ADDED_BY_OVERRIDES.has(`${name}.${m.name}`)) out.push(...memberMismatches(name, m, sdk));
    }
  }
  return out;
}

function memberMismatches(shape: string, m: MemberDef, sdk: SdkStructure): string[] {
  const s = sdk.members.get(m.name);
  if (s === undefined) return [`${shape}.${m.name}: not in the SDK`];
  const t = s.traits;
  const where = `${shape}.${m.name}`;
  const out: string[] = [];
  if (m.location === 'header' && String(t.httpHeader).toLowerCase() !== wireOf(m).toLowerCase()) out.push(`${where} header ${wireOf(m)} vs ${String(t.httpHeader)}`);
  if (m.location === 'querystring' && t.httpQuery !== wireOf(m)) out.push(`${where} query ${wireOf(m)} vs ${String(t.httpQuery)}`);
  if (m.location === 'headers' && t.httpPrefixHeaders !== wireOf(m)) out.push(`${where} prefix ${wireOf(m)} vs ${String(t.httpPrefixHeaders)}`);
  if (m.location === undefined && t.httpPayload === undefined) {
    const sdkName = typeof t.xmlName === 'string' ? t.xmlName : m.name;
    if (sdkName !== wireOf(m)) out.push(`${where} element ${wireOf(m)} vs ${sdkName}`);
    if ((t.xmlFlattened === 1) !== (m.flattened === true)) out.push(`${where} flattened ${String(m.flattened)} vs ${String(t.xmlFlattened)}`);
    if ((t.xmlAttribute === 1) !== (m.xmlAttribute === true)) out.push(`${where} attribute`);
  }
  return out;
}

describe('generated tables agree with the AWS SDK schemas', () => {
  it('finds the SDK schemas', () => {
    expect(STRUCTURES.size).toBeGreaterThan(300);
  });

  it('has the same root, element, header and query names and flattening', () => {
    expect(mismatches()).toEqual([]);
  });
});
