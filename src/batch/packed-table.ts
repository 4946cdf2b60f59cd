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
 * An open-addressing table (linear probing) from keys of a fixed number of 32-bit words to whole
 * numbers from 0 to {@link MAX_PACKED}, kept in two typed arrays: `4 × (words + 1)` bytes a slot,
 * at most 80 % of the slots used. A table may hold one key several times (`insert` does not
 * look): callers that store hashes of keys keep distinct keys with one hash apart this way.
 *
 * @internal
 */
export interface PackedTable {
  /** The values stored under `words`, in the order they were inserted. */
  find(words: ArrayLike<number>): number[];
  /** Stores `value` under `words`, beside any value already there. */
  insert(words: ArrayLike<number>, value: number): void;
  /** Replaces `old`, stored under `words`, by `value`; false when `old` is not there. */
  replace(words: ArrayLike<number>, old: number, value: number): boolean;
  /** Every value held (a copy), in no particular order. */
  values(): number[];
}

/**
 * A {@link PackedTable} of keys `width` words long. `spread` picks where a key's probes start
 * (tests force collisions with a constant).
 *
 * @internal
 */
export function packedTable(width: number, spread = spreadWords, capacity = 1024): PackedTable {
  let mask = capacity - 1;
  let size = 0;
  let keys = new Uint32Array(capacity * width);
  /** Each slot's value + 1; 0 is an empty slot. */
  let values = new Uint32Array(capacity);

  /** Calls `visit` with each slot holding `words`, in probe order, until it returns true. */
  const scan = (words: ArrayLike<number>, visit: (slot: number) => unknown) => {
    for (let slot = spread(words) & mask; values[slot] !== 0; slot = (slot + 1) & mask) {
      let same = true;
      for (let i = 0; i < width; i += 1) same &&= keys[slot * width + i] === words[i];
      if (same && visit(slot) === true) return true;
    }
    return false;
  };

  const insert = (words: ArrayLike<number>, value: number): void => {
    if ((size + 1) * 5 > (mask + 1) * 4) {
      const oldKeys = keys;
      const oldValues = values;
      mask = mask * 2 + 1;
      keys = new Uint32Array((mask + 1) * width);
      values = new Uint32Array(mask + 1);
      size = 0;
      oldValues.forEach((held, slot) => {
        if (held !== 0) insert(oldKeys.subarray(slot * width, (slot + 1) * width), held - 1);
      });
    }
    let slot = spread(words) & mask;
    while (values[slot] !== 0) slot = (slot + 1) & mask;
    keys.set(words, slot * width);
    values[slot] = value + 1;
    size += 1;
  };

  return {
    find(words) {
      const found: number[] = [];
      scan(words, (slot) => {
        found.push((values[slot] as number) - 1);
      });
      return found;
    },
    insert,
    replace: (words, old, value) =>
      scan(words, (slot) => {
        if (values[slot] !== old + 1) return false;
        values[slot] = value + 1;
        return true;
      }),
    values: () => [...values].filter((held) => held !== 0).map((held) => held - 1),
  };
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
export interface KeyIndex {
  /** The number stored for `key`. */
  get(key: string): number | undefined;
  /** Stores `value` (a whole number ≥ 0) for a `key` not stored yet. */
  add(key: string, value: number): void;
}

/**
 * A new, empty {@link KeyIndex}. `spread`: see {@link packedTable}.
 *
 * @internal
 */
export function keyIndex(spread?: (words: ArrayLike<number>) => number): KeyIndex {
  const hex = packedTable(4, spread);
  const other = new Map<string, number>();
  return {
    get: (key) => {
      const words = hexWords(key);
      return (words && hex.find(words)[0]) ?? other.get(key);
    },
    add: (key, value) => {
      const words = hexWords(key);
      if (words && value <= MAX_PACKED) hex.insert(words, value);
      else other.set(key, value);
    },
  };
}

/** The 128 bits of a key of 32 lowercase hex characters, as four words. */
function hexWords(key: string): number[] | undefined {
  if (!HEX_KEY.test(key)) return undefined;
  return [0, 8, 16, 24].map((i) => Number.parseInt(key.slice(i, i + 8), 16));
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
