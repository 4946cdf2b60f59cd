/**
 * A `Set` of ids that keeps only the `limit` most recently added, dropping the oldest. A client
 * remembers the prediction ids it owns so that recovering a lost submit never claims one of
 * them; those ids only matter while their jobs can still appear in a recovery's history window
 * (seconds), so a long-running client must not keep every id it ever saw.
 *
 * @example
 * ```ts
 * const ids = new RecentIds(2);
 * ids.add('a').add('b').add('c');
 * ids.has('a'); // false: the oldest went
 * ```
 */
export class RecentIds extends Set<string> {
  readonly #limit: number;

  constructor(limit: number) {
    super();
    this.#limit = Math.max(1, limit);
  }

  override add(value: string): this {
    // Adding again refreshes the id, so it is dropped last.
    if (super.has(value)) super.delete(value);
    super.add(value);
    if (this.size > this.#limit) {
      const oldest = this.values().next();
      if (oldest.done !== true) super.delete(oldest.value);
    }
    return this;
  }
}
