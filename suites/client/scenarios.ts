/**
 * The device sessions the client suites judge, scripted once per run (sharedOnce) and shared by
 * every test that judges them. Sessions that only read the device run in parallel; those that
 * change it (GET with ClientURI, DELETE, the Levels store) run one after the other on the IXIT's
 * writableNode, and never beside each other. A scenario never throws: whatever happened is in its
 * transcripts, and the checks turn a session that did not happen into NOT-EXERCISED.
 *
 * Config (IXIT, timeouts) is read here, inside the functions the tests call: never at load time.
 */

import type { InitiatedSession } from "../../harness/checks/client/default-command.ts";
import type { Node } from "../../harness/checks/client/node-content.ts";
import type { ExpectedOutcome } from "../../harness/checks/client/status-package.ts";
import type { Transcript } from "../../harness/model/transcript.ts";
import type { DeviceSessionView } from "../../harness/model/transcript-contract.ts";
import { statusFileOf } from "../../harness/model/transcript-contract.ts";
import { parseClientUri } from "../../harness/protocol/client-uri.ts";
import type { Tnds20Object } from "../../harness/protocol/tnds20.ts";
import { URL_PARAMS } from "../../harness/protocol/url-params.ts";
import { runContext, sharedOnce } from "../../harness/runner/run-context.ts";
import {
  type CertCase,
  type ControlSession,
  controlSession,
  DeviceSession,
  INVALID_CERT_CASES,
  type Pkg0Flags,
} from "../../harness/server-role/index.ts";

export const DEVINFO = "oma:mo:oma-dm-devinfo:1.0";
export const DEVDETAIL = "oma:mo:oma-dm-devdetail:1.0";

/** A tag unique to this run, so that stored content never matches what an earlier run left. */
function runTag(): string {
  return sharedOnceSync("client-suites.tag", () => Date.now().toString(36));
}

function sharedOnceSync<T>(key: string, make: () => T): T {
  const shared = runContext().shared;
  if (!shared.has(key)) shared.set(key, make());
  return shared.get(key) as T;
}

/** The IXIT's writableNode split: MOID and instance path ("oma:mo:oma-mms:1.3", "/3"). */
export function writable(): { node: string; moid: string; path: string } {
  const node = runContext().ixit.writableNode;
  const p = parseClientUri(node);
  return { node, moid: p.moid ?? node, path: p.path };
}

/** A TNDS20 object for the writable node with this content. */
function objectAt(content: Node): Tnds20Object {
  const w = writable();
  return { MOID: w.moid, Path: w.path, ...content } as Tnds20Object;
}

async function safely<T>(what: string, run: () => Promise<T>, fallback: (e: Error) => T): Promise<T> {
  try {
    return await run();
  } catch (e) {
    return fallback(new Error(`${what}: ${(e as Error).message}`));
  }
}

// --- 5.3: TLS and notifications --------------------------------------------------------------------

export interface TlsBatch {
  control: ControlSession;
  plaintext: { transcript: Transcript; url: string };
  certs: Record<Exclude<CertCase, "valid">, Transcript>;
}

/** Negative case: the device is notified of a listener it must refuse; watch it, answer anything with END. */
async function refusedSession(
  tlsCase: Exclude<CertCase, "valid"> | "plaintext",
): Promise<{ transcript: Transcript; url: string }> {
  const s = await DeviceSession.start({ tlsCase });
  try {
    // A certificate is refused on a connection the device does open: wait for it, then for retries.
    if (tlsCase !== "plaintext") await s.expectConnection();
    await s.expectQuiet();
  } finally {
    await s.close();
  }
  return { transcript: s.transcript, url: s.sessionUrl };
}

export function tlsBatch(): Promise<TlsBatch> {
  return sharedOnce("client-suites.tls", async () => {
    const [control, plaintext, ...certs] = await Promise.all([
      controlSession(),
      refusedSession("plaintext"),
      ...INVALID_CERT_CASES.map((c) => refusedSession(c)),
    ]);
    return {
      control,
      plaintext: plaintext!,
      certs: Object.fromEntries(
        INVALID_CERT_CASES.map((c, i) => [c, certs[i]!.transcript]),
      ) as TlsBatch["certs"],
    };
  });
}

