/**
 * Request parts -> typed operation input. Per operation the model becomes a plan once (header and
 * query lookups by wire name, header prefixes, the payload); a request walks its own headers and
 * query once and reads the body only when the payload is not a stream.
 */
import type { RequestBody } from './body.ts';
import { INVALID_INTEGER_MESSAGES } from './errors-table.ts';
import { verifyPayloadIntegrity } from './payload-integrity.ts';
import { readPayloadBytes } from './payload-limit.ts';
import { DEFAULT_MAX_PAYLOAD_BYTES, OPERATIONS, SHAPES } from './generated/model.ts';
import type { OperationInputs, OperationName } from './generated/types.ts';
import { FieldHeaders } from './field-headers.ts';
import { S3Error } from './s3-error.ts';
import { type MemberDef, kindOf, wireOf } from './shapes.ts';
import { decodeMetadataValue, metadataFromHeaderBytes, parseInteger, parseTimestamp } from './wire-values.ts';
import { readStructure } from './xml-reader.ts';
import { malformedXml, parseXmlDocument } from './xml.ts';

export interface RequestParts {
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly query: URLSearchParams;
  readonly headers: Headers;
  readonly body: RequestBody;
}

interface InputPlan {
  readonly shape: string;
  readonly labels: readonly MemberDef[];
  /** Lower-cased header name -> member. */
  readonly headers: ReadonlyMap<string, MemberDef>;
  /** `headers`-located maps (x-amz-meta-): lower-cased prefix + member. */
  readonly prefixes: readonly { readonly prefix: string; readonly member: MemberDef }[];
  readonly query: ReadonlyMap<string, MemberDef>;
  readonly requiredHeaders: readonly MemberDef[];
  readonly requiredQuery: readonly MemberDef[];
  /** The input member the body binds to (the model's payload): a stream, bytes, text or XML. */
  readonly payload?: MemberDef;
  /** The input structure itself is the XML body (SelectObjectContent). */
  readonly bodyRoot?: string;
  /** Largest non-streaming body read for this operation (MaxMessageLengthExceeded past it). */
  readonly maxPayloadBytes: number;
}

const PLANS = new Map<string, InputPlan>();

function buildPlan(op: OperationName): InputPlan {
  const def = OPERATIONS[op];
  const shape = SHAPES[def.input];
  if (shape?.kind !== 'structure') throw new Error(`model: ${def.input} is not a structure`);
  const at = (loc: MemberDef['location']): MemberDef[] => shape.members.filter((m) => m.location === loc);
  const plan: { -readonly [K in keyof InputPlan]: InputPlan[K] } = {
    shape: def.input,
    labels: at('uri'),
    headers: new Map(at('header').map((m) => [wireOf(m).toLowerCase(), m])),
    prefixes: at('headers').map((m) => ({ prefix: wireOf(m).toLowerCase(), member: m })),
    query: new Map(at('querystring').map((m) => [wireOf(m), m])),
    requiredHeaders: at('header').filter((m) => m.required === true),
    requiredQuery: at('querystring').filter((m) => m.required === true),
    maxPayloadBytes: def.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
  };
  const payload = shape.members.find((m) => m.name === shape.payload);
  if (payload !== undefined) plan.payload = payload;
  if (def.inputXmlName !== undefined) plan.bodyRoot = def.inputXmlName;
  return plan;
}

function planFor(op: OperationName): InputPlan {
  let plan = PLANS.get(op);
  if (plan === undefined) {
    plan = buildPlan(op);
    PLANS.set(op, plan);
  }
  return plan;
}

function invalidInteger(wire: string, raw: string): S3Error {
  const template = INVALID_INTEGER_MESSAGES[wire] ?? INVALID_INTEGER_MESSAGES.default ?? 'Invalid Argument';
  return new S3Error('InvalidArgument', { message: template.replace('{name}', wire), fields: { ArgumentName: wire, ArgumentValue: raw } });
}

/** A header or query string value by the member's type; undefined drops an unreadable date. */
function convert(m: MemberDef, raw: string): unknown {
  switch (kindOf(m)) {
    case 'integer':
    case 'long': {
      // An empty value means "not given" (AWS answers `part-number-marker=` like no marker).
      if (raw.trim() === '') return undefined;
      const n = parseInteger(raw);
      if (n === undefined) throw invalidInteger(wireOf(m), raw);
      return n;
    }
    case 'boolean':
      return raw.trim().toLowerCase() === 'true';
    case 'timestamp':
      // S3 ignores an unparsable If-Modified-Since rather than failing the request.
      return parseTimestamp(raw);
    case 'list':
      return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
    default:
      return raw;
  }
}

/** Each header once: the front's own Map as it is, other Headers through one native call (names lower-cased). */
function readHeaders(plan: InputPlan, headers: Headers, out: Record<string, unknown>): void {
  if (headers instanceof FieldHeaders) {
    for (const [name, raw] of headers.fields) readHeader(plan, name, raw, out);
    return;
  }
  const all = headers.toJSON();
  for (const name in all) {
    const raw = all[name];
    // Only Set-Cookie comes as a list; no input member reads it.
    if (typeof raw === 'string') readHeader(plan, name, raw, out);
  }
}

