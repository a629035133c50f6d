/**
 * Servers that misbehave below the DM layer, on raw TLS sockets (no HTTP library to tidy up after
 * them): each reads a request head and then does one bad thing. The server suites must turn each
 * into verdicts within their timeouts, without crashing or hanging.
 */
import net, { type AddressInfo, type Socket } from "node:net";
import tls from "node:tls";

/** `raw` is the TCP socket under the TLS one, for a reset (a TLS socket cannot send RST itself). */
export type HostileBehaviour = (
  socket: tls.TLSSocket,
  track: (t: NodeJS.Timeout) => void,
  raw: Socket,
) => void;

const CRLF = "\r\n";

function head(status: string, headers: Record<string, string | number>): string {
  return `HTTP/1.1 ${status}${CRLF}${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join(CRLF)}${CRLF}${CRLF}`;
}

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
  const server = net.createServer((raw) => {
    sockets.add(raw);
    raw.on("close", () => sockets.delete(raw));
    raw.on("error", () => {});
    const socket = new tls.TLSSocket(raw, { isServer: true, secureContext: context });
    socket.on("error", () => {});
    let seen = "";
    socket.on("data", (chunk: Buffer) => {
      seen += chunk.toString("latin1");
      // One act per request head; bodies that follow are read and ignored.
      while (seen.includes("\r\n\r\n")) {
        seen = seen.slice(seen.indexOf("\r\n\r\n") + 4);
        behaviour(socket, (t) => timers.add(t), raw);
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
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
