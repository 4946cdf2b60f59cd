import { requestSchemaOf } from './catalog.js';
import type { SimModel } from './types.js';

type Value = number | string | boolean;

class FormulaError extends Error {}

/**
 * Evaluates the small JSONata subset pricing formulas use: numbers, strings, identifiers,
 * `+ - * /`, comparisons (`= != < <= > >=`), `and`/`or`, `? :` and parentheses.
 */
class Evaluator {
  private pos = 0;
  private readonly tokens: string[];

  constructor(
    source: string,
    private readonly vars: (name: string) => Value | undefined,
  ) {
    this.tokens =
      source.match(/\s*("[^"]*"|'[^']*'|\d+(?:\.\d+)?|[A-Za-z_$][\w.$]*|<=|>=|!=|\S)/g) ?? [];
    this.tokens = this.tokens.map((t) => t.trim());
  }

  run(): Value {
    const value = this.ternary();
    if (this.pos !== this.tokens.length) throw new FormulaError('trailing tokens');
    return value;
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private take(expected?: string): string {
    const token = this.tokens[this.pos];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new FormulaError(`expected ${expected ?? 'token'}`);
    }
    this.pos++;
    return token;
  }

  private ternary(): Value {
    const condition = this.logical();
    if (this.peek() !== '?') return condition;
    this.take('?');
    const yes = this.ternary();
    this.take(':');
    const no = this.ternary();
    return condition ? yes : no;
  }

  private logical(): Value {
    let left = this.comparison();
    while (this.peek() === 'and' || this.peek() === 'or') {
      const op = this.take();
      const right = this.comparison();
      left = op === 'and' ? Boolean(left) && Boolean(right) : Boolean(left) || Boolean(right);
    }
    return left;
  }

  private comparison(): Value {
    const left = this.additive();
    const op = this.peek();
    if (op === '=' || op === '!=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      this.take();
      const right = this.additive();
      switch (op) {
        case '=':
          return left === right;
        case '!=':
          return left !== right;
        case '<':
          return left < right;
        case '<=':
          return left <= right;
        case '>':
          return left > right;
        default:
          return left >= right;
      }
    }
    return left;
  }

  private additive(): Value {
    let left = this.multiplicative();
    while (this.peek() === '+' || this.peek() === '-') {
      const op = this.take();
      const right = num(this.multiplicative());
      left = op === '+' ? num(left) + right : num(left) - right;
    }
    return left;
  }

  private multiplicative(): Value {
    let left = this.unary();
    while (this.peek() === '*' || this.peek() === '/') {
      const op = this.take();
      const right = num(this.unary());
      left = op === '*' ? num(left) * right : num(left) / right;
    }
    return left;
  }

  private unary(): Value {
    if (this.peek() === '-') {
      this.take();
      return -num(this.unary());
    }
    return this.primary();
  }

  private primary(): Value {
    const token = this.take();
    if (token === '(') {
      const value = this.ternary();
      this.take(')');
      return value;
    }
    if (/^\d/.test(token)) return Number(token);
    if (/^["']/.test(token)) return token.slice(1, -1);
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (/^[A-Za-z_$]/.test(token)) {
      const value = this.vars(token.replace(/^\$/, ''));
      if (value === undefined) throw new FormulaError(`unknown variable ${token}`);
      return value;
    }
    throw new FormulaError(`unexpected ${token}`);
  }
}

function num(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  throw new FormulaError('not a number');
}

function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Prices a run of `model` with `input` from its formula; partial or unusable inputs fall back to
 * `base_price`, as the real price endpoint does.
 *
 * @example
 * ```ts
 * priceOf({ model_id: 'v', base_price: 0.4, formula: '{"total_price": base_price * duration / 5}' },
 *   { duration: 10 }); // 0.8
 * ```
 */
export function priceOf(model: SimModel, input: Record<string, unknown>): number {
  const base = typeof model.base_price === 'number' ? model.base_price : 0;
  const formula = model.formula;
  if (typeof formula !== 'string' || formula.trim() === '') return base;
  const match = /"?total_price"?\s*:\s*([\s\S]*?)\s*}?\s*$/.exec(formula.trim());
  const expression = match?.[1]?.replace(/}\s*$/, '') ?? formula;
  const properties = requestSchemaOf(model)?.properties ?? {};
  const vars = (name: string): Value | undefined => {
    if (name === 'base_price') return base;
    const raw = input[name] ?? properties[name]?.default;
    if (typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'boolean') return raw;
    if (Array.isArray(raw)) return raw.length;
    return undefined;
  };
  try {
    const value = new Evaluator(expression, vars).run();
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return base;
    return roundUsd(value);
  } catch (error) {
    if (error instanceof FormulaError) return base;
    throw error;
  }
}