function readHeader(plan: InputPlan, name: string, raw: string, out: Record<string, unknown>): void {
  const m = plan.headers.get(name);
  if (m !== undefined) {
    const v = convert(m, raw);
    if (v !== undefined) out[m.name] = v;
    return;
  }
  for (const { prefix, member } of plan.prefixes) {
    if (!name.startsWith(prefix)) continue;
    const map = (out[member.name] ??= {}) as Record<string, string>;
    map[name.slice(prefix.length)] = decodeMetadataValue(metadataFromHeaderBytes(raw));
  }
}

function readQuery(plan: InputPlan, query: URLSearchParams, out: Record<string, unknown>): void {
  for (const [k, raw] of query) {
    const m = plan.query.get(k);
    if (m === undefined || out[m.name] !== undefined) continue;
    const v = convert(m, raw);
    if (v !== undefined) out[m.name] = v;
  }
}

/** Routing only demands these when they tell operations apart; report any still missing. */
function checkRequired(plan: InputPlan, out: Record<string, unknown>): void {
  for (const m of plan.requiredHeaders) {
    if (out[m.name] === undefined) throw new S3Error('InvalidRequest', { message: `Missing required header for this request: ${wireOf(m)}` });
  }
  for (const m of plan.requiredQuery) {
    if (out[m.name] === undefined) {
      throw new S3Error('InvalidArgument', { message: `Missing required parameter: ${wireOf(m)}`, fields: { ArgumentName: wireOf(m) } });
    }
  }
}

const UTF8_DECODER = new TextDecoder();

/**
 * A non-streaming payload, read whole and checked against its integrity headers. (AWS no longer
 * requires Content-MD5 on DeleteObjects and the like, but verifies it when sent.)
 */
async function bodyText(plan: InputPlan, body: RequestBody, headers: Headers): Promise<string> {
  const bytes = await readPayloadBytes(body, plan.maxPayloadBytes);
  // A checksum header the operation models as an input member describes something else (the
  // whole object's checksum on CompleteMultipartUpload), not these bytes.
  await verifyPayloadIntegrity(headers, bytes, (name) => plan.headers.has(name));
  return UTF8_DECODER.decode(bytes);
}

/** A payload member read from the body: bytes, text, or an XML document read by the model. */
async function readPayload(plan: InputPlan, m: MemberDef, body: RequestBody, headers: Headers): Promise<unknown> {
  const kind = kindOf(m);
  if (kind === 'blob') return readPayloadBytes(body, plan.maxPayloadBytes);
  const text = await bodyText(plan, body, headers);
  if (kind !== 'structure') return text;
  if (text.trim() === '') {
    if (m.required === true) throw malformedXml();
    return undefined;
  }
  const doc = await parseXmlDocument(text);
  if (doc.name !== wireOf(m)) throw malformedXml();
  return readStructure(m.shape ?? '', doc.node);
}

async function readBodyRoot(plan: InputPlan, root: string, body: RequestBody, headers: Headers, out: Record<string, unknown>): Promise<void> {
  const text = await bodyText(plan, body, headers);
  if (text.trim() === '') return;
  const doc = await parseXmlDocument(text);
  if (doc.name !== root) throw malformedXml();
  Object.assign(out, readStructure(plan.shape, doc.node));
}

/**
 * Synchronous when nothing has to be read from the body (every operation without a payload, and
 * those whose payload is the stream itself, as PutObject's): no promise on their path.
 */
export function deserializeInput<K extends OperationName>(op: K, req: RequestParts): OperationInputs[K] | Promise<OperationInputs[K]> {
  const plan = planFor(op);
  const out: Record<string, unknown> = {};
  for (const m of plan.labels) {
    const v = m.name === 'Key' ? req.key : req.bucket;
    if (v !== undefined) out[m.name] = v;
  }
  readHeaders(plan, req.headers, out);
  readQuery(plan, req.query, out);
  checkRequired(plan, out);
  const payload = plan.payload;
  if (payload !== undefined && payload.streaming === true) out[payload.name] = req.body;
  else if (payload !== undefined || plan.bodyRoot !== undefined) return withBody(plan, req, out);
  // The plan comes from the same model as OperationInputs: the object has the generated shape.
  return out as unknown as OperationInputs[K];
}

async function withBody<K extends OperationName>(plan: InputPlan, req: RequestParts, out: Record<string, unknown>): Promise<OperationInputs[K]> {
  if (plan.payload !== undefined) {
    const v = await readPayload(plan, plan.payload, req.body, req.headers);
    if (v !== undefined) out[plan.payload.name] = v;
  } else if (plan.bodyRoot !== undefined) {
    await readBodyRoot(plan, plan.bodyRoot, req.body, req.headers, out);
  }
  return out as unknown as OperationInputs[K];
}