/** The Pkg#0 flag combinations that matter: none, each alone, all. */
export const FLAG_MATRIX: Pkg0Flags[] = [
  {},
  { sendDevDetail: true },
  { sendSupportedMOs: true },
  { sendAllMOInstances: true },
  { sendDevDetail: true, sendSupportedMOs: true, sendAllMOInstances: true },
];

export function flagText(f: Pkg0Flags): string {
  return `send-devdetail=${f.sendDevDetail ? 1 : 0} send-supported-mo=${f.sendSupportedMOs ? 1 : 0} send-all-mo-instances=${f.sendAllMOInstances ? 1 : 0}`;
}

/** One session per flag combination: Pkg#1 answered with END. */
export function flagMatrix(): Promise<Array<{ flags: Pkg0Flags; view: DeviceSessionView }>> {
  return sharedOnce("client-suites.flag-matrix", () =>
    Promise.all(
      FLAG_MATRIX.map(async (flags) => ({
        flags,
        view: await (await DeviceSession.start({ flags })).run([]),
      })),
    ),
  );
}

// --- 5.5: END ----------------------------------------------------------------------------------------

export function endBatch(): Promise<{ alone: DeviceSessionView; withCommands: DeviceSessionView }> {
  return sharedOnce("client-suites.end", async () => {
    const alone = async () => {
      const s = await DeviceSession.start();
      try {
        if (await s.expectPkg1()) {
          s.respondEnd();
          await s.expectQuiet();
        }
      } finally {
        await s.close();
      }
      return s.view();
    };
    const withCommands = async () => {
      const s = await DeviceSession.start();
      try {
        if (await s.expectPkg1()) {
          const put = s.upload();
          const post = s.upload();
          s.respondEnd([`PUT ${put} ${DEVINFO}`, `POST ${post} ${DEVINFO}`]);
          // Their requests are the only sign they ran; then nothing else may come.
          await s.expectRequests([put, post]);
          await s.expectQuiet();
        }
      } finally {
        await s.close();
      }
      return s.view();
    };
    const [a, w] = await Promise.all([alone(), withCommands()]);
    return { alone: a, withCommands: w };
  });
}

// --- 5.6: status packages ----------------------------------------------------------------------------

export const MSGID_START = 41;

export interface StatusBatch {
  /** Pkg#1, then three answers from MsgID 41, each with an upload, then END. */
  msgIds: DeviceSessionView;
  /** One answer mixing working, failing and unrecognised commands; its expected outcomes by MsgID. */
  mixed: DeviceSessionView;
  outcomes: Record<number, ExpectedOutcome[]>;
}

export function statusBatch(): Promise<StatusBatch> {
  return sharedOnce("client-suites.status", async () => {
    const msgIds = async () => {
      const s = await DeviceSession.start({ msgIdStart: MSGID_START });
      return s.run([1, 2, 3].map(() => [`PUT ${s.upload()} ${DEVINFO}`]));
    };
    const mixedMsgId = 7;
    const mixed = async () => {
      const s = await DeviceSession.start({ msgIdStart: mixedMsgId });
      const w = writable();
      return s.run([
        [
          `PUT ${s.upload()} ${DEVINFO}`,
          `DELETE ${w.node}/NoSuchNode${runTag()}`,
          "FOO bar",
          `PUT ${s.upload()} ${DEVINFO}`,
          `get ${s.document([objectAt({ Name: "never stored" })])}`,
          // Extra parameter; both name nodes that do not exist, so even a device that runs it harms nothing.
          `DELETE ${w.node}/NoSuchNodeA${runTag()} ${w.node}/NoSuchNodeB${runTag()}`,
          `POST ${s.upload()} ${DEVINFO}`,
        ],
      ]);
    };
    const [a, b] = await Promise.all([msgIds(), mixed()]);
    return {
      msgIds: a,
      mixed: b,
      outcomes: {
        [mixedMsgId]: [
          "success",
          "failure",
          "unsupported",
          "success",
          "unsupported",
          "unsupported",
          "success",
        ],
      },
    };
  });
}

// --- 5.8: commands -----------------------------------------------------------------------------------

