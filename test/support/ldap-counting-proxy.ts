/**
 * A TCP proxy on 127.0.0.1 in front of an LDAP server that counts, from outside the code under test, the
 * connections it accepts and the LDAP operations clients send. It reads the client → server stream just far enough
 * to find each LDAPMessage's protocolOp tag (RFC 4511 §4.2: LDAPMessage ::= SEQUENCE { messageID, protocolOp, … }).
 * On plain LDAP every operation is visible; behind LDAPS or after StartTLS only the connections are counted.
 * It also records the most LDAP sessions open at once (a connection counts from its accept until it sends its
 * UnbindRequest, or closes: a client may release its connection before the proxy sees the socket close), and can
 * hold the client → server traffic (every session then waits at its first request) until released, so a test can
 * pile up concurrent checks without relying on timing.
 * `close()` ends every socket and the server, so jest exits without open handles.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** protocolOp tags (BER identifier octets, RFC 4511 Appendix B) of the client's requests. */
export const LDAP_OP = Object.freeze({ bind: 0x60, unbind: 0x42, search: 0x63, extended: 0x77 });

export interface LdapCounts {
  connections: number;
  /** BindRequests ([APPLICATION 0], 0x60) seen on plain connections. */
  binds: number;
  searches: number;
  unbinds: number;
  /** ExtendedRequests (StartTLS is one); after it the stream is TLS and no longer parsed. */
  extended: number;
}

export interface LdapCountingProxy {
  /** 127.0.0.1 port the proxy listens on. */
  port: number;
  counts(): LdapCounts;
  /** The most sessions (connections not yet unbound or closed) open at once since the start or the last reset(). */
  maxOpen(): number;
  /** Sessions open now. */
  open(): number;
  /** Buffers what clients send instead of forwarding it, until release(). */
  hold(): void;
  /** Forwards everything held, and everything from now on. */
  release(): void;
  reset(): void;
  /** Resolves once every proxied connection has closed (the client's unbind has arrived by then); bounded by `ms`. */
  idle(ms?: number): Promise<void>;
  close(): Promise<void>;
}

/** Reads a BER length at `at`; returns [length, octets used] or undefined when more bytes are needed. */
function berLength(buf: Buffer, at: number): [number, number] | undefined {
  if (at >= buf.length) return undefined;
  const first = buf[at];
  if (first < 0x80) return [first, 1];
  const n = first & 0x7f;
  if (n === 0 || n > 4) throw new Error(`unsupported BER length form 0x${first.toString(16)}`);
  if (at + 1 + n > buf.length) return undefined;
  return [buf.readUIntBE(at + 1, n), 1 + n];
}

/** Splits the client's stream into LDAPMessages and reports each protocolOp tag; returns the unread rest. */
function readMessages(buf: Buffer, onOp: (tag: number) => void): Buffer {
  let at = 0;
  for (;;) {
    if (at >= buf.length) return Buffer.alloc(0);
    if (buf[at] !== 0x30) throw new Error(`not an LDAPMessage (tag 0x${buf[at].toString(16)})`);
    const outer = berLength(buf, at + 1);
    if (!outer || at + 1 + outer[1] + outer[0] > buf.length) return buf.subarray(at);
    const body = at + 1 + outer[1];
    const id = berLength(buf, body + 1); // messageID INTEGER (tag 0x02)
    if (!id) throw new Error('truncated messageID');
    onOp(buf[body + 1 + id[1] + id[0]]);
    at = body + outer[0];
  }
}

export async function startLdapCountingProxy(target: { host: string; port: number }): Promise<LdapCountingProxy> {
  const zero = (): LdapCounts => ({ connections: 0, binds: 0, searches: 0, unbinds: 0, extended: 0 });
  let counts = zero();
  let open = 0;
  let maxOpen = 0;
  let held: (() => void)[] | undefined;
  const sockets = new Set<Socket>();
  const track = (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); };
  const server: Server = createServer((client) => {
    counts.connections++;
    open++;
    maxOpen = Math.max(maxOpen, open);
    let ended = false;
    const endSession = () => { if (!ended) { ended = true; open--; } };
    client.on('close', endSession);
    track(client);
    const upstream = connect(target.port, target.host);
    track(upstream);
    let pending: Buffer = Buffer.alloc(0);
    let parsing = true;
    client.on('data', (chunk: Buffer) => {
      if (parsing) {
        try {
          pending = readMessages(Buffer.concat([pending, chunk]), (tag) => {
            if (tag === LDAP_OP.bind) counts.binds++;
            else if (tag === LDAP_OP.search) counts.searches++;
            else if (tag === LDAP_OP.unbind) { counts.unbinds++; endSession(); }
            else if (tag === LDAP_OP.extended) { counts.extended++; parsing = false; }
          });
        } catch {
          parsing = false; // TLS (LDAPS) or after StartTLS: only the connection counts
        }
        if (!parsing) pending = Buffer.alloc(0);
      }
      if (held) held.push(() => upstream.write(chunk));
      else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('end', () => { if (held) held.push(() => upstream.end()); else upstream.end(); });
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    counts: () => ({ ...counts }),
    maxOpen: () => maxOpen,
    open: () => open,
    hold: () => { held ??= []; },
    release: () => {
      const pending = held ?? [];
      held = undefined;
      for (const write of pending) write();
    },
    reset: () => { counts = zero(); maxOpen = open; },
    idle: async (ms = 2000) => {
      const until = Date.now() + ms;
      while (sockets.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
