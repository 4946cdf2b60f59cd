import type { Command } from '../command.js';
import { formatUsd } from '../format.js';

/**
 * `wavespeed balance`: the account's remaining credit.
 */
export const balanceCommand: Command = {
  name: 'balance',
  summary: 'Show the account balance (USD)',
  usage: 'wavespeed balance [--json]',
  options: {},
  args: { min: 0, max: 0 },
  examples: ['wavespeed balance', 'wavespeed balance --json | jq .balance'],
  async run(ctx) {
    const balance = await ctx.client().account.balance({ signal: ctx.signal });
    ctx.out.result(balance, `Balance: ${formatUsd(balance.balance)}`);
    return undefined;
  },
};
