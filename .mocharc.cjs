// The package is ESM; tsx is loaded in-process (not via node-option, which re-spawns node and
// silently drops allure-mocha's extraReporters).
module.exports = {
  require: ["tsx"],
  extension: ["ts"],
  spec: ["test/**/*.test.ts"],
  reporter: "./test/support/summary-reporter.cjs",
  timeout: 60000,
  parallel: false,
  exit: true,
};
