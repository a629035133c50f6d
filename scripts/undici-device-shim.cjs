/**
 * What the reference device takes from undici (Agent, buildConnector, request), without the rest
 * of undici's index (fetch, WebSocket, cookies, caches, mocks…). The build resolves the device's
 * `import … from "undici"` to this file (scripts/build.mjs), because the device runs as one
 * process per DM session and loading the whole index was a fifth of its start-up. The same
 * undici files as the full index: bundled together, they are one copy, and undici's own classes.
 */
const Dispatcher = require("../node_modules/undici/lib/dispatcher/dispatcher.js");
const api = require("../node_modules/undici/lib/api/index.js");
const Agent = require("../node_modules/undici/lib/dispatcher/agent.js");
const buildConnector = require("../node_modules/undici/lib/core/connect.js");
const util = require("../node_modules/undici/lib/core/util.js");
const { InvalidArgumentError } = require("../node_modules/undici/lib/core/errors.js");

// As undici's index.js does: request(), stream()… become methods of every dispatcher.
Object.assign(Dispatcher.prototype, api);

/** undici's top-level request() for the one way the device calls it: a URL and a dispatcher. */
function request(url, opts) {
  if (!opts || typeof opts !== "object" || !opts.dispatcher)
    throw new InvalidArgumentError("the reference device always passes its dispatcher");
  const parsed = util.parseURL(url);
  return opts.dispatcher.request({
    ...opts,
    origin: parsed.origin,
    path: parsed.search ? `${parsed.pathname}${parsed.search}` : parsed.pathname,
    method: opts.method || (opts.body ? "PUT" : "GET"),
  });
}

module.exports = { Agent, buildConnector, request };
