/**
 * What the harness takes from undici (Agent, buildConnector, request), without the rest of
 * undici's index (fetch, WebSocket, cookies, caches, mocks…). The build resolves every
 * `import … from "undici"` of the harness to this file (scripts/build.mjs): the index is ~0.57 MB
 * of compiled code that each process loaded, and each thread of a self-test, for three functions;
 * for the reference device (one process per DM session of an external-device run) it was a fifth
 * of its start-up. The same undici files as the full index, bundled once: undici's own classes.
 */
const Dispatcher = require("../node_modules/undici/lib/dispatcher/dispatcher.js");
const api = require("../node_modules/undici/lib/api/index.js");
const Agent = require("../node_modules/undici/lib/dispatcher/agent.js");
const buildConnector = require("../node_modules/undici/lib/core/connect.js");
const util = require("../node_modules/undici/lib/core/util.js");
const { InvalidArgumentError } = require("../node_modules/undici/lib/core/errors.js");
const { getGlobalDispatcher } = require("../node_modules/undici/lib/global.js");

// As undici's index.js does: request(), stream()… become methods of every dispatcher.
Object.assign(Dispatcher.prototype, api);

/**
 * undici's top-level request() for the ways the harness calls it: a URL string, with a dispatcher
 * of its own or the global one (as the index's request does when none is given).
 */
function request(url, opts = {}) {
  if (typeof url !== "string" || typeof opts !== "object" || opts === null || opts.path !== undefined)
    throw new InvalidArgumentError("the harness calls request() with a URL string and no path option");
  const parsed = util.parseURL(url);
  return (opts.dispatcher ?? getGlobalDispatcher()).request({
    ...opts,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
    method: opts.method || (opts.body ? "PUT" : "GET"),
  });
}

module.exports = { Agent, buildConnector, request };
