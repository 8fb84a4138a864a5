/**
 * Output XML by string concatenation. Each structure shape gets a writer compiled once, on first
 * use, from the generated table: element names, flattening and attributes are resolved up front so
 * writing a 1000-key listing is a tight loop of closures.
 */
import { SHAPES } from './generated/model.ts';
import { type MemberDef, type StructureDef, kindOf, wireOf } from './shapes.ts';
import { formatIsoDate } from './wire-values.ts';
import { escapeXml } from './xml.ts';

/** Writes one member's elements (several for a flattened list); '' when the value is absent. */
type MemberWriter = (value: unknown) => string;

interface StructureWriter {
  /** ` name="value"` pairs for xmlAttribute members, plus namespace declarations. */
  readonly attributes: (obj: Record<string, unknown>) => string;
  /** The child elements, in model order. */
  readonly children: (obj: Record<string, unknown>) => string;
}

const WRITERS = new Map<string, StructureWriter>();

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

function structureDef(name: string): StructureDef {
  const def = SHAPES[name];
  if (def?.kind !== 'structure') throw new Error(`xml: ${name} is not a structure`);
  return def;
}

export function scalarText(m: MemberDef, v: unknown): string {
  switch (kindOf(m)) {
    case 'timestamp':
      return v instanceof Date ? formatIsoDate(v) : escapeXml(String(v));
    case 'boolean':
      return v === true || v === 'true' ? 'true' : 'false';
    case 'blob':
      return v instanceof Uint8Array ? Buffer.from(v).toString('base64') : escapeXml(String(v));
    default:
      return typeof v === 'string' ? escapeXml(v) : escapeXml(String(v));
  }
}

/** `<name attrs>children</name>` for one value of a member definition (list items included). */
function elementWriter(m: MemberDef, name: string): MemberWriter {
  const open = `<${name}>`;
  const close = `</${name}>`;
  const kind = kindOf(m);
  if (kind === 'structure' && m.shape !== undefined) {
    const shape = m.shape;
    // Resolved on first write, not at compile time: shapes may refer to each other.
    let w: StructureWriter | undefined;
    return (v) => {
      if (!isObject(v)) return '';
      w ??= structureWriter(shape);
      return `<${name}${w.attributes(v)}>${w.children(v)}${close}`;
    };
  }
  if (kind === 'list' && m.shape !== undefined) return listWriter(m, name);
  if (kind === 'map' && m.shape !== undefined) return mapWriter(m.shape, name);
  return scalarWriter(m, open, close);
}

/** Specialised per kind: listings call these once per key and field. */
function scalarWriter(m: MemberDef, open: string, close: string): MemberWriter {
  switch (kindOf(m)) {
    case 'string':
      return (v) => (typeof v === 'string' ? open + escapeXml(v) + close : v === undefined || v === null ? '' : open + scalarText(m, v) + close);
    case 'integer':
    case 'long':
      return (v) => (typeof v === 'number' ? open + v + close : v === undefined || v === null ? '' : open + scalarText(m, v) + close);
    case 'timestamp':
      return (v) => (v instanceof Date ? open + formatIsoDate(v) + close : v === undefined || v === null ? '' : open + scalarText(m, v) + close);
    default:
      return (v) => (v === undefined || v === null ? '' : open + scalarText(m, v) + close);
  }
}

function listWriter(m: MemberDef, name: string): MemberWriter {
  const def = SHAPES[m.shape ?? ''];
  if (def?.kind !== 'list') throw new Error(`xml: ${m.shape} is not a list`);
  const item = def.member;
  // Flattened: each item is an element named after the member; wrapped: items inside <name>.
  const itemWriter = elementWriter(item, m.flattened === true ? name : wireOf(item));
  return (v) => {
    if (!Array.isArray(v)) return '';
    let out = '';
    for (const x of v) out += itemWriter(x);
    return m.flattened === true ? out : `<${name}>${out}</${name}>`;
  };
}

function mapWriter(shape: string, name: string): MemberWriter {
  const def = SHAPES[shape];
  if (def?.kind !== 'map') throw new Error(`xml: ${shape} is not a map`);
  const key = elementWriter(def.key, wireOf(def.key));
  const value = elementWriter(def.value, wireOf(def.value));
  return (v) => {
    if (!isObject(v)) return '';
    let out = '';
    for (const [k, x] of Object.entries(v)) out += `<entry>${key(k)}${value(x)}</entry>`;
    return `<${name}>${out}</${name}>`;
  };
}

function compileStructure(name: string): StructureWriter {
  const def = structureDef(name);
  const body = def.members.filter((m) => m.location === undefined && m.xmlAttribute !== true && m.name !== def.payload);
  const attrs = def.members.filter((m) => m.xmlAttribute === true);
  const ns = def.xmlNamespace;
  const nsDecl = ns === undefined ? '' : ` xmlns${ns.prefix !== undefined ? `:${ns.prefix}` : ''}="${escapeXml(ns.uri)}"`;
  const writers = body.map((m): [string, MemberWriter] => [m.name, elementWriter(m, wireOf(m))]);
  return {
    attributes: (obj) => {
      let out = nsDecl;
      for (const m of attrs) {
        const v = obj[m.name];
        if (v !== undefined && v !== null) out += ` ${wireOf(m)}="${scalarText(m, v)}"`;
      }
      return out;
    },
    children: (obj) => {
      let out = '';
      for (const [key, write] of writers) {
        const v = obj[key];
        if (v !== undefined && v !== null) out += write(v);
      }
      return out;
    },
  };
}

export function structureWriter(name: string): StructureWriter {
  let w = WRITERS.get(name);
  if (w === undefined) {
    w = compileStructure(name);
    WRITERS.set(name, w);
  }
  return w;
}

/** A whole element for a structure value: `<root xmlns="..." attrs>children</root>`. */
export function writeStructureElement(shape: string, root: string, value: Record<string, unknown>, xmlns: string): string {
  const w = structureWriter(shape);
  return `<${root} xmlns="${xmlns}"${w.attributes(value)}>${w.children(value)}</${root}>`;
}
