/**
 * GET (5.8): "The Client MUST send a HTTP GET to ServerURI to retrieve an MO or a subpart of an MO.
 * If ClientURI is not included then the Client MUST return the new location as Param1 in the status
 * reporting. If ClientURI is specified then the client MUST try to store the retrieved MO at that
 * location and replace all existing data if any."
 *
 * Readings (docs/interpretations.md):
 * - A GET ServerURI may be http:// (the draft's own examples are). A device that follows it is
 *   never failed for that; one that does not follow an http:// ServerURI is recorded as not
 *   showing the behaviour rather than failed (refusing plaintext is a defensible choice).
 * - The location in Param1 may be a ClientURI ("MOID/path") naming the retrieved MO, or a path
 *   ("/7"); both are accepted and recorded. Where the batch reads the location back (PUT/POST of
 *   it in a later package), it must hold what was retrieved.
 * - "Replace all existing data": read back in a later upload, the node holds every node the
 *   harness served, and none of what was there before that the served MO does not have. Nodes the
 *   device adds on its own (defaults from the DDF) are recorded, not failed.
 */
import { exchangeEvidence, expectation, requestEvidence, responseEvidence } from "../../model/evidence.ts";
import type { HttpExchange } from "../../model/transcript.ts";
import type { DeviceSessionView } from "../../model/transcript-contract.ts";
import type { CheckResult, Evidence } from "../../model/verdict.ts";
import { parseClientUri } from "../../protocol/client-uri.ts";
import { moidMatches, parseTnds20 } from "../../protocol/tnds20.ts";
import { isUnrecognised } from "./command-kinds.ts";
import { contentOf, extraIn, missingFrom, type Node } from "./node-content.ts";
import { bad, type Observation, ok, unseen, verdictOf } from "./observations.ts";
import {
  type CommandWithStatus,
  commandsWithStatus,
  commandWindow,
  misdirectedRequests,
  requestsTo,
} from "./session-view.ts";
import { findUploads, type Upload, uploadedContent } from "./upload.ts";

export const CLAUSE_GET = "DMC-5.8-03";
export const CLAUSE_GET_LOCATION = "DMC-5.8-04";
export const CLAUSE_GET_STORE = "DMC-5.8-05";

export interface GetCommand {
  view: DeviceSessionView;
  c: CommandWithStatus;
  serverUri: string;
  clientUri?: string;
  requests: HttpExchange[];
  /** The first TNDS20 object the harness served for it (content without MOID/Path), when it served one. */
  served?: { moid: string; content: Node };
}

/** Every well-formed GET of the sessions, with its fetches and what the harness served for it. */
export function getsOf(views: DeviceSessionView[]): GetCommand[] {
  const out: GetCommand[] = [];
  for (const view of views) {
    for (const c of commandsWithStatus(view)) {
      if (c.command.name !== "GET" || isUnrecognised(c.command)) continue;
      const serverUri = c.command.params[0]!;
      const requests = requestsTo(view, serverUri, commandWindow(view, c.carrier)).filter(
        (ex) => ex.request.method === "GET",
      );
      const answered = requests.find((ex) => ex.response && ex.response.statusCode < 300);
      let served: GetCommand["served"];
      if (answered?.response) {
        const doc = parseTnds20(answered.response.body);
        const obj = doc.objects[0];
        if (obj) served = { moid: obj.MOID, content: contentOf(obj) };
      }
      out.push({
        view,
        c,
        serverUri,
        ...(c.command.params[1] === undefined ? {} : { clientUri: c.command.params[1] }),
        requests,
        ...(served ? { served } : {}),
      });
    }
  }
  return out;
}

