/**
 * Process exit codes of the `wavespeed` command. Scripts branch on these, so they never change
 * meaning; docs/cli.md and `wavespeed --help` list them.
 */
export const ExitCode = {
  /** The command did what was asked. */
  Ok: 0,
  /** The API (or the network on the way to it) answered with an error. */
  ApiError: 1,
  /** The command line is wrong: unknown flag, bad `--input`, missing key, unknown model. */
  Usage: 2,
  /** The prediction ran and ended `failed` (or another non-`completed` terminal status). */
  PredictionFailed: 3,
  /** The wait deadline (`--timeout`) passed before the prediction finished; it may still finish. */
  Timeout: 4,
  /** Ctrl-C: the command stopped waiting (the job itself keeps running on the server). */
  Interrupted: 130,
} as const;

/**
 * One of the values of {@link ExitCode}.
 */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The exit-code table as printed by `wavespeed --help`.
 */
export const EXIT_CODE_HELP = [
  'Exit codes:',
  '  0    success',
  '  1    API or network error',
  '  2    usage error (bad flag or --input, missing WAVESPEED_API_KEY, unknown model)',
  '  3    prediction failed',
  '  4    timed out waiting (the job may still finish: wavespeed wait <id>)',
  '  130  interrupted (Ctrl-C); the job keeps running: wavespeed wait <id>',
].join('\n');
