/**
 * Set-up checks made before any test runs, so a wrong option or an IUT that is not there yields
 * one clear line and exit 2 instead of 45 clauses in error. Each throws UsageError with the reason.
 *
 * What counts as set-up and what as a verdict: a server that cannot be reached, or whose port does
 * not speak TLS at all, is set-up (nothing about the DM protocol can be judged). A server whose
 * certificate does not verify against --ca is a conformance finding (DMS-5.3-02 fails with the
 * evidence), so the run goes on and the pre-flight only warns.
 */
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, connect as netConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { checkShellCommand } from "../iut/command-check.ts";
import { CLIENT_RUN_PORTS, type PortRange, rangeText } from "../server-role/port-pool.ts";
import { UsageError } from "./usage-error.ts";

/** Parses an absolute http(s) URL given to `option`. */
export function parseHttpUrl(value: string, option: string, schemes: string[] = ["https:"]): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${option} "${value}" is not an absolute URL`);
  }
  if (!schemes.includes(url.protocol)) {
    throw new UsageError(
      `${option} "${value}" must be ${schemes.map((s) => s.replace(":", "://")).join(" or ")} (the draft's DM sessions run over HTTPS, 5.3)`,
    );
  }
  return url;
}

function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** URL.hostname keeps IPv6 brackets; sockets want them off. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Reads a PEM file holding at least one certificate; anything else is a set-up error. */
export async function readCaFile(path: string, option = "--ca"): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, "utf8");
  } catch (e) {
    throw new UsageError(`${option} ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!first) throw new UsageError(`${option} ${path}: no PEM certificate in the file`);
  try {
    new X509Certificate(first[0]);
  } catch (e) {
    throw new UsageError(`${option} ${path}: not a valid certificate (${(e as Error).message})`);
  }
  return pem;
}

function describeNetError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host name does not resolve";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "host unreachable";
    case "ECONNRESET":
      return "connection reset";
    default:
      return e.code ?? e.message;
  }
}

export interface TlsProbe {
  /** Null when the certificate verifies against the CA for the URL's host name; else the reason. */
  certificateProblem: string | null;
}

/**
 * Opens a TLS connection to the server (no HTTP request: nothing the server would log as a DM
 * package). Unreachable or no TLS at all: UsageError. Certificate problems are returned, not thrown.
 */
export function probeTlsServer(url: URL, caPem: string, timeoutMs: number): Promise<TlsProbe> {
  const host = hostOf(url);
  const port = portOf(url);
  const where = `--url ${url.href}`;
  return new Promise((resolve, reject) => {
    let tcpUp = false;
    const socket = tlsConnect({
      host,
      port,
      ca: caPem,
      // Verification is judged below, so a bad certificate can be told apart from no TLS at all.
      rejectUnauthorized: false,
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
      timeout: timeoutMs,
    });
    socket.once("connect", () => {
      tcpUp = true;
    });
    socket.once("secureConnect", () => {
      // Node checks the chain and, with checkServerIdentity, the host name; either failing
      // leaves authorized false with the reason (rejectUnauthorized is off only so we may read it).
      const problem = socket.authorized
        ? null
        : String(socket.authorizationError ?? "certificate not verified");
      socket.end();
      resolve({ certificateProblem: problem });
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(
        new UsageError(
          tcpUp
            ? `${where}: TLS refused (no handshake within ${timeoutMs} ms)`
            : `${where} unreachable (no connection within ${timeoutMs} ms)`,
        ),
      );
    });
    socket.once("error", (e: NodeJS.ErrnoException) => {
      socket.destroy();
      reject(
        new UsageError(
          tcpUp
            ? `${where}: TLS refused (${describeNetError(e)}); does the port speak HTTPS?`
            : `${where} unreachable (${describeNetError(e)})`,
        ),
      );
    });
  });
}

/** A plain TCP connect (nothing sent): is anything listening at the URL's host and port? */
export function probeTcp(url: URL, option: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: hostOf(url), port: portOf(url), timeout: timeoutMs });
    socket.once("connect", () => {
      socket.end();
      resolve();
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(new UsageError(`${option} ${url.href} unreachable (no connection within ${timeoutMs} ms)`));
    });
    socket.once("error", (e: NodeJS.ErrnoException) => {
      socket.destroy();
      reject(new UsageError(`${option} ${url.href} unreachable (${describeNetError(e)})`));
    });
  });
}

/**
 * Can the harness listen on `host` (on `port`, 0 for any)? A host that is not an address of this
 * machine, or a port in use, is a set-up error.
 */
export function checkListen(host: string, port: number, option: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", (e: NodeJS.ErrnoException) => {
      const why =
        e.code === "EADDRINUSE"
          ? `port ${port} is in use`
          : e.code === "EADDRNOTAVAIL"
            ? `${host} is not an address of this machine`
            : e.code === "EACCES"
              ? `not allowed to listen on port ${port}`
              : (e.code ?? e.message);
      reject(new UsageError(`${option} ${host}${port ? `:${port}` : ""}: cannot listen (${why})`));
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/**
 * `--port FROM-TO`: wide enough for a client run's listeners, and every port of it free on `host`
 * now (a port in use is named). A narrower range would make sessions wait for each other's ports,
 * and wait forever where one session holds two.
 */
export async function checkPortRange(host: string, range: PortRange): Promise<void> {
  const size = range.to - range.from + 1;
  if (size < CLIENT_RUN_PORTS)
    throw new UsageError(
      `--port ${rangeText(range)}: a client run holds up to ${CLIENT_RUN_PORTS} listeners at once; give a range of at least ${CLIENT_RUN_PORTS} ports (e.g. --port ${range.from}-${range.from + CLIENT_RUN_PORTS - 1})`,
    );
  for (let port = range.from; port <= range.to; port++) await checkListen(host, port, "--port");
}

/**
 * The trigger (or notify) command's program must be able to run: "command not found", "permission
 * denied" or a missing interpreter would end every wake-up in exit 126/127, so they are set-up
 * errors, not verdicts.
 */
export async function checkCommand(command: string, option: string): Promise<void> {
  const check = await checkShellCommand(command);
  if (!check.ok) throw new UsageError(`${option}: ${check.reason}`);
}