/** DMC-5.8-03: each GET command makes an HTTP GET to its ServerURI. */
export function checkGetRequests(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  for (const g of getsOf(views)) {
    if (g.requests.length > 0) {
      obs.push(
        ok(
          `"${g.c.command.raw}" → GET ${g.requests[0]!.request.target}`,
          g.serverUri.startsWith("http://") ? "followed an http:// ServerURI" : undefined,
          [responseEvidence(g.c.carrier.exchange), requestEvidence(g.requests[0]!)],
        ),
      );
      continue;
    }
    const other = requestsTo(g.view, g.serverUri, commandWindow(g.view, g.c.carrier));
    if (other.length > 0) {
      obs.push(
        bad(`"${g.c.command.raw}" was fetched with HTTP ${other[0]!.request.method}, not GET`, [
          expectation(`method for ${g.serverUri}`, "GET", other[0]!.request.method),
          requestEvidence(other[0]!),
        ]),
      );
    } else if (g.serverUri.toLowerCase().startsWith("http://") && !isSuccess(g.c.status?.code)) {
      // Reading: 5.3's "MUST use HTTPS" read as binding every request to the server, plaintext
      // ServerURIs included. Refusing one, with an error status, is lawful; claiming success is not.
      obs.push(
        g.c.status
          ? ok(
              `"${g.c.command.raw}" → ${g.c.status.raw}: the device refused an http:// ServerURI`,
              "refuses plaintext ServerURIs (5.3's HTTPS read as binding every request)",
              [responseEvidence(g.c.carrier.exchange), requestEvidence(g.c.reporter!.exchange)],
            )
          : unseen(
              `"${g.c.command.raw}": the device did not follow an http:// ServerURI and reported no status`,
              [responseEvidence(g.c.carrier.exchange)],
            ),
      );
    } else {
      const elsewhere = misdirectedRequests(g.view, g.serverUri, commandWindow(g.view, g.c.carrier));
      obs.push(
        bad(
          `"${g.c.command.raw}" sent no HTTP GET to ${g.serverUri}${elsewhere[0] ? ` (it went to ${elsewhere[0].request.receivedOn ?? elsewhere[0].request.url} instead: the ServerURI's authority was ignored)` : ""}${g.c.status ? ` (yet reported status ${g.c.status.raw})` : ""}`,
          [
            expectation(
              `HTTP GET to ${g.serverUri}`,
              "one, while the batch runs",
              elsewhere[0] ? `a request to ${elsewhere[0].request.url}` : "none",
            ),
            responseEvidence(g.c.carrier.exchange),
            ...elsewhere.slice(0, 1).map((ex) => requestEvidence(ex)),
            ...(g.c.reporter ? [requestEvidence(g.c.reporter.exchange)] : []),
          ],
        ),
      );
    }
  }
  return verdictOf(CLAUSE_GET, "GET commands", obs);
}

/** The GET's batch and the status package that reports on it. */
function batchEvidence(g: GetCommand): Evidence[] {
  return [
    responseEvidence(g.c.carrier.exchange),
    ...(g.c.reporter ? [requestEvidence(g.c.reporter.exchange)] : []),
  ];
}

/** The GET's batch and its fetch (request and what the harness served), when it made one. */
function fetchEvidence(g: GetCommand): Evidence[] {
  return [responseEvidence(g.c.carrier.exchange), ...g.requests.slice(0, 1).flatMap(exchangeEvidence)];
}

function isSuccess(code: number | null | undefined): boolean {
  return code !== null && code !== undefined && code >= 200 && code < 300;
}

/** Later uploads (in any of the views) of a ClientURI, after `after` ms. */
function uploadsOf(uploads: Upload[], clientUri: string, after: number): Upload[] {
  return uploads.filter(
    (u) => u.carrier.exchange.startedAt > after && u.command.params.slice(1).includes(clientUri),
  );
}

/** DMC-5.8-04: GET without ClientURI reports the new location as Param1. */
export function checkGetLocation(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  const uploads = findUploads(views);
  for (const g of getsOf(views).filter((x) => x.clientUri === undefined)) {
    if (g.requests.length === 0 || !g.served) {
      obs.push(unseen(`"${g.c.command.raw}" retrieved nothing, so no location was due`, fetchEvidence(g)));
      continue;
    }
    const st = g.c.status;
    if (!st) {
      obs.push(unseen(`"${g.c.command.raw}" got no status to carry a location`, batchEvidence(g)));
      continue;
    }
    const evidence = [responseEvidence(g.c.carrier.exchange), requestEvidence(g.c.reporter!.exchange)];
    if (!isSuccess(st.code) || st.params.length === 0) {
      obs.push(
        bad(
          `"${g.c.command.raw}" retrieved ${g.served.moid} but its status "${st.raw}" carries no location as Param1`,
          [
            expectation(
              `status ${g.c.index + 1}`,
              `2xx with the new location as Param1 (e.g. 200 ${g.served.moid}/…)`,
              st.raw,
            ),
            ...evidence,
          ],
        ),
      );
      continue;
    }
    const location = st.params[0]!;
    const asUri = parseClientUri(location);
    let reading: string;
    if (location.startsWith("/")) reading = "location as a path";
    else if (
      asUri.ok &&
      !asUri.star &&
      asUri.moid !== null &&
      (moidMatches(asUri.moid, g.served.moid) || moidMatches(g.served.moid, asUri.moid))
    )
      reading = "location as a ClientURI (MOID/path)";
    else {
      obs.push(
        bad(
          `"${g.c.command.raw}" retrieved ${g.served.moid} but reports "${location}" as its location, which names no node of that MO`,
          [
            expectation(
              "Param1",
              `the new location of the ${g.served.moid} object (MOID/path or /path)`,
              location,
            ),
            ...evidence,
          ],
        ),
      );
      continue;
    }
    const readback = uploadsOf(uploads, location, g.c.carrier.exchange.startedAt)[0];
    if (readback) {
      const content = uploadedContent(readback, location);
      const missing = content ? missingFrom(g.served.content, content) : ["(no object for the location)"];
      if (!isSuccess(readback.statusCode) || missing.length > 0) {
        obs.push(
          bad(
            `the location "${location}" of "${g.c.command.raw}" does not hold what was retrieved: ${isSuccess(readback.statusCode) ? missing.slice(0, 3).join(", ") : `reading it back failed with status ${readback.statusCode}`}`,
            [
              expectation(
                `content at ${location}`,
                JSON.stringify(g.served.content),
                content ? JSON.stringify(content) : "(nothing)",
              ),
              ...evidence,
              ...readback.requests.slice(0, 1).map((ex) => requestEvidence(ex)),
            ],
          ),
        );
        continue;
      }
      reading += ", read back";
    }
    obs.push(
      ok(`"${g.c.command.raw}" → ${st.raw}`, reading, [
        ...evidence,
        ...(readback ? readback.requests.slice(0, 1).map((ex) => requestEvidence(ex)) : []),
      ]),
    );
  }
  return verdictOf(CLAUSE_GET_LOCATION, "GET commands without ClientURI", obs);
}

/** DMC-5.8-05: GET with ClientURI stores the MO there, replacing existing data; judged on a later upload of that node. */
export function checkGetStoresAt(views: DeviceSessionView[]): CheckResult {
  const obs: Observation[] = [];
  const uploads = findUploads(views);
  for (const g of getsOf(views).filter((x) => x.clientUri !== undefined)) {
    const clientUri = g.clientUri!;
    if (g.requests.length === 0 || !g.served) {
      obs.push(unseen(`"${g.c.command.raw}" retrieved nothing to store`, fetchEvidence(g)));
      continue;
    }
    const st = g.c.status;
    if (st && !isSuccess(st.code)) {
      obs.push(
        bad(
          `"${g.c.command.raw}" retrieved ${g.served.moid} but did not store it at ${clientUri} (status "${st.raw}")`,
          [
            expectation(`status of "${g.c.command.raw}"`, "2xx: the MO stored at ClientURI", st.raw),
            responseEvidence(g.c.carrier.exchange),
            ...(g.c.reporter ? [requestEvidence(g.c.reporter.exchange)] : []),
          ],
        ),
      );
      continue;
    }
    const at = g.c.carrier.exchange.startedAt;
    const before = [...uploads]
      .reverse()
      .find(
        (u) =>
          u.carrier.exchange.startedAt <= at &&
          u.command.params.slice(1).includes(clientUri) &&
          (u.carrier !== g.c.carrier || u.index < g.c.index),
      );
    const beforeContent = before ? uploadedContent(before, clientUri) : undefined;
    // The read-back comes from a later package than the GET's own batch.
    const after = uploadsOf(uploads, clientUri, at).find((u) => u.carrier !== g.c.carrier);
    const afterContent = after ? uploadedContent(after, clientUri) : undefined;
    if (!after || !afterContent) {
      obs.push(
        unseen(`"${g.c.command.raw}": ${clientUri} was not read back in a later package`, batchEvidence(g)),
      );
      continue;
    }
    const missing = missingFrom(g.served.content, afterContent);
    const leftovers = beforeContent
      ? extraIn(afterContent, g.served.content).filter((p) => pathIn(beforeContent, p))
      : [];
    const added = extraIn(afterContent, g.served.content).filter((p) => !leftovers.includes(p));
    const evidence = [
      responseEvidence(g.c.carrier.exchange),
      ...after.requests.slice(0, 1).map((ex) => requestEvidence(ex)),
    ];
    if (missing.length > 0) {
      obs.push(
        bad(
          `${clientUri} read back after "${g.c.command.raw}" lacks what was retrieved: ${missing.slice(0, 3).join(", ")}`,
          [
            expectation(
              `${clientUri} after the GET`,
              JSON.stringify(g.served.content),
              JSON.stringify(afterContent),
            ),
            ...evidence,
          ],
        ),
      );
    } else if (leftovers.length > 0) {
      obs.push(
        bad(
          `${clientUri} still holds data from before "${g.c.command.raw}": ${leftovers.slice(0, 3).join(", ")} (existing data must be replaced)`,
          [
            expectation(
              `${clientUri} after the GET`,
              `only the retrieved MO: ${JSON.stringify(g.served.content)}`,
              JSON.stringify(afterContent),
            ),
            ...evidence,
            ...(before
              ? before.requests
                  .slice(0, 1)
                  .map((ex) =>
                    requestEvidence(ex, `upload of ${clientUri} before the GET (exchange #${ex.seq})`),
                  )
              : []),
          ],
        ),
      );
    } else {
      obs.push(
        ok(
          `${clientUri} holds the retrieved MO when read back`,
          `${beforeContent ? "earlier content replaced" : "no earlier content read"}${added.length > 0 ? `; device added ${added.join(", ")}` : ""}`,
          evidence,
        ),
      );
    }
  }
  return verdictOf(CLAUSE_GET_STORE, "GET commands with ClientURI", obs);
}

function pathIn(node: Node, path: string): boolean {
  let cur: unknown = node;
  for (const seg of path.split("/").filter((s) => s.length > 0)) {
    if (typeof cur !== "object" || cur === null || !Object.hasOwn(cur, seg)) return false;
    cur = (cur as Node)[seg];
  }
  return true;
}
