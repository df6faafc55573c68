/**
 * The runner's version, recorded in every receipt so that an auditor can tell which code made a check.
 * It is package.json's `version` (the bundle does not carry package.json); test/runner/version.test.ts
 * fails when the two differ.
 */
export const RUNNER_VERSION = "0.1.0";
