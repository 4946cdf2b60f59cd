import type { Command } from '../command.js';
import { balanceCommand } from './balance.js';
import { batchCommand } from './batch.js';
import { deleteCommand } from './delete.js';
import { downloadCommand } from './download.js';
import { generateCommand } from './generate.js';
import { historyCommand } from './history.js';
import { mcpCommand } from './mcp.js';
import { modelCommand } from './model.js';
import { modelsCommand } from './models.js';
import { priceCommand } from './price.js';
import { runCommand } from './run.js';
import { simulateCommand } from './simulate.js';
import { statusCommand } from './status.js';
import { uploadCommand } from './upload.js';
import { usageCommand } from './usage.js';
import { waitCommand } from './wait.js';
import { workerCommand } from './worker.js';

/**
 * Every command, in the order `wavespeed --help` lists them.
 */
export const COMMANDS: readonly Command[] = [
  runCommand,
  generateCommand,
  batchCommand,
  statusCommand,
  waitCommand,
  downloadCommand,
  historyCommand,
  deleteCommand,
  modelsCommand,
  modelCommand,
  priceCommand,
  uploadCommand,
  balanceCommand,
  usageCommand,
  simulateCommand,
  workerCommand,
  mcpCommand,
];

/**
 * The command with this name or alias.
 *
 * @example
 * ```ts
 * findCommand('gen')?.name; // 'generate'
 * ```
 */
export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name || command.aliases?.includes(name));
}