export interface CommandSessions {
  get: DeviceSessionView;
  uploads: DeviceSessionView;
  star: DeviceSessionView;
  exec: DeviceSessionView | null;
  showClose: DeviceSessionView;
  showContinue: DeviceSessionView;
  /** GET with ClientURI, then the read-back session. */
  store: DeviceSessionView[];
  levels: { view: DeviceSessionView; stored: Record<string, Node> };
  /** Plant a subtree, DELETE it, read back. */
  delete: DeviceSessionView[];
  defaults: { setup: DeviceSessionView[]; initiated: Record<"Device" | "User", InitiatedSession> };
}

/** GET without ClientURI (https and http://), the location read back, then deleted again. */
async function getWithoutClientUri(): Promise<DeviceSessionView> {
  const s = await DeviceSession.start();
  try {
    const tag = runTag();
    const w = writable();
    const plain = await s.plainOrigin();
    const doc = (n: string) => [
      { MOID: w.moid, Path: `/h${tag}${n}`, Name: `harness ${n}`, Sub: { Leaf: n } } as Tnds20Object,
    ];
    const httpsDoc = s.document(doc("a"));
    const httpDoc = `${plain}${new URL(s.document(doc("b"))).pathname}`;
    if (!(await s.expectPkg1())) return s.view();
    s.respond([`GET ${httpsDoc}`, `GET ${httpDoc}`]);
    const status = await s.expectStatus();
    if (!status) return s.view();
    const locations = statusFileOf(status).statuses.flatMap((st) => (st.params[0] ? [st.params[0]] : []));
    const absolute = locations.map((l) => (l.startsWith("/") ? `${w.moid}${l}` : l));
    if (absolute.length > 0) {
      s.respond(absolute.map((l) => `PUT ${s.upload()} ${l}`));
      if (!(await s.expectStatus())) return s.view();
      // Leave the device as it was.
      s.respond(absolute.map((l) => `DELETE ${l}`));
      if (!(await s.expectStatus())) return s.view();
    }
    s.respondEnd();
  } finally {
    await s.close();
  }
  return s.view();
}

async function execSession(): Promise<DeviceSessionView | null> {
  const exec = runContext().ixit.exec;
  if (!exec) return null;
  const s = await DeviceSession.start();
  try {
    const sink = s.alertSink();
    if (!(await s.expectPkg1())) return s.view();
    s.respond([`EXEC ${exec.node} ${sink}`]);
    if (!(await s.expectStatus())) return s.view();
    // The alert may come after the status: wait for it (bounded) before ending.
    if (!exec.alertServer) await s.expectRequests([sink]);
    s.respondEnd();
  } finally {
    await s.close();
  }
  return s.view();
}

async function showSession(mode: "Close" | "Continue"): Promise<DeviceSessionView> {
  const s = await DeviceSession.start();
  // The page is held until a DM package arrives or the quiet period ends: a device that does not
  // pause its session sends its status while the browser still waits.
  const { serverUri } = s.show(mode, { hold: true });
  return s.run([[`SHOW ${serverUri}`]]);
}

/** Stores known content at the writable node: in a session of its own, with a read-back of what was there before. */
async function storeAndReadBack(): Promise<DeviceSessionView[]> {
  const w = writable();
  const tag = runTag();
  const a = await DeviceSession.start();
  const first = await a.run([
    [
      `PUT ${a.upload()} ${w.node}`,
      `GET ${a.document([objectAt({ Name: `stored ${tag}`, [`H${tag}`]: { Leaf: "a", Deep: { Leaf: "b" } } })])} ${w.node}`,
    ],
  ]);
  const b = await DeviceSession.start();
  const second = await b.run([[`PUT ${b.upload()} ${w.node}`]]);
  return [first, second];
}

