import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeWebhookSignature,
  constantTimeEqualHex,
  signingKey,
} from '../../src/core/signature.js';

describe('computeWebhookSignature', () => {
  it('signs "{id}.{timestamp}.{body}" with the secret minus whsec_', () => {
    const expected = createHmac('sha256', 'abc').update('evt.1700000000.{"a":1}').digest('hex');
    expect(computeWebhookSignature('whsec_abc', 'evt', 1700000000, '{"a":1}')).toBe(expected);
    expect(computeWebhookSignature('abc', 'evt', '1700000000', '{"a":1}')).toBe(expected);
  });

  it('treats string and byte bodies alike', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer(), (secret, body, ts) => {
        const bytes = new TextEncoder().encode(body);
        expect(computeWebhookSignature(secret, 'id', ts, bytes)).toBe(
          computeWebhookSignature(secret, 'id', ts, body),
        );
      }),
    );
  });

  it('strips only a leading whsec_', () => {
    expect(signingKey('whsec_whsec_x')).toBe('whsec_x');
    expect(signingKey('key_whsec_')).toBe('key_whsec_');
  });
});

describe('constantTimeEqualHex', () => {
  it('agrees with === for any pair of strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(constantTimeEqualHex(a, b)).toBe(a === b);
      }),
    );
  });
});
