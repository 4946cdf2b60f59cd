import type { Random } from './ids.js';
import type { SimFault, SimFaultHandle } from './types.js';

interface ActiveFault {
  fault: SimFault;
  remaining: number;
}

/**
 * Ordered fault rules; the first matching rule that fires wins and uses up one application.
 *
 * @example
 * ```ts
 * const faults = new FaultTable(createRandom(1, 3));
 * faults.add({ route: 'result', status: 503 });
 * faults.take('result', 'GET', '/api/v3/predictions/x/result'); // the fault, once
 * ```
 */
export class FaultTable {
  private readonly active: ActiveFault[] = [];

  constructor(private readonly random: Random) {}

  add(fault: SimFault): SimFaultHandle {
    if (fault.probability !== undefined && (fault.probability < 0 || fault.probability > 1)) {
      throw new RangeError('fault.probability must be between 0 and 1');
    }
    const times = fault.times ?? (fault.probability !== undefined ? Number.POSITIVE_INFINITY : 1);
    if (!(times >= 0)) throw new RangeError('fault.times must be >= 0');
    const entry: ActiveFault = { fault, remaining: times };
    this.active.push(entry);
    const table = this.active;
    return {
      get remaining() {
        return entry.remaining;
      },
      clear() {
        entry.remaining = 0;
        const index = table.indexOf(entry);
        if (index >= 0) table.splice(index, 1);
      },
    };
  }

  clear(): void {
    for (const entry of this.active) entry.remaining = 0;
    this.active.length = 0;
  }

  /**
   * Finds the fault for a request. `routes` are the named routes it belongs to (most specific
   * first, e.g. `['sync-submit', 'submit']`).
   */
  take(routes: readonly string[], method: string, pathname: string): SimFault | undefined {
    for (const entry of this.active) {
      if (entry.remaining <= 0) continue;
      const { fault } = entry;
      if (fault.method !== undefined && fault.method.toUpperCase() !== method) continue;
      if (!matches(fault.route, routes, method, pathname)) continue;
      if (fault.probability !== undefined && this.random.next() >= fault.probability) continue;
      entry.remaining--;
      if (entry.remaining <= 0) {
        const index = this.active.indexOf(entry);
        if (index >= 0) this.active.splice(index, 1);
      }
      return fault;
    }
    return undefined;
  }
}

function matches(
  route: SimFault['route'],
  routes: readonly string[],
  method: string,
  pathname: string,
): boolean {
  if (route instanceof RegExp) {
    route.lastIndex = 0;
    return route.test(`${method} ${pathname}`);
  }
  return route === 'any' || routes.includes(route);
}
