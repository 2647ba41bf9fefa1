/**
 * What /healthz and /readyz report: a small mutable record the shells update (Slack connection, directory outcome,
 * Redis state, draining) and two pure functions that turn it into a status code and a JSON body.
 */
export type DirectoryState = 'ok' | 'unreachable' | 'not configured' | 'unknown';
export type RedisState = 'ok' | 'degraded' | 'not configured';

export interface Health {
  startedAt: number;
  /** Socket Mode: the WebSocket is open; HTTP mode: the server is listening. */
  slackConnected: boolean;
  /** Knowledge entries loaded (readiness needs at least one). */
  knowledgeEntries: number;
  /** Set on SIGTERM/SIGINT: no new work; /readyz answers 503. */
  draining: boolean;
  directory: DirectoryState;
  /**
   * The class of the last directory failure (`directory_unavailable`, `directory_auth`, `config` or `error`): never
   * its message, which may name the server, the bind account or a DN. The log has the details.
   */
  directoryError?: string;
  directoryCheckedAt?: number;
  redis: RedisState;
  /** Called on each /readyz so stale state (e.g. the directory's) can be refreshed in the background. */
  refresh?: () => void;
}

export function createHealth(fields: Partial<Health> = {}): Health {
  return { startedAt: Date.now(), slackConnected: false, knowledgeEntries: 0, draining: false, directory: 'not configured', redis: 'not configured', ...fields };
}

export interface HealthAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Liveness: 200 while the process can serve (also while draining, so it is not killed mid-reply). */
export function liveness(h: Health): HealthAnswer {
  return { status: 200, body: { status: h.draining ? 'draining' : 'ok', uptimeSeconds: Math.round((Date.now() - h.startedAt) / 1000) } };
}

/**
 * Readiness: connected to Slack, knowledge loaded, not draining. Directory and Redis are reported, never required,
 * by state and error class only: the body is served to anyone who can reach the ops port, so it holds no URL, DN,
 * account name or message text.
 */
export function readiness(h: Health): HealthAnswer {
  const reasons: string[] = [];
  if (!h.slackConnected) reasons.push('not connected to Slack');
  if (h.knowledgeEntries === 0) reasons.push('knowledge base not loaded');
  if (h.draining) reasons.push('shutting down');
  const ready = reasons.length === 0;
  return {
    status: ready ? 200 : 503,
    body: {
      status: ready ? 'ready' : 'not ready',
      ...(ready ? {} : { reasons }),
      slack: h.slackConnected ? 'connected' : 'disconnected',
      knowledgeEntries: h.knowledgeEntries,
      directory: h.directory,
      ...(h.directoryError && h.directory === 'unreachable' ? { directoryError: h.directoryError } : {}),
      redis: h.redis,
    },
  };
}
