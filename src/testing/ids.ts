import { randomBytes } from 'node:crypto';

/**
 * A source of randomness: seeded (deterministic) or backed by `node:crypto`.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** `length` lowercase hex characters. */
  hex(length: number): string;
}

// sfc32: small, fast and good enough to spread ids and fault rolls; not for secrets in production.
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/**
 * Creates a random source; `seed` makes it deterministic, `stream` separates independent sequences
 * drawn from the same seed (so fault rolls do not shift ids).
 */
export function createRandom(seed?: number, stream = 0): Random {
  if (seed === undefined) {
    return {
      next: () => randomBytes(4).readUInt32BE(0) / 4294967296,
      hex: (length) =>
        randomBytes(Math.ceil(length / 2))
          .toString('hex')
          .slice(0, length),
    };
  }
  const next = sfc32(0x9e3779b9, seed | 0, (seed / 4294967296) | 0, stream | 0);
  // Warm up so nearby seeds diverge.
  for (let i = 0; i < 15; i++) next();
  return {
    next,
    hex: (length) => {
      let out = '';
      while (out.length < length) {
        out += Math.floor(next() * 4294967296)
          .toString(16)
          .padStart(8, '0');
      }
      return out.slice(0, length);
    },
  };
}
