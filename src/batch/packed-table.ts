// Compact per-job indexes for a long batch: a 100,000-job run would otherwise hold every job's key
// (a string of 32 hex characters, about 48 bytes) in a Map, and a Map entry besides, twice (the
// duplicate check and the journal's index). Keys here are a few 32-bit words in typed arrays.

/** The murmur3 finalizer: spreads the bits of a 32-bit word. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Where a key's probe sequence starts: all its words mixed, so keys alike in one word spread. */
function spreadWords(words: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < words.length; i += 1) h = mix(h ^ (words[i] as number));
  return h;
}

/** The largest value a {@link PackedTable} holds. */
export const MAX_PACKED = 0xffff_fffe;

/**
 * An open-addressing table (linear probing) from keys of `width` 32-bit words to whole numbers
 * from 0 to {@link MAX_PACKED}, kept in two typed arrays: `4 × (width + 1)` bytes a slot, at most
 * 80 % of the slots used. A table may hold one key several times ({@link PackedTable.insert}
 * does not look): callers that store hashes of keys keep distinct keys with one hash apart this
 * way.
 *
 * @internal
 */
export class PackedTable {
  readonly #width: number;
  readonly #spread: (words: ArrayLike<number>) => number;
  #mask: number;
  #words: Uint32Array;
  /** Each slot's value + 1; 0 is an empty slot. */
  #values: Uint32Array;
  #size = 0;

  /** `spread` picks where a key's probes start (tests force collisions with a constant). */
  constructor(width: number, spread = spreadWords, capacity = 1024) {
    this.#width = width;
    this.#spread = spread;
    this.#mask = capacity - 1;
    this.#words = new Uint32Array(capacity * width);
    this.#values = new Uint32Array(capacity);
  }

  /** Entries held. */
  get size(): number {
    return this.#size;
  }

  /** The values stored under `words`, in the order they were inserted. */
  find(words: ArrayLike<number>): number[] {
    const found: number[] = [];
    for (let slot = this.#first(words); this.#values[slot] !== 0; slot = this.#next(slot)) {
      if (this.#holds(slot, words)) found.push((this.#values[slot] as number) - 1);
    }
    return found;
  }

  /** Stores `value` under `words`, beside any value already there. */
  insert(words: ArrayLike<number>, value: number): void {
    if ((this.#size + 1) * 5 > (this.#mask + 1) * 4) this.#grow();
    let slot = this.#first(words);
    while (this.#values[slot] !== 0) slot = this.#next(slot);
    this.#words.set(words, slot * this.#width);
    this.#values[slot] = value + 1;
    this.#size += 1;
  }

  /** Replaces `old`, stored under `words`, by `value`; false when `old` is not there. */
  replace(words: ArrayLike<number>, old: number, value: number): boolean {
    for (let slot = this.#first(words); this.#values[slot] !== 0; slot = this.#next(slot)) {
      if (this.#values[slot] === old + 1 && this.#holds(slot, words)) {
        this.#values[slot] = value + 1;
        return true;
      }
    }
    return false;
  }

  /** Every value held (a copy), in no particular order. */
  values(): number[] {
    const out: number[] = [];
    for (const value of this.#values) if (value !== 0) out.push(value - 1);
    return out;
  }

  #first(words: ArrayLike<number>): number {
    return this.#spread(words) & this.#mask;
  }

  #next(slot: number): number {
    return (slot + 1) & this.#mask;
  }

  #holds(slot: number, words: ArrayLike<number>): boolean {
    const at = slot * this.#width;
    for (let i = 0; i < this.#width; i += 1) {
      if (this.#words[at + i] !== words[i]) return false;
    }
    return true;
  }

  #grow(): void {
    const words = this.#words;
    const values = this.#values;
    const width = this.#width;
    this.#mask = this.#mask * 2 + 1;
    this.#words = new Uint32Array((this.#mask + 1) * width);
    this.#values = new Uint32Array(this.#mask + 1);
    this.#size = 0;
    for (let slot = 0; slot < values.length; slot += 1) {
      const value = values[slot] as number;
      if (value !== 0) this.insert(words.subarray(slot * width, (slot + 1) * width), value - 1);
    }
  }
}

const HEX_KEY = /^[0-9a-f]{32}$/;

/**
 * An exact map from job keys to numbers (a job's position, a line number). A key of 32 lowercase
 * hex characters — what `jobKey` makes — is kept as its 128 bits (16 bytes, no string); any
 * other key (or a number above {@link MAX_PACKED}) as itself in a Map. Nothing is hashed away, so
 * two keys never pass for one.
 *
 * @internal
 */
export class KeyIndex {
  readonly #hex: PackedTable;
  readonly #other = new Map<string, number>();

  /** `spread`: see {@link PackedTable}. */
  constructor(spread?: (words: ArrayLike<number>) => number) {
    this.#hex = new PackedTable(4, spread);
  }

  /** The number stored for `key`. */
  get(key: string): number | undefined {
    const words = hexWords(key);
    return (words === undefined ? undefined : this.#hex.find(words)[0]) ?? this.#other.get(key);
  }

  /** Stores `value` (a whole number ≥ 0) for a `key` not stored yet. */
  add(key: string, value: number): void {
    const words = hexWords(key);
    if (words !== undefined && value <= MAX_PACKED) this.#hex.insert(words, value);
    else this.#other.set(key, value);
  }
}

/** The 128 bits of a key of 32 lowercase hex characters, as four words. */
function hexWords(key: string): number[] | undefined {
  if (!HEX_KEY.test(key)) return undefined;
  const words: number[] = [];
  for (let i = 0; i < 32; i += 8) words.push(Number.parseInt(key.slice(i, i + 8), 16));
  return words;
}

/**
 * A 32-bit hash of a string (FNV-1a of its UTF-16 units, mixed). Not unique: whoever stores keys
 * by it confirms a match another way.
 *
 * @internal
 */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return mix(h);
}
