/**
 * Parsed request XML -> typed structure, guided by the model: lists normalised (one element or
 * many), flattened lists read in place, scalars converted. Anything that does not fit the schema
 * (a missing required member, a bad number or date, text where elements belong) is MalformedXML,
 * as S3 says: "did not validate against our published schema".
 */
import { SHAPES } from './generated/model.ts';
import { type MemberDef, type StructureDef, kindOf, wireOf } from './shapes.ts';
import { parseInteger } from './wire-values.ts';
import { ATTRIBUTE_PREFIX, TEXT_KEY, malformedXml } from './xml.ts';

function isNode(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function structureDef(name: string | undefined): StructureDef {
  const def = SHAPES[name ?? ''];
  if (def?.kind !== 'structure') throw new Error(`xml: ${name} is not a structure`);
  return def;
}

/** Element text: a plain string, or the #text of an element that also has attributes. */
function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (isNode(node)) {
    if (Object.keys(node).some((k) => k !== TEXT_KEY && !k.startsWith(ATTRIBUTE_PREFIX))) throw malformedXml();
    const t = node[TEXT_KEY];
    return typeof t === 'string' ? t : '';
  }
  throw malformedXml();
}

function readScalar(m: MemberDef, node: unknown): unknown {
  const text = textOf(node);
  switch (kindOf(m)) {
    case 'integer':
    case 'long': {
      const n = parseInteger(text);
      if (n === undefined) throw malformedXml();
      return n;
    }
    case 'boolean': {
      const b = text.trim().toLowerCase();
      if (b !== 'true' && b !== 'false') throw malformedXml();
      return b === 'true';
    }
    case 'timestamp': {
      const ms = Date.parse(text.trim());
      if (Number.isNaN(ms)) throw malformedXml();
      return new Date(ms);
    }
    case 'blob':
      return new Uint8Array(Buffer.from(text.trim(), 'base64'));
    default:
      return text;
  }
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

function readList(m: MemberDef, node: unknown, flattenedItems: unknown[] | undefined): unknown[] {
  const def = SHAPES[m.shape ?? ''];
  if (def?.kind !== 'list') throw new Error(`xml: ${m.shape} is not a list`);
  if (flattenedItems !== undefined) return flattenedItems.map((x) => readValue(def.member, x));
  // Wrapped: <TagSet><Tag>..</Tag>...</TagSet>; an empty wrapper is an empty list.
  if (typeof node === 'string') return [];
  if (!isNode(node)) throw malformedXml();
  const items = node[wireOf(def.member)];
  return items === undefined ? [] : asArray(items).map((x) => readValue(def.member, x));
}

function readMap(m: MemberDef, node: unknown): Record<string, unknown> {
  const def = SHAPES[m.shape ?? ''];
  if (def?.kind !== 'map') throw new Error(`xml: ${m.shape} is not a map`);
  const out: Record<string, unknown> = {};
  if (!isNode(node) || node.entry === undefined) return out;
  for (const e of asArray(node.entry)) {
    if (!isNode(e)) throw malformedXml();
    out[textOf(e[wireOf(def.key)])] = readValue(def.value, e[wireOf(def.value)]);
  }
  return out;
}

function readValue(m: MemberDef, node: unknown): unknown {
  switch (kindOf(m)) {
    case 'structure':
      return readStructure(m.shape ?? '', node);
    case 'list':
      return readList(m, node, m.flattened === true ? asArray(node) : undefined);
    case 'map':
      return readMap(m, node);
    default:
      return readScalar(m, node);
  }
}

/** The XML-located members of a structure from its element's parsed content. */
export function readStructure(shape: string, node: unknown): Record<string, unknown> {
  const def = structureDef(shape);
  if (typeof node === 'string' && node.trim() === '') node = {};
  if (!isNode(node)) throw malformedXml();
  const out: Record<string, unknown> = {};
  for (const m of def.members) {
    if (m.location !== undefined) continue;
    const raw = m.xmlAttribute === true ? node[`${ATTRIBUTE_PREFIX}${wireOf(m)}`] : node[wireOf(m)];
    if (raw === undefined) {
      // A required list that is absent reads as empty: AWS checks the bucket and the content itself
      // (e.g. `<Tagging/>` clears the tags; `<ServerSideEncryptionConfiguration/>` on a missing
      // bucket is NoSuchBucket, not MalformedXML).
      if (m.required === true && kindOf(m) === 'list') out[m.name] = [];
      else if (m.required === true) throw malformedXml();
      continue;
    }
    // A flattened member repeats, so only its list reading accepts several elements.
    if (Array.isArray(raw) && kindOf(m) !== 'list') throw malformedXml();
    out[m.name] = readValue(m, raw);
  }
  return out;
}
