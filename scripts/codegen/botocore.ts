/**
 * The botocore service-2.json format (the subset S3's model uses) and the overrides file, read with
 * narrowing at the boundary, plus the merge of overrides into the model.
 */

export interface BotoMemberRef {
  readonly shape: string;
  readonly location?: string;
  readonly locationName?: string;
  readonly flattened?: boolean;
  readonly xmlAttribute?: boolean;
  readonly streaming?: boolean;
  readonly timestampFormat?: string;
  readonly deprecated?: boolean;
}

export interface BotoShape {
  readonly type: string;
  readonly members?: Readonly<Record<string, BotoMemberRef>>;
  readonly required?: readonly string[];
  readonly payload?: string;
  readonly member?: BotoMemberRef;
  readonly key?: BotoMemberRef;
  readonly value?: BotoMemberRef;
  readonly enum?: readonly string[];
  readonly flattened?: boolean;
  readonly locationName?: string;
  readonly timestampFormat?: string;
  readonly streaming?: boolean;
  readonly xmlNamespace?: { readonly prefix?: string; readonly uri: string };
  readonly error?: { readonly httpStatusCode?: number };
  readonly exception?: boolean;
  readonly eventstream?: boolean;
}

export interface BotoOperation {
  readonly name: string;
  readonly http: { readonly method: string; readonly requestUri: string; readonly responseCode?: number };
  readonly input?: { readonly shape: string; readonly locationName?: string };
  readonly output?: { readonly shape: string };
  readonly errors?: readonly { readonly shape: string }[];
  readonly deprecated?: boolean;
}

export interface BotoModel {
  readonly metadata: { readonly apiVersion: string; readonly protocol: string };
  readonly operations: Readonly<Record<string, BotoOperation>>;
  readonly shapes: Readonly<Record<string, BotoShape>>;
}

export interface ErrorDefault {
  readonly status: number;
  readonly message: string;
}

export interface Overrides {
  readonly xmlNamespace: string;
  readonly rootElements: Readonly<Record<string, string>>;
  readonly rootText: Readonly<Record<string, string>>;
  /** Outputs written with no namespace and unescaped quotes (PostObject's PostResponse). */
  readonly plainDocuments: Readonly<Record<string, boolean>>;
  readonly responseCodes: Readonly<Record<string, number>>;
  readonly statusWhenPresent: Readonly<Record<string, { readonly member: string; readonly status: number }>>;
  readonly addShapes: Readonly<Record<string, BotoShape>>;
  readonly addMembers: Readonly<Record<string, Readonly<Record<string, BotoMemberRef>>>>;
  /** Element order AWS writes where it differs from the model's member order. */
  readonly memberOrder: Readonly<Record<string, readonly string[]>>;
  readonly addOperations: Readonly<Record<string, BotoOperation>>;
  readonly routing: { readonly excludeDeprecated: boolean; readonly exclude: readonly string[] };
  readonly invalidInteger: Readonly<Record<string, string>>;
  /** Largest XML/JSON body per operation name, and under "default" for the rest. */
  readonly maxPayloadBytes: Readonly<Record<string, number>>;
  readonly errors: Readonly<Record<string, ErrorDefault>>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function section(root: Record<string, unknown>, name: string, file: string): Record<string, unknown> {
  const v = root[name];
  if (!isRecord(v)) throw new Error(`${file}: "${name}" must be an object`);
  const out: Record<string, unknown> = {};
  // "$comment" keys document the data; they are not entries.
  for (const [k, item] of Object.entries(v)) if (k !== '$comment') out[k] = item;
  return out;
}

/** The model file is botocore's own JSON: check the parts codegen relies on, trust the rest. */
export function parseModel(text: string): BotoModel {
  const root: unknown = JSON.parse(text);
  if (!isRecord(root) || !isRecord(root.metadata)) throw new Error('model: not a botocore service-2.json');
  if (root.metadata.protocol !== 'rest-xml') throw new Error('model: expected the rest-xml protocol');
  for (const name of ['operations', 'shapes']) section(root, name, 'model');
  return root as unknown as BotoModel;
}

export function parseOverrides(text: string): Overrides {
  const root: unknown = JSON.parse(text);
  if (!isRecord(root) || typeof root.xmlNamespace !== 'string') throw new Error('overrides.json: missing xmlNamespace');
  const file = 'overrides.json';
  const routing = section(root, 'routing', file);
  return {
    xmlNamespace: root.xmlNamespace,
    rootElements: section(root, 'rootElements', file) as Record<string, string>,
    rootText: section(root, 'rootText', file) as Record<string, string>,
    plainDocuments: section(root, 'plainDocuments', file) as Record<string, boolean>,
    responseCodes: section(root, 'responseCodes', file) as Record<string, number>,
    statusWhenPresent: section(root, 'statusWhenPresent', file) as Overrides['statusWhenPresent'],
    addShapes: section(root, 'addShapes', file) as Record<string, BotoShape>,
    addMembers: section(root, 'addMembers', file) as Overrides['addMembers'],
    memberOrder: section(root, 'memberOrder', file) as Record<string, string[]>,
    addOperations: section(root, 'addOperations', file) as Record<string, BotoOperation>,
    routing: {
      excludeDeprecated: routing.excludeDeprecated === true,
      exclude: Array.isArray(routing.exclude) ? routing.exclude.filter((x): x is string => typeof x === 'string') : [],
    },
    invalidInteger: section(root, 'invalidInteger', file) as Record<string, string>,
    maxPayloadBytes: section(root, 'maxPayloadBytes', file) as Record<string, number>,
    errors: section(root, 'errors', file) as Record<string, ErrorDefault>,
  };
}

/** The model with the overrides' shapes, members and operations added (botocore format throughout). */
export function applyOverrides(model: BotoModel, ov: Overrides): BotoModel {
  const shapes: Record<string, BotoShape> = { ...model.shapes };
  for (const [name, shape] of Object.entries(ov.addShapes)) {
    if (shapes[name] !== undefined && JSON.stringify(shapes[name]) !== JSON.stringify(shape)) {
      throw new Error(`overrides.addShapes: ${name} already exists in the model with a different definition`);
    }
    shapes[name] = shape;
  }
  for (const [name, members] of Object.entries(ov.addMembers)) {
    const shape = shapes[name];
    if (shape?.members === undefined) throw new Error(`overrides.addMembers: no structure ${name}`);
    for (const m of Object.keys(members)) {
      if (shape.members[m] !== undefined) throw new Error(`overrides.addMembers: ${name}.${m} already exists`);
    }
    shapes[name] = { ...shape, members: { ...shape.members, ...members } };
  }
  for (const [name, order] of Object.entries(ov.memberOrder)) {
    const members = shapes[name]?.members;
    if (members === undefined || order.length !== Object.keys(members).length || order.some((m) => members[m] === undefined)) {
      throw new Error(`overrides.memberOrder: ${name} must list exactly its members`);
    }
    shapes[name] = { ...shapes[name], members: Object.fromEntries(order.map((m) => [m, members[m] as BotoMemberRef])) } as BotoShape;
  }
  const operations: Record<string, BotoOperation> = { ...model.operations };
  for (const [name, op] of Object.entries(ov.addOperations)) {
    if (operations[name] !== undefined) throw new Error(`overrides.addOperations: ${name} already exists`);
    operations[name] = op;
  }
  return { metadata: model.metadata, operations, shapes };
}
