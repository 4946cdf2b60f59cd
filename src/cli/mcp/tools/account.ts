import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { ToolDeps } from '../context.js';
import { failed, ok } from '../results.js';

// The account: balance and spend.

/** Registers get_balance and get_usage. */
export function registerAccountTools(server: McpServer, deps: ToolDeps): void {
  server.registerTool(
    'get_balance',
    {
      title: 'Account balance',
      description: 'The WaveSpeed account’s remaining credit, and what this server has spent.',
      inputSchema: z.object({}),
      outputSchema: z.object({
        balance: z.number(),
        currency: z.string(),
        spentByServer: z.number(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async (_args, ctx) => {
      try {
        const { balance, currency } = await deps
          .client()
          .account.balance({ signal: ctx.mcpReq.signal });
        return ok(
          `Balance: ${balance} ${currency}. Spent by this server: $${deps.guard.spent.toFixed(4)}.`,
          {
            balance,
            currency,
            spentByServer: deps.guard.spent,
          },
        );
      } catch (error) {
        return failed(error);
      }
    },
  );

  server.registerTool(
    'get_usage',
    {
      title: 'Spend per model',
      description: 'What the account spent per model over a window (default: the last 7 days).',
      inputSchema: z.object({
        from: z.string().optional().describe('Start, ISO 8601 (default 7 days before `to`)'),
        to: z.string().optional().describe('End, ISO 8601 (default now)'),
        model: z.string().optional().describe('Only this model'),
      }),
      outputSchema: z.object({
        from: z.string(),
        to: z.string(),
        perModel: z.array(z.record(z.string(), z.unknown())),
      }),
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    async ({ from, to, model }, ctx) => {
      try {
        const usage = await deps
          .client()
          .account.usage({ from, to, model, signal: ctx.mcpReq.signal });
        const lines = usage.perModel.map((m) => `- ${m.model}: ${JSON.stringify(m)}`);
        return ok([`Usage ${usage.from} → ${usage.to}:`, ...lines].join('\n'), {
          from: usage.from,
          to: usage.to,
          perModel: usage.perModel as unknown as Record<string, unknown>[],
        });
      } catch (error) {
        return failed(error);
      }
    },
  );
}
