import { describe, expect, it } from 'vitest';
import { FieldHeaders } from './field-headers.ts';
import { WireResponse } from './response-body.ts';

describe('FieldHeaders', () => {
  it('answers get/has in any case and keeps insertion order for the writer', () => {
    const h = FieldHeaders.fromRecord({ 'x-amz-request-id': 'R', ETag: '"e"', 'Content-Type': 'text/xml' });
    expect(h.get('etag')).toBe('"e"');
    expect(h.get('ETAG')).toBe('"e"');
    expect(h.has('content-type')).toBe(true);
    expect([...h.fields.keys()]).toEqual(['x-amz-request-id', 'etag', 'content-type']);
  });

  it('keeps a value ending in a tab, as AWS echoes stored metadata', () => {
    const h = FieldHeaders.fromRecord({ 'x-amz-meta-a': 'value\t' });
    expect(h.get('x-amz-meta-a')).toBe('value\t');
  });

  it('refuses what would split a response, as Headers does', () => {
    expect(() => FieldHeaders.fromRecord({ 'x-amz-meta-a': 'a\r\nSet-Cookie: x' })).toThrow(TypeError);
    expect(() => new FieldHeaders().set('bad name', 'v')).toThrow(TypeError);
  });

  it('appends with a comma and iterates as a sorted Headers', () => {
    const h = new FieldHeaders();
    h.set('Vary', 'Origin');
    h.append('vary', 'Access-Control-Request-Method');
    h.set('Allow', 'GET');
    expect(h.get('vary')).toBe('Origin, Access-Control-Request-Method');
    expect([...h]).toEqual([['allow', 'GET'], ['vary', 'Origin, Access-Control-Request-Method']]);
  });
});

describe('WireResponse', () => {
  it('reads as a Response: status, headers, body, clone', async () => {
    const res = new WireResponse('<x/>', { status: 201, headers: { 'Content-Type': 'application/xml' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/xml');
    const copy = res.clone();
    expect(copy.headers.get('content-type')).toBe('application/xml');
    expect(await copy.text()).toBe('<x/>');
    expect(await res.text()).toBe('<x/>');
  });
});
