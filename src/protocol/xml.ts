/**
 * XML text helpers: escaping for the hand-built response documents, and request parsing with
 * fast-xml-parser (values kept as exact strings: keys may start or end with spaces).
 */
import type { XMLParser, XMLValidator } from 'fast-xml-parser';
import { S3Error } from './s3-error.ts';

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Attribute-name prefix in parsed nodes: `<Grantee xsi:type="...">` -> node['@_xsi:type']. */
export const ATTRIBUTE_PREFIX = '@_';
/** Text of an element that also has attributes or children. */
export const TEXT_KEY = '#text';

const NEEDS_ESCAPE = /[&<>"'\x00-\x08\x0b-\x1f]/;

function entityOf(code: number): string | undefined {
  switch (code) {
    case 38: return '&amp;';
    case 60: return '&lt;';
    case 62: return '&gt;';
    case 34: return '&quot;';
    case 39: return '&apos;';
    case 13: return '&#13;';
    case 9: case 10: return undefined;
    // S3 writes the C0 controls XML 1.0 forbids as references (<Key>a&#x19;&#x7;</Key>), which strict
    // parsers refuse: clients list such keys with encoding-type=url (minio/minio-py#716, aws/aws-sdk-go#5043).
    default: return code < 0x20 ? `&#x${code.toString(16)};` : undefined;
  }
}

/**
 * Text and attribute escaping as S3 does it: ETags come out as &quot;...&quot;, CR as &#13;, other
 * C0 controls but tab and LF as hex references.
 * A char-code scan rather than replace() with a callback: every ETag of a listing goes through here.
 */
export function escapeXml(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const entity = entityOf(s.charCodeAt(i));
    if (entity === undefined) continue;
    out += s.slice(from, i) + entity;
    from = i + 1;
  }
  return out + s.slice(from);
}

interface Xml {
  readonly parser: XMLParser;
  readonly validator: typeof XMLValidator;
}

/**
 * fast-xml-parser is loaded with the first XML request body, not at start: evaluating it costs ~3 MiB
 * of resident memory, and most traffic (object reads and writes) never parses XML.
 */
let xml: Promise<Xml> | undefined;

function loadXml(): Promise<Xml> {
  xml ??= import('fast-xml-parser').then(({ XMLParser: Parser, XMLValidator: validator }) => ({
    validator,
    parser: new Parser({
      ignoreAttributes: false,
      attributeNamePrefix: ATTRIBUTE_PREFIX,
      textNodeName: TEXT_KEY,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
      ignoreDeclaration: true,
      ignorePiTags: true,
      processEntities: true,
      // Also decodes numeric character references (&#13; in keys); a literal &amp;#13; stays text.
      htmlEntities: true,
    }),
  }));
  return xml;
}

/**
 * A C0 control XML 1.0 forbids, raw or as a character reference: not well-formed, so S3 answers
 * MalformedXML (a DeleteObjects naming <Key>&#x1;</Key>, recorded in basho/riak_cs#974).
 */
const FORBIDDEN_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f]|&#(?:x0*(?:[0-8bcef]|1[0-9a-f])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));/i;

export function malformedXml(): S3Error {
  return new S3Error('MalformedXML');
}

/**
 * The document's single root element: its name and parsed content ('' for an empty element).
 * Anything that is not one well-formed element (or declares a DTD) is MalformedXML.
 */
export async function parseXmlDocument(text: string): Promise<{ readonly name: string; readonly node: unknown }> {
  const { parser, validator } = await loadXml();
  if (text.includes('<!DOCTYPE') || FORBIDDEN_CHAR.test(text) || validator.validate(text) !== true) throw malformedXml();
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch {
    throw malformedXml();
  }
  if (parsed === null || typeof parsed !== 'object') throw malformedXml();
  const roots = Object.entries(parsed).filter(([k]) => k !== TEXT_KEY && !k.startsWith('?'));
  const root = roots[0];
  if (roots.length !== 1 || root === undefined || Array.isArray(root[1])) throw malformedXml();
  return { name: root[0], node: root[1] };
}
