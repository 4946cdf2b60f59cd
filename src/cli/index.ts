// The `wavespeed` bin: wires the process (argv, env, streams, signals) to main().
import { splitCommand } from './args.js';
import { InterruptedError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { main } from './main.js';
import { tuneMemory } from './memory.js';

const argv = process.argv.slice(2);
// A batch runs for hours: keep its heap near what it holds (see memory.ts).
tuneMemory(splitCommand(argv).command, process.execArgv, process.env.NODE_OPTIONS);

const controller = new AbortController();

function interrupt(): void {
  // A second Ctrl-C means "now": skip the clean-up and the hint.
  if (controller.signal.aborted) process.exit(ExitCode.Interrupted);
  controller.abort(new InterruptedError());
}

process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

// `wavespeed models | head` closes stdout early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(ExitCode.Ok);
  throw error;
});

main({
  argv,
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
}).then(
  (code) => {
    // Exit explicitly: idle keep-alive sockets must not hold the shell for seconds.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(
      `Unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(ExitCode.ApiError);
  },
);
