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

/** What an ops endpoint answers, for a server of its own (createOpsHandler) or the Slack intake's port. */
export interface OpsReply {
  status: number;
  contentType: string;
  body: string;
}

export type OpsResponder = (method: string, path: string) => Promise<OpsReply>;

export function createOpsResponder(health: Health, registry: Registry): OpsResponder {
  return async (method, path) => {
    if (method !== 'GET' && method !== 'HEAD') return text(405, 'method not allowed\n');
    if (path === '/healthz') {
      const { status, body } = liveness(health);
      return { status, contentType: 'application/json', body: `${JSON.stringify(body)}\n` };
    }
    if (path === '/readyz') {
      health.refresh?.();
      const { status, body } = readiness(health);
      return { status, contentType: 'application/json', body: `${JSON.stringify(body)}\n` };
    }
    if (path === '/metrics') {
      try {
        return { status: 200, contentType: registry.contentType, body: await registry.metrics() };
      } catch (error) {
        return text(500, `metrics failed: ${(error as Error).message}\n`);
      }
    }
    return text(404, 'not found\n');
  };
}

export function createOpsHandler(health: Health, registry: Registry): OpsHandler {
  const respond = createOpsResponder(health, registry);
  return (req, res) => {
    void respond(req.method ?? 'GET', new URL(req.url ?? '/', 'http://ops').pathname).then((r) => {
      res.writeHead(r.status, { 'content-type': r.contentType, 'cache-control': 'no-store' });
      res.end(r.body);
    });
  };
}

function text(status: number, body: string): OpsReply {
  return { status, contentType: 'text/plain', body };
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
