/** generated/types.ts: an interface per structure, enums as string-literal unions, operation maps. */
import type { BotoMemberRef, BotoModel } from './botocore.ts';
import { shapeOf } from './resolve.ts';

const SCALAR_TYPES: Readonly<Record<string, string>> = {
  integer: 'number', long: 'number', boolean: 'boolean', timestamp: 'Date',
};

/** Which structures are operation inputs: their streaming blobs are RequestBody, elsewhere ResponseBody. */
function inputShapes(model: BotoModel): Set<string> {
  return new Set(Object.values(model.operations).flatMap((op) => (op.input ? [op.input.shape] : [])));
}

function typeOf(model: BotoModel, ref: BotoMemberRef, inInput: boolean): string {
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case 'string':
      return shape.enum !== undefined ? ref.shape : 'string';
    case 'blob':
      if ((ref.streaming ?? shape.streaming) === true) return inInput ? 'RequestBody' : 'ResponseBody';
      return 'Uint8Array';
    case 'list': {
      if (shape.member === undefined) throw new Error(`model: list ${ref.shape} without member`);
      const item = typeOf(model, shape.member, inInput);
      return /^\w+$/.test(item) ? `${item}[]` : `(${item})[]`;
    }
    case 'map':
      if (shape.key === undefined || shape.value === undefined) throw new Error(`model: map ${ref.shape} incomplete`);
      return `Record<${typeOf(model, shape.key, inInput)}, ${typeOf(model, shape.value, inInput)}>`;
    case 'structure':
      return ref.shape;
    default: {
      const t = SCALAR_TYPES[shape.type];
      if (t === undefined) throw new Error(`model: ${ref.shape} has unsupported type ${shape.type}`);
      return t;
    }
  }
}

function emitStructure(model: BotoModel, name: string, inputs: Set<string>): string[] {
  const shape = shapeOf(model, name);
  const required = new Set(shape.required ?? []);
  const members = Object.entries(shape.members ?? {});
  if (members.length === 0) return [`export type ${name} = Record<string, never>;`];
  const lines = [`export interface ${name} {`];
  for (const [m, ref] of members) {
    lines.push(`  ${m}${required.has(m) ? '' : '?'}: ${typeOf(model, ref, inputs.has(name))};`);
  }
  lines.push('}');
  return lines;
}

export function emitTypes(model: BotoModel, header: string): string {
  const inputs = inputShapes(model);
  const names = Object.keys(model.shapes).sort();
  const lines = [header, "import type { RequestBody } from '../body.ts';", '',
    '/** An output streaming body: the serializer sends it as is. */',
    '/** A Blob (file slice or memory) keeps Content-Length on the wire; Bun sends streams chunked. */',
    'export type ResponseBody = ReadableStream<Uint8Array> | Blob | Uint8Array | string;', ''];
  for (const name of names) {
    const shape = shapeOf(model, name);
    if (shape.type === 'string' && shape.enum !== undefined) {
      lines.push(`export type ${name} = ${shape.enum.map((v) => JSON.stringify(v)).join(' | ')};`);
    }
  }
  lines.push('');
  for (const name of names) {
    if (shapeOf(model, name).type === 'structure') lines.push(...emitStructure(model, name, inputs), '');
  }
  const ops = Object.keys(model.operations).sort();
  lines.push('export type OperationName =', ...ops.map((op, i) => `  | ${JSON.stringify(op)}${i === ops.length - 1 ? ';' : ''}`), '');
  lines.push('export interface OperationInputs {');
  for (const op of ops) lines.push(`  ${op}: ${model.operations[op]?.input?.shape ?? 'Record<string, never>'};`);
  lines.push('}', '', 'export interface OperationOutputs {');
  for (const op of ops) lines.push(`  ${op}: ${model.operations[op]?.output?.shape ?? 'Record<string, never>'};`);
  lines.push('}', '');
  return lines.join('\n');
}
