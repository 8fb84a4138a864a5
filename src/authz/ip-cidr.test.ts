import { describe, expect, it } from 'vitest';
import { cidrPrefix, ipInCidr } from './ip-cidr.ts';

describe('ipInCidr', () => {
  it('matches IPv4 addresses inside a block and not outside', () => {
    expect([ipInCidr('192.0.2.7', '192.0.2.0/24'), ipInCidr('192.0.3.7', '192.0.2.0/24')]).toEqual([true, false]);
  });

  it('treats a bare address as a /32', () => {
    expect([ipInCidr('10.1.2.3', '10.1.2.3'), ipInCidr('10.1.2.4', '10.1.2.3')]).toEqual([true, false]);
  });

  it('matches IPv6 blocks with :: shorthand', () => {
    expect([ipInCidr('2001:db8::1', '2001:db8::/32'), ipInCidr('2001:db9::1', '2001:db8::/32')]).toEqual([true, false]);
  });

  it('never matches an IPv4 address against an IPv6 block, or garbage', () => {
    expect([ipInCidr('10.0.0.1', '::/0'), ipInCidr('nope', '0.0.0.0/0')]).toEqual([false, false]);
  });

  it('reads prefix lengths', () => {
    expect([cidrPrefix('0.0.0.0/0'), cidrPrefix('10.0.0.1'), cidrPrefix('x')]).toEqual([0, 32, undefined]);
  });
});
