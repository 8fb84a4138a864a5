/**
 * The shape of the runtime tables in generated/model.ts and generated/routes.ts. Codegen resolves
 * botocore's indirections (member traits over shape traits, scalar shapes, element names) so the
 * interpreters never walk the model per request.
 */

export type ScalarKind = 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob';
export type ShapeKind = ScalarKind | 'structure' | 'list' | 'map';
export type MemberLocation = 'uri' | 'header' | 'headers' | 'querystring' | 'statusCode';
export type TimestampFormat = 'iso8601' | 'rfc822' | 'unixTimestamp';

export interface MemberDef {
  /** Member name, verbatim (the property on the typed input/output). */
  readonly name: string;
  /** Absent for plain strings, the commonest kind (keeps the table small). */
  readonly kind?: ShapeKind;
  /** Target shape for structure/list/map members (a key of SHAPES). */
  readonly shape?: string;
  readonly location?: MemberLocation;
  /** Wire name (header, query key, label, header prefix, XML element/attribute); absent = name. */
  readonly wire?: string;
  readonly required?: true;
  readonly flattened?: true;
  readonly xmlAttribute?: true;
  readonly streaming?: true;
  /** Only where the model overrides the location's default (headers rfc822, elsewhere iso8601). */
  readonly timestampFormat?: TimestampFormat;
}

export interface StructureDef {
  readonly kind: 'structure';
  readonly members: readonly MemberDef[];
  /** Name of the member that is the whole HTTP body. */
  readonly payload?: string;
  /** Root element when this structure is an output document (overrides rootElements). */
  readonly xmlName?: string;
  /** Member written as the root's text content (GetBucketLocation). */
  readonly rootText?: string;
  /** Namespace declared on this element, e.g. Grantee's xmlns:xsi. */
  readonly xmlNamespace?: { readonly prefix?: string; readonly uri: string };
  /** As an output document: no xmlns on the root, quotes unescaped in text (PostObject's 201). */
  readonly plainXml?: true;
}

export interface ListDef {
  readonly kind: 'list';
  /** The item; its wire is the element name of items in a wrapped list ('member' by default). */
  readonly member: MemberDef;
}

export interface MapDef {
  readonly kind: 'map';
  readonly key: MemberDef;
  readonly value: MemberDef;
}

export type ShapeDef = StructureDef | ListDef | MapDef;

export function kindOf(m: MemberDef): ShapeKind {
  return m.kind ?? 'string';
}

export function wireOf(m: MemberDef): string {
  return m.wire ?? m.name;
}

export interface OperationDef {
  readonly method: string;
  readonly requestUri: string;
  readonly input: string;
  readonly output?: string;
  /** Success status (model responseCode, overrides.responseCodes, else 200). */
  readonly status: number;
  /** A member whose presence switches the status (ranged GetObject -> 206). */
  readonly statusWhenPresent?: { readonly member: string; readonly status: number };
  /** The input structure itself is the XML body, under this root (SelectObjectContent). */
  readonly inputXmlName?: string;
  /** Largest XML/JSON body S3 reads for this operation (overrides.maxPayloadBytes). */
  readonly maxPayloadBytes?: number;
}

export type RouteTarget = 'service' | 'bucket' | 'object';

export interface RouteDef {
  readonly operation: string;
  readonly method: string;
  readonly target: RouteTarget;
  /** Query keys that must be present; a second element pins the value (list-type=2). */
  readonly query: readonly (readonly [string] | readonly [string, string])[];
  /** Lower-cased header names that must be present (x-amz-copy-source). */
  readonly headers: readonly string[];
  /** Higher is tried first: static query keys 100, required query members 10, required headers 1. */
  readonly score: number;
}
