/** Resolves botocore's member references into the flat MemberDef the runtime tables carry. */
import type { MemberDef, MemberLocation, ShapeKind, TimestampFormat } from '../../src/protocol/shapes.ts';
import type { BotoMemberRef, BotoModel, BotoShape } from './botocore.ts';

const KINDS: Readonly<Record<string, ShapeKind>> = {
  string: 'string', integer: 'integer', long: 'long', boolean: 'boolean', timestamp: 'timestamp',
  blob: 'blob', structure: 'structure', list: 'list', map: 'map',
};
const LOCATIONS = new Set<string>(['uri', 'header', 'headers', 'querystring', 'statusCode']);
const TIMESTAMP_FORMATS = new Set<string>(['iso8601', 'rfc822', 'unixTimestamp']);

export function shapeOf(model: BotoModel, name: string): BotoShape {
  const shape = model.shapes[name];
  if (shape === undefined) throw new Error(`model: unknown shape ${name}`);
  return shape;
}

export function kindOf(shape: BotoShape, name: string): ShapeKind {
  const kind = KINDS[shape.type];
  if (kind === undefined) throw new Error(`model: shape ${name} has unsupported type ${shape.type}`);
  return kind;
}

export interface ResolveOptions {
  readonly required?: boolean;
  /** The member is its structure's payload: its element name defaults to the target shape's name. */
  readonly payload?: boolean;
}

/** botocore overlays member traits on the target shape's; element names fall back to the member name. */
export function resolveMember(model: BotoModel, name: string, ref: BotoMemberRef, opts: ResolveOptions = {}): MemberDef {
  const target = shapeOf(model, ref.shape);
  const kind = kindOf(target, ref.shape);
  const location = ref.location;
  if (location !== undefined && !LOCATIONS.has(location)) throw new Error(`model: member ${name} has location ${location}`);
  const fallback = opts.payload === true ? ref.shape : name;
  const wire = location === 'statusCode' ? name : (ref.locationName ?? (location === undefined ? target.locationName : undefined) ?? fallback);
  const def: { -readonly [K in keyof MemberDef]: MemberDef[K] } = { name };
  if (kind !== 'string') def.kind = kind;
  if (wire !== name) def.wire = wire;
  if (kind === 'structure' || kind === 'list' || kind === 'map') def.shape = ref.shape;
  if (location !== undefined) def.location = location as MemberLocation;
  if (opts.required === true) def.required = true;
  if ((ref.flattened ?? target.flattened) === true) def.flattened = true;
  if (ref.xmlAttribute === true) def.xmlAttribute = true;
  if ((ref.streaming ?? target.streaming) === true) def.streaming = true;
  const tf = ref.timestampFormat ?? target.timestampFormat;
  if (tf !== undefined) {
    if (!TIMESTAMP_FORMATS.has(tf)) throw new Error(`model: ${name} has timestampFormat ${tf}`);
    def.timestampFormat = tf as TimestampFormat;
  }
  return def;
}

/** List items and map entries: element name from the item's locationName, else 'member' (wrapped lists). */
export function resolveItem(model: BotoModel, ref: BotoMemberRef, fallback: string): MemberDef {
  const target = shapeOf(model, ref.shape);
  return resolveMember(model, 'member', { ...ref, locationName: ref.locationName ?? target.locationName ?? fallback });
}

/** Every structure, list and map reachable from the operations' inputs and outputs, sorted. */
export function reachableShapes(model: BotoModel): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    const shape = shapeOf(model, name);
    if (seen.has(name) || !['structure', 'list', 'map'].includes(shape.type)) return;
    seen.add(name);
    for (const ref of Object.values(shape.members ?? {})) visit(ref.shape);
    for (const ref of [shape.member, shape.key, shape.value]) if (ref !== undefined) visit(ref.shape);
  };
  for (const op of Object.values(model.operations)) {
    if (op.input !== undefined) visit(op.input.shape);
    if (op.output !== undefined) visit(op.output.shape);
  }
  return [...seen].sort();
}
