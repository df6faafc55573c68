/** The runner's own probe: one implementation for the tests, the bench and `drill --ephemeral`. */
export { findFreePort } from "../runner/postgres/free-port";
