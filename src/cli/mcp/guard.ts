import type { GuardConfig } from './config.js';

// The spending guard: an allow-list of models, a budget for the server's lifetime, and a price
// above which a run needs the agent to confirm. An agent in a loop cannot drain the account.

/** Why a run may not go ahead (the tool returns it as an error, or as a question). */
export type GuardRefusal =
  | { kind: 'model'; message: string }
  | { kind: 'budget'; message: string }
  | { kind: 'confirm'; message: string; price: number };

/** A reserved amount: committed once the job exists, released when no job was created. */
export interface Reservation {
  commit(): void;
  release(): void;
}

function usd(value: number): string {
  return `$${value
    .toFixed(value < 1 ? 4 : 2)
    .replace(/0+$/, '')
    .replace(/\.$/, '')}`;
}

/** Keeps track of what the server spent and decides whether a run may start. */
export class SpendingGuard {
  readonly config: GuardConfig;
  #spent = 0;
  #reserved = 0;

  constructor(config: GuardConfig) {
    this.config = config;
  }

  /** USD spent by runs of this server so far (quoted prices). */
  get spent(): number {
    return this.#spent;
  }

  /** Whether a run needs a price quote first. */
  get quotes(): boolean {
    return this.config.maxSpend !== undefined || this.config.confirmOver !== undefined;
  }

  /** A refusal for a model outside `--models`, if it is. */
  checkModel(model: string): GuardRefusal | undefined {
    const allowed = this.config.models;
    if (allowed === undefined || allowed.has(model)) return undefined;
    return {
      kind: 'model',
      message: `The model ${model} is not allowed on this server (--models ${[...allowed].join(',')}).`,
    };
  }

  /**
   * Reserves `price` for a run, or says why not: over the budget left, or over the confirmation
   * threshold without `confirm`. The reservation counts at once, so runs started together cannot
   * overspend between them.
   */
  reserve(price: number, confirmed: boolean): Reservation | GuardRefusal {
    const { maxSpend, confirmOver } = this.config;
    if (maxSpend !== undefined) {
      const left = maxSpend - this.#spent - this.#reserved;
      if (price > left + 1e-9) {
        return {
          kind: 'budget',
          message:
            `This run costs ${usd(price)}, but only ${usd(Math.max(0, left))} of the ${usd(maxSpend)} ` +
            `budget (--max-spend) is left; ${usd(this.#spent)} spent so far. Nothing was submitted.`,
        };
      }
    }
    if (confirmOver !== undefined && price > confirmOver && !confirmed) {
      return {
        kind: 'confirm',
        price,
        message:
          `This run would cost ${usd(price)}, above the ${usd(confirmOver)} that needs a ` +
          'confirmation (--confirm-over). Nothing was submitted. Ask the user, then call the tool ' +
          'again with the same arguments and "confirm": true.',
      };
    }
    this.#reserved += price;
    let open = true;
    return {
      commit: () => {
        if (!open) return;
        open = false;
        this.#reserved -= price;
        this.#spent += price;
      },
      release: () => {
        if (!open) return;
        open = false;
        this.#reserved -= price;
      },
    };
  }
}

/** Whether `value` is a refusal rather than a reservation. */
export function isRefusal(value: Reservation | GuardRefusal): value is GuardRefusal {
  return 'kind' in value;
}

export { usd };
