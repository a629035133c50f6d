/**
 * Servers that misbehave below the DM layer, on raw TLS sockets (no HTTP library to tidy up after
 * them): each reads a request head and then does one bad thing — some at once, some only once a
 * session is under way (a status package arrives), as a server that dies, freezes or resets in
 * the middle of real work does. The server suites must turn each into verdicts on the right
 * clauses within their timeouts, without crashing or hanging.
 */
import net, { type AddressInfo, type Socket } from "node:net";
import tls from "node:tls";

/**
 * `raw` is the TCP socket under the TLS one, for a reset (a TLS socket cannot send RST itself);
 * `server.head` is the request head just read; `server.die()` does what `kill -9` does to a
 * server's sockets: every connection reset, the port closed.
 */
export type HostileBehaviour = (
  socket: tls.TLSSocket,
  track: (t: NodeJS.Timeout) => void,
  raw: Socket,
  server: { head: string; die(): void },
) => void;

const CRLF = "\r\n";

function head(status: string, headers: Record<string, string | number>): string {
  return `HTTP/1.1 ${status}${CRLF}${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join(CRLF)}${CRLF}${CRLF}`;
}

/** A correct answer to Pkg#1: one command the device runs without the network, then a status package is due. */
function answerPkg1(socket: tls.TLSSocket): void {
  const body = "MsgID 0\r\nDELETE oma:mo:oma-mms:1.3/1";
  socket.write(head("200 OK", { "Content-Type": "application/dm20", "Content-Length": body.length }) + body);
}

const isStatusPackage = (requestHead: string) => /content-type:\s*application\/dm20status/i.test(requestHead);

/** Hostile only once a session is under way: Pkg#1 is answered correctly, the status package gets `then`. */
function midSession(then: HostileBehaviour): HostileBehaviour {
  return (socket, track, raw, server) =>
    isStatusPackage(server.head) ? then(socket, track, raw, server) : answerPkg1(socket);
}

/** Servers that fail in the middle of a working session, each with the clauses that must blame it. */
export const MID_SESSION: Record<string, HostileBehaviour> = {
  /** Answers Pkg#1, then dies (every connection reset, the port closed) when a status package comes. */
  "killed mid-session": midSession((_socket, _track, _raw, server) => server.die()),
  /** Answers Pkg#1, then never answers a status package. */
  "frozen mid-session": midSession(() => {}),
  /** Answers Pkg#1, then sends the head and part of the body of the next answer and resets. */
  "reset mid-body": midSession((socket, _track, raw) => {
    const body = "MsgID 1\r\nDELETE oma:mo:oma-mms:1.3/3\r\nEND";
    socket.write(
      head("200 OK", { "Content-Type": "application/dm20", "Content-Length": body.length }) +
        body.slice(0, 12),
      () => raw.resetAndDestroy(),
    );
  }),
};

export const HOSTILE: Record<string, HostileBehaviour> = {
  /** Reads requests, never writes a byte. */
  "never answers": () => {},
  /** Sends half a response head, then resets the connection. */
  "resets mid-response": (socket, _track, raw) => {
    socket.write(`HTTP/1.1 200 OK${CRLF}Content-Type: application/dm20${CRLF}Content-Le`, () =>
      raw.resetAndDestroy(),
    );
  },
  /** Answers every package with an HTML page. */
  "HTML instead of a command file": (socket) => {
    const body = "<!doctype html><html><head><title>Login</title></head><body>Please log in</body></html>";
    socket.end(
      head("200 OK", { "Content-Type": "text/html", "Content-Length": Buffer.byteLength(body) }) + body,
    );
  },
  /** Answers with a 10 MiB command file. */
  "10 MiB response": (socket) => {
    const first = Buffer.from("MsgID 0\r\n");
    const lines = Buffer.alloc(10 * 1024 * 1024 - first.length, "GET https://127.0.0.1/x.tnds20\r\n");
    socket.write(
      head("200 OK", { "Content-Type": "application/dm20", "Content-Length": first.length + lines.length }),
    );
    socket.write(first);
    socket.end(lines);
  },
  /** Streams a chunked command file that never ends, as fast as the client reads it. */
  "endless stream": (socket) => {
    socket.write(head("200 OK", { "Content-Type": "application/dm20", "Transfer-Encoding": "chunked" }));
    const line = "GET https://127.0.0.1/documents/a.tnds20\r\n";
    const chunk = `${(line.length * 64).toString(16)}\r\n${line.repeat(64)}\r\n`;
    socket.write("9\r\nMsgID 0\r\n\r\n");
    const pump = () => {
      while (!socket.destroyed && socket.write(chunk)) {
        // keep writing until the socket's buffer is full
      }
      if (!socket.destroyed) socket.once("drain", pump);
    };
    pump();
  },
  /** Sends the head at once, then a valid command file one byte a second (no idle timer fires). */
  "one byte a second": (socket, track) => {
    const body = "MsgID 0\r\nGET https://127.0.0.1/documents/a.tnds20\r\nEND";
    socket.write(head("200 OK", { "Content-Type": "application/dm20", "Content-Length": body.length }));
    const bytes = Buffer.from(body);
    let i = 0;
    const tick = () => {
      if (socket.destroyed || i >= bytes.length) return;
      socket.write(bytes.subarray(i, i + 1));
      i++;
      track(setTimeout(tick, 1000));
    };
    tick();
  },
};

export interface HostileServer {
  url: string;
  close(): Promise<void>;
}

/** Starts a TLS server that acts out `behaviour` once per request head it reads. */
export async function startHostileServer(
  behaviour: HostileBehaviour,
  cert: { certPem: string; chainPem: string; keyPem: string },
): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const context = tls.createSecureContext({ cert: cert.chainPem, key: cert.keyPem });
  let closeListener: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    closeListener = resolve;
  });
  const die = () => {
    for (const s of sockets) s.resetAndDestroy();
    if (server.listening) server.close(() => closeListener());
  };
  const server = net.createServer((raw) => {
    sockets.add(raw);
    raw.on("close", () => sockets.delete(raw));
    raw.on("error", () => {});
    const socket = new tls.TLSSocket(raw, { isServer: true, secureContext: context });
    socket.on("error", () => {});
    // One act per request head; the body that follows (Content-Length bytes) is skipped without
    // being scanned: a 10 MiB probe must not stall this process, which is also the harness's.
    let head = "";
    let skip = 0;
    socket.on("data", (chunk: Buffer) => {
      let data = chunk;
      while (data.length > 0) {
        if (skip > 0) {
          const n = Math.min(skip, data.length);
          skip -= n;
          data = data.subarray(n);
          continue;
        }
        head += data.toString("latin1");
        data = Buffer.alloc(0);
        const at = head.indexOf("\r\n\r\n");
        if (at < 0) break;
        const requestHead = head.slice(0, at);
        data = Buffer.from(head.slice(at + 4), "latin1");
        head = "";
        skip = Number(/\r\ncontent-length:\s*(\d+)/i.exec(requestHead)?.[1] ?? 0);
        behaviour(socket, (t) => timers.add(t), raw, { head: requestHead, die });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/dm20`,
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      if (server.listening) server.close(() => closeListener());
      await closed;
    },
  };
}