/** Stores a node three sublevels deep, then uploads it without Levels and with Levels 0, 1, 2. */
async function levelsSession(): Promise<{ view: DeviceSessionView; stored: Record<string, Node> }> {
  const w = writable();
  const content: Node = {
    Name: `levels ${runTag()}`,
    L1: { Leaf: "1", L2: { Leaf: "2", L3: { Leaf: "3" } } },
  };
  const s = await DeviceSession.start();
  const view = await s.run([
    [
      `GET ${s.document([objectAt(content)])} ${w.node}`,
      `PUT ${s.upload()} ${w.node}`,
      `PUT ${s.upload()} ${w.node}?Levels=0`,
      `POST ${s.upload()} ${w.node}?Levels=1`,
      `PUT ${s.upload()} ${w.node}?Levels=2`,
    ],
  ]);
  return { view, stored: { [w.node]: content } };
}

/** Plants Sub (with an interior child), DELETEs it in a second session, reads back in a third. */
async function deleteSessions(): Promise<DeviceSessionView[]> {
  const w = writable();
  const a = await DeviceSession.start();
  const planted = await a.run([
    [
      `GET ${a.document([objectAt({ Name: `delete ${runTag()}`, Sub: { Leaf: "x", Deep: { Leaf: "y" } } })])} ${w.node}`,
      `PUT ${a.upload()} ${w.node}`,
    ],
  ]);
  const b = await DeviceSession.start();
  const deleted = await b.run([[`DELETE ${w.node}/Sub`]]);
  const c = await DeviceSession.start();
  const readBack = await c.run([[`PUT ${c.upload()} ${w.node}`, `PUT ${c.upload()} ${w.node}/Sub`]]);
  return [planted, deleted, readBack];
}

/** DEFAULT MOID ServerURL in one session, then a device- or user-initiated request for that MOID. */
async function defaultRound(
  initiatedBy: "Device" | "User",
): Promise<{ setup: DeviceSessionView; initiated: InitiatedSession }> {
  const moid = writable().moid;
  const target = await DeviceSession.open({ path: `/dm/default-${initiatedBy.toLowerCase()}` });
  const setup = await DeviceSession.start();
  const setupView = await setup.run([[`DEFAULT ${moid} ${target.sessionUrl}`]]);
  await target.stimulateDefault(moid, initiatedBy);
  await target.run([]);
  return { setup: setupView, initiated: { transcript: target.transcript } };
}

export function commandSessions(): Promise<CommandSessions> {
  return sharedOnce("client-suites.commands", async () => {
    // Sessions on the writable node change the device: one after the other.
    const writableChain = async () => {
      const store = await safely("store", storeAndReadBack, () => []);
      const levels = await levelsSession();
      const del = await deleteSessions();
      return { store, levels, del };
    };
    const defaults = async () => {
      const device = await defaultRound("Device");
      const user = await defaultRound("User");
      return {
        setup: [device.setup, user.setup],
        initiated: { Device: device.initiated, User: user.initiated },
      };
    };
    const [get, uploads, star, exec, showClose, showContinue, chain, defs] = await Promise.all([
      getWithoutClientUri(),
      (async () => {
        const s = await DeviceSession.start();
        return s.run([
          [`PUT ${s.upload()} ${DEVINFO} ${DEVDETAIL}`, `POST ${s.upload()} ${DEVINFO} ${DEVDETAIL}`],
        ]);
      })(),
      (async () => {
        const s = await DeviceSession.start();
        return s.run([[`PUT ${s.upload()} *`, `POST ${s.upload()} *?Levels=1`]]);
      })(),
      execSession(),
      showSession("Close"),
      showSession("Continue"),
      writableChain(),
      defaults(),
    ]);
    return {
      get,
      uploads,
      star,
      exec,
      showClose,
      showContinue,
      store: chain.store,
      levels: chain.levels,
      delete: chain.del,
      defaults: defs,
    };
  });
}

// --- 5.8.1: URL parameters -----------------------------------------------------------------------------

/** One upload per placeholder (in the path), and one URL with all of them in the query. */
export function urlParamSession(): Promise<DeviceSessionView> {
  return sharedOnce("client-suites.url-params", async () => {
    const s = await DeviceSession.start();
    const each = URL_PARAMS.map((p) => `PUT ${s.template(`/${p}/[${p}]`)} ${DEVINFO}`);
    const all = `POST ${s.template(`?${URL_PARAMS.map((p) => `${p.toLowerCase()}=[${p}]`).join("&")}`)} ${DEVINFO}`;
    return s.run([[...each, all]]);
  });
}
