/**
 * The operations endpoints: GET /healthz (liveness), /readyz (readiness) and /metrics (Prometheus text format).
 * One request handler, mounted either on its own server (METRICS_PORT) or as custom routes of the HTTP receiver
 * when METRICS_PORT equals PORT.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { liveness, readiness, type Health } from '../support/health';

export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

export type OpsHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createOpsHandler(health: Health, registry: Registry): OpsHandler {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://ops').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz') {
      const { status, body } = liveness(health);
      return send(res, status, 'application/json', `${JSON.stringify(body)}\n`);
    }
    if (path === '/readyz') {
      health.refresh?.();
      const { status, body } = readiness(health);
      return send(res, status, 'application/json', `${JSON.stringify(body)}\n`);
    }
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => send(res, 200, registry.contentType, text),
        (error: unknown) => send(res, 500, 'text/plain', `metrics failed: ${(error as Error).message}\n`),
      );
      return undefined;
    }
    return send(res, 404, 'text/plain', 'not found\n');
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

export async function startOpsServer(handler: OpsHandler, port: number, host?: string): Promise<OpsServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
