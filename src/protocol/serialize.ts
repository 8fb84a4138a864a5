/**
 * Typed operation output -> Response, and S3Error -> S3's XML error Response. Per operation the
 * model is turned once into a plan (header members, status, payload or XML document); a request
 * only runs the plan.
 */
import { OPERATIONS, SHAPES, XML_NAMESPACE } from './generated/model.ts';
import type { OperationName, OperationOutputs } from './generated/types.ts';
import { bodyResponse, type ResponseSource } from './response-body.ts';
import type { S3Error } from './s3-error.ts';
import { type MemberDef, type StructureDef, kindOf, wireOf } from './shapes.ts';
import { encodeMetadataValue, formatHttpDate, formatIsoDate, isHeaderName, toHeaderValue } from './wire-values.ts';
import { scalarText, structureWriter, writeStructureElement } from './xml-writer.ts';
import { XML_DECLARATION, escapeXml } from './xml.ts';

interface OutputPlan {
  readonly status: number;
  readonly statusWhenPresent?: { readonly member: string; readonly status: number };
  readonly statusMember?: string;
  /** Header-located members by member name (`header` and `headers`): a response only visits what it set. */
  readonly headers: ReadonlyMap<string, MemberDef>;
  readonly payload?: MemberDef;
  /** The output shape has XML body members: the document's shape and root element. */
  readonly document?: { readonly shape: string; readonly root: string; readonly rootText?: MemberDef; readonly plain?: true };
}

export interface SerializeErrorOptions {
  /** HEAD responses carry the status and headers only. */
  readonly head?: boolean;
  readonly hostId?: string;
}

const PLANS = new Map<string, OutputPlan>();
const UTF8 = new TextEncoder();
const XML_CONTENT_TYPE = 'application/xml';
/** Statuses that never carry a body (fetch's Response rejects one for 204/304). */
const NO_BODY = (status: number): boolean => status === 204 || status === 304 || (status >= 300 && status < 400);

function buildPlan(op: OperationName): OutputPlan {
  const def = OPERATIONS[op];
  const shapeName = def.output;
  const shape = shapeName === undefined ? undefined : SHAPES[shapeName];
  if (shapeName === undefined || shape?.kind !== 'structure') return { status: def.status, headers: new Map() };
  const plan: { -readonly [K in keyof OutputPlan]: OutputPlan[K] } = {
    status: def.status,
    headers: new Map(shape.members.filter((m) => m.location === 'header' || m.location === 'headers').map((m) => [m.name, m])),
  };
  if (def.statusWhenPresent !== undefined) plan.statusWhenPresent = def.statusWhenPresent;
  const statusMember = shape.members.find((m) => m.location === 'statusCode');
  if (statusMember !== undefined) plan.statusMember = statusMember.name;
  const payload = shape.members.find((m) => m.name === shape.payload);
  if (payload !== undefined) plan.payload = payload;
  else if (shape.members.some((m) => m.location === undefined)) plan.document = documentOf(shapeName, shape);
  return plan;
}

function documentOf(shapeName: string, shape: StructureDef): NonNullable<OutputPlan['document']> {
  const rootText = shape.members.find((m) => m.name === shape.rootText);
  const root = shape.xmlName ?? shapeName;
  return {
    shape: shapeName, root,
    ...(rootText !== undefined ? { rootText } : {}),
    ...(shape.plainXml === true ? { plain: true } : {}),
  };
}

function planFor(op: OperationName): OutputPlan {
  let plan = PLANS.get(op);
  if (plan === undefined) {
    plan = buildPlan(op);
    PLANS.set(op, plan);
  }
  return plan;
}

function headerValue(m: MemberDef, v: unknown): string {
  switch (kindOf(m)) {
    case 'timestamp':
      if (!(v instanceof Date)) return String(v);
      return m.timestampFormat === 'iso8601' ? formatIsoDate(v) : formatHttpDate(v);
    case 'boolean':
      return v === true || v === 'true' ? 'true' : 'false';
    case 'list':
      return Array.isArray(v) ? v.map(String).join(', ') : String(v);
    default:
      return String(v);
  }
}

type HeaderRecord = Record<string, string>;

function writeHeaders(plan: OutputPlan, out: Record<string, unknown>, headers: HeaderRecord): void {
  for (const name in out) {
    const m = plan.headers.get(name);
    const v = out[name];
    if (m === undefined || v === undefined || v === null) continue;
    if (m.location === 'header') {
      headers[wireOf(m)] = toHeaderValue(headerValue(m, v));
      continue;
    }
    if (typeof v !== 'object') continue;
    for (const [k, x] of Object.entries(v)) {
      // A form field may name metadata no header can carry (`x-amz-meta-a b`): it is not sent.
      if (typeof x === 'string' && isHeaderName(k)) headers[`${wireOf(m)}${k}`] = toHeaderValue(encodeMetadataValue(x));
    }
  }
}

