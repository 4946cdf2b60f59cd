import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Redis server for a test: a real `redis-server` on a free loopback port, or `REDIS_URL`. */
export interface TestRedis {
  url: string;
  host: string;
  port: number;
  /** Stops the server (and removes its data) when the helper started it. */
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same port and data (only one started here). */
  restart(downMs?: number): Promise<void>;
}

const INSTALL_HINT =
  'These tests need a real Redis: install redis-server (Debian/Ubuntu: `apt-get install -y ' +
  'redis-server`; macOS: `brew install redis`) or point REDIS_URL at a server you can flush.';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port (or rejects after `ms`). */
async function reachable(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.connect(port, '127.0.0.1');
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`redis-server did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts `redis-server` on a free loopback port with its own temp dir (append-only file on, so
 * a restart keeps the queue), or uses `REDIS_URL` when set. Fails, with how to install Redis,
 * when neither is available: these tests are never skipped.
 */
export async function startRedis(options: { own?: boolean } = {}): Promise<TestRedis> {
  const external = process.env.REDIS_URL;
  if (external !== undefined && external !== '' && !options.own) {
    const url = new URL(external);
    return {
      url: external,
      host: url.hostname,
      port: Number(url.port || 6379),
      stop: async () => undefined,
      restart: async () => {
        throw new Error('REDIS_URL is set: restarting needs a redis-server started by the test');
      },
    };
  }
  if (!hasRedisServer()) throw new Error(`redis-server is not installed. ${INSTALL_HINT}`);
  const dir = await mkdtemp(join(tmpdir(), 'ws-redis-'));
  let port = 0;
  let server: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        '--protected-mode',
        'yes',
        '--loglevel',
        'warning',
      ],
      { stdio: 'ignore' },
    );
    server = child;
    await reachable(port, 10_000);
  };
  const halt = async (): Promise<void> => {
    const child = server;
    server = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; ; attempt += 1) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      await halt();
      if (attempt >= 4) throw error;
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    stop: async () => {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
    restart: async (downMs = 500) => {
      await halt();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await launch();
    },
  };
}
