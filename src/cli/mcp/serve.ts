import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import {
  createMcpHandler,
  hostHeaderValidationResponse,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  originValidationResponse,
} from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { isLoopback } from './config.js';
import type { ToolDeps } from './context.js';
import { createMcpServer } from './server.js';

// Serving the server: over stdio (one client, the default), or over Streamable HTTP.

/** Serves over stdin/stdout until stdin closes or `signal` aborts. */
export async function serveStdio(deps: ToolDeps, signal: AbortSignal): Promise<void> {
  const server = createMcpServer(deps);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.connect(transport);
  deps.log('WaveSpeed MCP server on stdio');
  await closed;
  await server.close();
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const body =
    req.method === 'GET' || req.method === 'HEAD'
      ? undefined
      : (Readable.toWeb(req) as ReadableStream);
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method ?? 'GET',
    headers,
    ...(body === undefined ? {} : { body, duplex: 'half' }),
  } as RequestInit);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body === null) {
    res.end();
    return;
  }
  const stream = Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  res.once('close', () => stream.destroy());
  stream.pipe(res);
}

/**
 * Serves Streamable HTTP on `host:port` (path `/mcp`) until `signal` aborts; requires
 * `Authorization: Bearer <token>` when a token is set. Resolves with the bound URL once listening.
 */
export async function serveHttp(
  deps: ToolDeps,
  options: { host: string; port: number; token: string | undefined },
  signal: AbortSignal,
): Promise<void> {
  const handler = createMcpHandler(() => createMcpServer(deps));
  const http = createServer((req, res) => {
    const origin = `http://${req.headers.host ?? `${options.host}:${options.port}`}`;
    if (new URL(req.url ?? '/', origin).pathname !== '/mcp') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('MCP endpoint: /mcp\n');
      return;
    }
    if (options.token !== undefined && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    const request = toRequest(req, origin);
    // On loopback, only local pages may call: a web page cannot rebind a name to 127.0.0.1.
    const rejected = isLoopback(options.host)
      ? (hostHeaderValidationResponse(request, localhostAllowedHostnames()) ??
        originValidationResponse(request, localhostAllowedOrigins()))
      : undefined;
    (rejected === undefined ? handler.fetch(request) : Promise.resolve(rejected))
      .then((response) => send(res, response))
      .catch((error: unknown) => {
        deps.log(`HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  deps.log(`WaveSpeed MCP server on http://${host}:${port}/mcp`);
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await handler.close();
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
}
