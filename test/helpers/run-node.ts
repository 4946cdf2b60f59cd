import { spawn } from 'node:child_process';

/** What a finished `node` child printed, and how it ended. */
export interface NodeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Epoch ms at which the parent saw the process exit. */
  exitedAt: number;
}

/** Options of {@link runNode}: the child's environment, directory and user. */
export interface RunNodeOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  uid?: number;
  gid?: number;
}

/**
 * Runs `node …args` (this process's node) to the end, collecting its output. The environment is
 * only what is given (PATH when nothing is), so the parent's key never leaks into a child.
 */
export function runNode(args: readonly string[], options: RunNodeOptions = {}): Promise<NodeRun> {
  const child = spawn(process.execPath, args, {
    env: options.env ?? { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const exitedAt = Date.now();
      // Output may still be in the pipe after 'exit'; 'close' has all of it.
      child.on('close', () => resolve({ code, stdout, stderr, exitedAt }));
    });
  });
}