function statusOf(plan: OutputPlan, out: Record<string, unknown>): number {
  const explicit = plan.statusMember === undefined ? undefined : out[plan.statusMember];
  if (typeof explicit === 'number') return explicit;
  const when = plan.statusWhenPresent;
  return when !== undefined && out[when.member] !== undefined ? when.status : plan.status;
}

function payloadBody(m: MemberDef, v: unknown, headers: HeaderRecord): ResponseSource {
  if (v === undefined || v === null) return null;
  const kind = kindOf(m);
  if (kind === 'structure' && m.shape !== undefined && typeof v === 'object') {
    headers['Content-Type'] = XML_CONTENT_TYPE;
    return XML_DECLARATION + writeStructureElement(m.shape, wireOf(m), v as Record<string, unknown>, XML_NAMESPACE);
  }
  if (typeof v === 'string') return UTF8.encode(v);
  if (v instanceof ReadableStream) return v as ReadableStream<Uint8Array>;
  if (v instanceof Blob || v instanceof Uint8Array) return v;
  return UTF8.encode(String(v));
}

function documentBody(doc: NonNullable<OutputPlan['document']>, out: Record<string, unknown>, headers: HeaderRecord): string {
  headers['Content-Type'] = XML_CONTENT_TYPE;
  const open = `${XML_DECLARATION}<${doc.root} xmlns="${XML_NAMESPACE}"`;
  if (doc.rootText !== undefined) {
    const v = out[doc.rootText.name];
    return v === undefined || v === null || v === '' ? `${open}/>` : `${open}>${scalarText(doc.rootText, v)}</${doc.root}>`;
  }
  const w = structureWriter(doc.shape);
  if (doc.plain === true) {
    // PostResponse holds text elements only: every &quot; in it is a quote in a value.
    return `${XML_DECLARATION}<${doc.root}>${w.children(out).replaceAll('&quot;', '"')}</${doc.root}>`;
  }
  return `${open}${w.attributes(out)}>${w.children(out)}</${doc.root}>`;
}

/** A stable x-amz-id-2 for a request id when the caller has none of its own. */
export function hostIdFor(requestId: string): string {
  return btoa(`${requestId}${requestId}${requestId}`);
}

/** Every S3 response names the request and the server (AWS answers `Server: AmazonS3`). */
function requestHeaders(requestId: string, hostId: string | undefined): HeaderRecord {
  return { 'x-amz-request-id': requestId, 'x-amz-id-2': hostId ?? hostIdFor(requestId), Server: 'AmazonS3' };
}

/**
 * An operation whose status the request chooses (PostObject's success_action_status) answers with
 * an empty body when the output has nothing for its document.
 */
function emptyChosenStatus(plan: OutputPlan, out: Record<string, unknown>): boolean {
  if (plan.statusMember === undefined || plan.document === undefined) return false;
  const shape = SHAPES[plan.document.shape];
  return shape?.kind === 'structure' && shape.members.every((m) => m.location !== undefined || out[m.name] === undefined);
}

export function serializeOutput<K extends OperationName>(op: K, output: OperationOutputs[K], requestId: string, hostId?: string): Response {
  const plan = planFor(op);
  const out = output as Record<string, unknown>;
  const headers = requestHeaders(requestId, hostId);
  writeHeaders(plan, out, headers);
  const status = statusOf(plan, out);
  let body: ResponseSource = null;
  if (!NO_BODY(status)) {
    if (plan.payload !== undefined) body = payloadBody(plan.payload, out[plan.payload.name], headers);
    else if (plan.document !== undefined && !emptyChosenStatus(plan, out)) body = documentBody(plan.document, out, headers);
  }
  return bodyResponse(body, { status, headers });
}

/**
 * `<Error><Code/><Message/>{fields}<RequestId/><HostId/></Error>`. HEAD and 304 get no body; a HEAD
 * error still says Content-Type application/xml, as AWS does. AWS sends an empty Message element
 * for some InvalidArgument errors (a bad canned ACL).
 */
export function serializeError(err: S3Error, requestId: string, opts: SerializeErrorOptions = {}): Response {
  const headers = requestHeaders(requestId, opts.hostId);
  for (const [k, v] of Object.entries(err.headers)) headers[k] = toHeaderValue(v);
  if (NO_BODY(err.status)) return new Response(null, { status: err.status, headers });
  if (opts.head === true) {
    headers['Content-Type'] = XML_CONTENT_TYPE;
    return new Response(null, { status: err.status, headers });
  }
  let fields = '';
  for (const [k, v] of Object.entries(err.fields)) {
    if (v !== undefined) fields += `<${k}>${escapeXml(String(v))}</${k}>`;
  }
  headers['Content-Type'] = XML_CONTENT_TYPE;
  const xml = `${XML_DECLARATION}<Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message>${fields}`
    + `<RequestId>${requestId}</RequestId><HostId>${headers['x-amz-id-2'] ?? ''}</HostId></Error>`;
  return bodyResponse(xml, { status: err.status, headers });
}
