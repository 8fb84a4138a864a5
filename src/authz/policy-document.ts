/**
 * A bucket policy as evaluation needs it: statements with their principals, actions, resources and
 * conditions normalised to lists. Parsed once per policy text (PutBucketPolicy stores the text).
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

export interface PrincipalSet {
  /** "*" or {"AWS": "*"}: everyone, anonymous included. */
  readonly everyone: boolean;
  /** AWS principals: account ids and IAM ARNs. */
  readonly aws: readonly string[];
  readonly canonicalUsers: readonly string[];
}

export interface ConditionClause {
  /** As written: `StringEquals`, `ForAnyValue:StringLike`, `NumericLessThanIfExists`... */
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

export interface PolicyStatement {
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly principal?: PrincipalSet;
  readonly notPrincipal?: PrincipalSet;
  readonly action?: readonly string[];
  readonly notAction?: readonly string[];
  readonly resource?: readonly string[];
  readonly notResource?: readonly string[];
  readonly conditions: readonly ConditionClause[];
}

function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : String(v)));
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return undefined;
}

function principalSet(value: unknown): PrincipalSet | undefined {
  if (value === undefined) return undefined;
  if (value === '*') return { everyone: true, aws: [], canonicalUsers: [] };
  if (typeof value !== 'object' || value === null) return { everyone: false, aws: [], canonicalUsers: [] };
  const map = value as Record<string, unknown>;
  const aws = strings(map.AWS) ?? [];
  return { everyone: aws.includes('*'), aws, canonicalUsers: strings(map.CanonicalUser) ?? [] };
}

function conditionClauses(value: unknown): ConditionClause[] {
  if (typeof value !== 'object' || value === null) return [];
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value as Record<string, unknown>)) {
    if (typeof block !== 'object' || block === null) continue;
    for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
      clauses.push({ operator, key, values: strings(values) ?? [] });
    }
  }
  return clauses;
}

function statementOf(raw: unknown): PolicyStatement | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return undefined;
  const optional = <T>(name: string, v: T | undefined): Partial<Record<string, T>> => (v !== undefined ? { [name]: v } : {});
  return {
    sid: typeof s.Sid === 'string' ? s.Sid : undefined,
    effect: s.Effect,
    ...optional('principal', principalSet(s.Principal)),
    ...optional('notPrincipal', principalSet(s.NotPrincipal)),
    ...optional('action', strings(s.Action)),
    ...optional('notAction', strings(s.NotAction)),
    ...optional('resource', strings(s.Resource)),
    ...optional('notResource', strings(s.NotResource)),
    conditions: conditionClauses(s.Condition),
  };
}

/** Statements AWS would accept; anything unreadable is left out (it can neither allow nor deny). */
export function parsePolicy(text: string): PolicyStatement[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  const raw = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).Statement : undefined;
  const list = Array.isArray(raw) ? raw : raw !== undefined ? [raw] : [];
  return list.map(statementOf).filter((s): s is PolicyStatement => s !== undefined);
}

const CACHE = new Map<string, PolicyStatement[]>();
const CACHE_LIMIT = 256;

/** Parsed statements of a stored policy text, cached: the same text is evaluated on every request. */
export function policyStatements(text: string): readonly PolicyStatement[] {
  let statements = CACHE.get(text);
  if (statements === undefined) {
    statements = parsePolicy(text);
    if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
    CACHE.set(text, statements);
  }
  return statements;
}
