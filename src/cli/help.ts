import { GLOBAL_OPTIONS, type OptionSpecs } from './args.js';
import type { Command } from './command.js';
import { EXIT_CODE_HELP } from './exit-codes.js';

const WIDTH = 100;

/** Word-wraps `text` to {@link WIDTH} columns; lines after the first are indented by `indent`. */
function wrap(text: string, indent: number, first = 0): string {
  const lines: string[] = [];
  let line = '';
  let room = WIDTH - first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
      room = WIDTH - indent;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join(`\n${' '.repeat(indent)}`);
}

function optionLines(options: OptionSpecs): string[] {
  const entries = Object.entries(options).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.type === 'string' ? ` <${spec.value ?? 'value'}>` : '';
    return [`  ${short}--${name}${value}`, spec.description] as const;
  });
  const width = Math.max(...entries.map(([flag]) => flag.length)) + 2;
  return entries.map(
    ([flag, description]) => `${flag.padEnd(width)}${wrap(description, width, width)}`,
  );
}

/**
 * `wavespeed --help`: every command, the global flags, the environment and the exit codes.
 */
export function mainHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `wavespeed ${version}: run WaveSpeed AI models from the shell`,
    '',
    'Usage: wavespeed <command> [arguments] [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    `  ${'help'.padEnd(width)}Show help for a command (same as <command> --help)`,
    '',
    'Global options:',
    ...optionLines({
      ...GLOBAL_OPTIONS,
      version: { type: 'boolean', short: 'v', description: 'Print the version' },
    }),
    '',
    'Environment:',
    '  WAVESPEED_API_KEY   your API key (https://wavespeed.ai/accesskey); never passed as a flag',
    '  WAVESPEED_BASE_URL  API origin, e.g. the URL printed by `wavespeed simulate`',
    '',
    EXIT_CODE_HELP,
    '',
    'Examples:',
    '  wavespeed run wavespeed-ai/flux-dev --prompt "A cat in a spacesuit" --output-dir out',
    '  wavespeed generate "A cyberpunk city" --model wavespeed-ai/flux-dev --sync',
    '  wavespeed models --search flux',
    '  wavespeed simulate   # a local API to try everything without a key',
    '',
    'Run `wavespeed <command> --help` for the options and examples of a command.',
    '',
  ].join('\n');
}

/**
 * `wavespeed <command> --help`: usage, description, flags and examples of one command.
 */
export function commandHelp(command: Command): string {
  const usage = typeof command.usage === 'string' ? [command.usage] : command.usage;
  const lines = [
    `${command.summary}`,
    '',
    ...usage.map((u, i) => `${i === 0 ? 'Usage: ' : '       '}${u}`),
  ];
  if (command.aliases && command.aliases.length > 0) {
    lines.push(`Alias: ${command.aliases.join(', ')}`);
  }
  if (command.description) lines.push('', wrap(command.description, 0));
  if (Object.keys(command.options).length > 0) {
    lines.push('', 'Options:', ...optionLines(command.options));
  }
  lines.push('', 'Global options:', ...optionLines(GLOBAL_OPTIONS));
  lines.push('', 'Examples:');
  for (const example of command.examples) {
    for (const line of example.split('\n')) lines.push(`  ${line}`);
  }
  lines.push('', EXIT_CODE_HELP, '');
  return lines.join('\n');
}
