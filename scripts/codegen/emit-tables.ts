/** generated/model.ts: the shape and operation tables the serializer and deserializer interpret. */
import type { MemberDef, OperationDef, ShapeDef, StructureDef } from '../../src/protocol/shapes.ts';
import type { BotoModel, BotoShape, Overrides } from './botocore.ts';
import { reachableShapes, resolveItem, resolveMember, shapeOf } from './resolve.ts';

function structureDef(model: BotoModel, ov: Overrides, name: string, shape: BotoShape): StructureDef {
  const required = new Set(shape.required ?? []);
  const members: MemberDef[] = Object.entries(shape.members ?? {}).map(([m, ref]) =>
    resolveMember(model, m, ref, { required: required.has(m), payload: m === shape.payload }));
  const def: { -readonly [K in keyof StructureDef]: StructureDef[K] } = { kind: 'structure', members };
  if (shape.payload !== undefined) def.payload = shape.payload;
  const xmlName = ov.rootElements[name] ?? shape.locationName;
  if (xmlName !== undefined) def.xmlName = xmlName;
  const rootText = ov.rootText[name];
  if (rootText !== undefined) {
    if (shape.members?.[rootText] === undefined) throw new Error(`overrides.rootText: ${name} has no member ${rootText}`);
    def.rootText = rootText;
  }
  if (shape.xmlNamespace !== undefined) def.xmlNamespace = shape.xmlNamespace;
  if (ov.plainDocuments[name] === true) def.plainXml = true;
  return def;
}

export function shapeDef(model: BotoModel, ov: Overrides, name: string): ShapeDef {
  const shape = shapeOf(model, name);
  if (shape.type === 'structure') return structureDef(model, ov, name, shape);
  if (shape.type === 'list' && shape.member !== undefined) {
    return { kind: 'list', member: resolveItem(model, shape.member, 'member') };
  }
  if (shape.type === 'map' && shape.key !== undefined && shape.value !== undefined) {
    return { kind: 'map', key: resolveItem(model, shape.key, 'key'), value: resolveItem(model, shape.value, 'value') };
  }
  throw new Error(`model: ${name} is not a structure, list or map`);
}

export function operationDef(model: BotoModel, ov: Overrides, name: string): OperationDef {
  const op = model.operations[name];
  if (op?.input === undefined) throw new Error(`model: operation ${name} has no input`);
  // httpChecksum.requestChecksumRequired is not carried over: AWS accepts those payloads without
  // Content-MD5 or a checksum now (commit 7d3dcdb); one that is sent is verified.
  const def: { -readonly [K in keyof OperationDef]: OperationDef[K] } = {
    method: op.http.method,
    requestUri: op.http.requestUri,
    input: op.input.shape,
    status: ov.responseCodes[name] ?? op.http.responseCode ?? 200,
  };
  if (op.output !== undefined) def.output = op.output.shape;
  const when = ov.statusWhenPresent[name];
  if (when !== undefined) def.statusWhenPresent = when;
  if (op.input.locationName !== undefined) def.inputXmlName = op.input.locationName;
  const maxPayload = ov.maxPayloadBytes[name];
  if (maxPayload !== undefined) def.maxPayloadBytes = maxPayload;
  return def;
}

/** overrides.maxPayloadBytes: whole byte counts, for operations the model has, plus the default. */
function defaultMaxPayload(model: BotoModel, ov: Overrides): number {
  for (const [name, bytes] of Object.entries(ov.maxPayloadBytes)) {
    if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new Error(`overrides.maxPayloadBytes: ${name} is not a byte count`);
    if (name !== 'default' && model.operations[name] === undefined) throw new Error(`overrides.maxPayloadBytes: no operation ${name}`);
  }
  const fallback = ov.maxPayloadBytes.default;
  if (fallback === undefined) throw new Error('overrides.maxPayloadBytes: missing "default"');
  return fallback;
}

export function enumTable(model: BotoModel): [string, readonly string[]][] {
  return Object.entries(model.shapes)
    .filter(([, s]) => s.type === 'string' && s.enum !== undefined)
    .map(([n, s]): [string, readonly string[]] => [n, s.enum ?? []])
    .sort(([a], [b]) => (a < b ? -1 : 1));
}

export function emitTables(model: BotoModel, ov: Overrides, header: string): string {
  const lines = [header,
    "import type { OperationDef, ShapeDef } from '../shapes.ts';",
    "import type { OperationName } from './types.ts';",
    '',
    `export const XML_NAMESPACE = ${JSON.stringify(ov.xmlNamespace)};`,
    '',
    '/** Largest XML/JSON request body of an operation without a maxPayloadBytes of its own. */',
    `export const DEFAULT_MAX_PAYLOAD_BYTES = ${defaultMaxPayload(model, ov)};`,
    '',
    '/** Structures, lists and maps reachable from the operations; scalars are inlined into members. */',
    'export const SHAPES: Readonly<Record<string, ShapeDef>> = {'];
  for (const name of reachableShapes(model)) lines.push(`  ${JSON.stringify(name)}: ${JSON.stringify(shapeDef(model, ov, name))},`);
  lines.push('};', '', 'export const OPERATIONS: Readonly<Record<OperationName, OperationDef>> = {');
  for (const name of Object.keys(model.operations).sort()) {
    lines.push(`  ${name}: ${JSON.stringify(operationDef(model, ov, name))},`);
  }
  lines.push('};', '', '/** Enum values by shape name, for operations that validate them (StorageClass, ...). */');
  lines.push('export const ENUMS: Readonly<Record<string, readonly string[]>> = {');
  for (const [name, values] of enumTable(model)) lines.push(`  ${name}: ${JSON.stringify(values)},`);
  lines.push('};', '');
  return lines.join('\n');
}
