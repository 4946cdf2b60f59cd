/**
 * Code lengths of a Huffman code for `counts` (symbol → how often it is used), none longer than
 * `maxLength`. Unused symbols get length 0. The code is always complete (what the JPEG and WebP
 * decoders require): with fewer than two used symbols, symbol 0 or 1 is added so two symbols
 * of length 1 remain.
 *
 * @example
 * ```ts
 * huffmanLengths([5, 1, 1, 0], 15); // [1, 2, 2, 0]
 * ```
 */
export function huffmanLengths(counts: ArrayLike<number>, maxLength: number): Uint8Array {
  const lengths = new Uint8Array(counts.length);
  let weights = Array.from(counts, (count) => Math.max(0, count));
  const used = weights.flatMap((weight, symbol) => (weight > 0 ? [symbol] : []));
  if (used.length < 2) {
    const first = used[0] ?? 0;
    lengths[first] = 1;
    lengths[first === 0 ? 1 : 0] = 1;
    return lengths;
  }
  for (;;) {
    const depths = treeDepths(used, weights);
    if (Math.max(...depths) <= maxLength) {
      used.forEach((symbol, i) => {
        lengths[symbol] = depths[i] ?? 0;
      });
      return lengths;
    }
    // Too deep: flatten the weights (rare symbols become relatively commoner) and rebuild.
    weights = weights.map((weight) => (weight > 0 ? (weight >> 1) + 1 : 0));
  }
}

/**
 * Depth of each leaf of a Huffman tree over `symbols` (the two-queue construction). Ties go to the
 * higher symbol first, so the last symbol of a lightest pair sits deepest: JPEG relies on that to
 * keep its reserved all-ones code on a pseudo-symbol.
 */
function treeDepths(symbols: readonly number[], weights: readonly number[]): number[] {
  const leaves = symbols
    .map((symbol, index) => ({ weight: weights[symbol] ?? 0, index }))
    .sort((a, b) => a.weight - b.weight || b.index - a.index);
  const parent = new Int32Array(symbols.length * 2);
  const nodeWeight: number[] = leaves.map((leaf) => leaf.weight);
  const order = leaves.map((leaf) => leaf.index);
  let nextLeaf = 0;
  const merged: number[] = [];
  let nextMerged = 0;
  const take = (): number => {
    const leafWeight = nextLeaf < leaves.length ? (nodeWeight[nextLeaf] ?? 0) : Infinity;
    const node = merged[nextMerged];
    const mergedWeight = node === undefined ? Infinity : (nodeWeight[node] ?? 0);
    if (leafWeight <= mergedWeight) return nextLeaf++;
    nextMerged++;
    return node ?? 0;
  };
  for (let i = 0; i < leaves.length - 1; i++) {
    const a = take();
    const b = take();
    const node = nodeWeight.length;
    nodeWeight.push((nodeWeight[a] ?? 0) + (nodeWeight[b] ?? 0));
    parent[a] = node;
    parent[b] = node;
    merged.push(node);
  }
  const root = nodeWeight.length - 1;
  const depthOf = new Int32Array(nodeWeight.length);
  for (let node = root - 1; node >= 0; node--)
    depthOf[node] = (depthOf[parent[node] ?? 0] ?? 0) + 1;
  const depths = new Array<number>(symbols.length).fill(0);
  leaves.forEach((_, position) => {
    depths[order[position] ?? 0] = depthOf[position] ?? 0;
  });
  return depths;
}

/**
 * Canonical codes for code lengths (as deflate, JPEG and WebP lossless assign them: shorter
 * codes first, then by symbol).
 *
 * @example
 * ```ts
 * canonicalCodes(Uint8Array.of(1, 2, 2)); // [0b0, 0b10, 0b11]
 * ```
 */
export function canonicalCodes(lengths: Uint8Array): Uint32Array {
  const maxLength = Math.max(0, ...lengths);
  const perLength = new Uint32Array(maxLength + 1);
  for (const length of lengths) if (length > 0) perLength[length] = (perLength[length] ?? 0) + 1;
  const next = new Uint32Array(maxLength + 2);
  let code = 0;
  for (let length = 1; length <= maxLength; length++) {
    code = (code + (perLength[length - 1] ?? 0)) << 1;
    next[length] = code;
  }
  // perLength[0] counts nothing (unused symbols are skipped), so the first code is 0.
  const codes = new Uint32Array(lengths.length);
  lengths.forEach((length, symbol) => {
    if (length === 0) return;
    codes[symbol] = next[length] ?? 0;
    next[length] = (next[length] ?? 0) + 1;
  });
  return codes;
}
