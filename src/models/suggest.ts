/**
 * Edit distance between two strings: insertions, deletions, substitutions and transpositions of
 * adjacent characters each cost 1 (the optimal-string-alignment form of Damerau–Levenshtein).
 *
 * @example
 * ```ts
 * editDistance('promt', 'prompt'); // 1
 * editDistance('pormpt', 'prompt'); // 1 (one transposition)
 * ```
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  // Three rolling rows are enough: a transposition looks back two rows.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] ?? 0;
}

/** Lower-cases and treats `-`, `_`, `.` and spaces alike, so `image-url` matches `image_url`. */
function normalise(value: string): string {
  return value.toLowerCase().replace(/[-_.\s]+/g, '_');
}

/** Drops plural and `_url`/`_urls` endings, so `image_url`, `images` and `image` meet. */
function stem(value: string): string {
  return normalise(value)
    .replace(/_(url|urls|uri|list)$/, '')
    .replace(/s$/, '');
}

/** The strings a candidate may be recognised by: itself and, for ids, its trailing path parts. */
function aliases(candidate: string): string[] {
  const parts = candidate.split('/');
  const out = [candidate];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(i).join('/'));
  return out;
}

/** How far `input` is from `candidate`, or undefined when they are not plausibly the same. */
function score(input: string, candidate: string): number | undefined {
  let best: number | undefined;
  for (const alias of aliases(candidate)) {
    const a = normalise(input);
    const b = normalise(alias);
    if (a === b) return alias === candidate ? 0 : 0.5;
    const distance = stem(a) === stem(b) && stem(a).length >= 3 ? 0.75 : editDistance(a, b);
    const longest = Math.max(a.length, b.length);
    // Short words tolerate one edit, longer ones about a third of their length (`img` → `image`).
    const allowed = Math.max(1, Math.floor((longest + 1) / 3));
    let value: number | undefined = distance <= allowed ? distance : undefined;
    const shorter = a.length <= b.length ? a : b;
    const longer = a.length <= b.length ? b : a;
    const partOf =
      shorter.length >= 3 && (longer.startsWith(shorter) || longer.includes(`_${shorter}`));
    // `image_url` for `image`, `num_image` for `num_images`: containment is a strong hint.
    if (value === undefined && partOf) value = allowed + (longer.length - shorter.length) / 100;
    if (value !== undefined && alias !== candidate) value += 0.25;
    if (value !== undefined && (best === undefined || value < best)) best = value;
  }
  return best;
}

/**
 * The candidates closest to `input` (best first, at most `max`), for "did you mean …?" hints on
 * unknown input keys, enum values and model ids. Comparison ignores case and treats `-`, `_`
 * and `.` alike; a model id also matches by its trailing parts (`flux-dev` finds
 * `wavespeed-ai/flux-dev`). Returns `[]` when nothing is close enough.
 *
 * @example
 * ```ts
 * closest('promt', ['prompt', 'seed', 'size']); // ['prompt']
 * closest('wavespeed-ai/flux-dve', ['wavespeed-ai/flux-dev', 'wavespeed-ai/flux-schnell']);
 * // ['wavespeed-ai/flux-dev']
 * ```
 */
export function closest(input: string, candidates: readonly string[], max = 3): string[] {
  if (max <= 0 || input.length === 0) return [];
  const scored: Array<{ candidate: string; value: number }> = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    const value = score(input, candidate);
    if (value !== undefined) scored.push({ candidate, value });
  }
  scored.sort((x, y) =>
    x.value !== y.value ? x.value - y.value : x.candidate < y.candidate ? -1 : 1,
  );
  return scored.slice(0, max).map((entry) => entry.candidate);
}
