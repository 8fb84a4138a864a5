import { describe, expect, it } from 'vitest';
import { callerPrincipalId, ownerPrincipalId } from './principal-ids.ts';

describe('principal ids in records', () => {
  it('names the owner and the caller by two ids shaped as AWS\'s, neither the account id, the same every time', () => {
    const owner = ownerPrincipalId('000000000000');
    const caller = callerPrincipalId('000000000000');
    expect(owner).toMatch(/^A[A-Z2-7]{13}$/);
    expect(caller).toMatch(/^AWS:AIDA[A-Z2-7]{17}$/);
    expect(caller).not.toContain(owner);
    expect(ownerPrincipalId('000000000000')).toBe(owner);
    expect(ownerPrincipalId('123456789012')).not.toBe(owner);
    expect(callerPrincipalId('123456789012')).not.toBe(caller);
  });
});
