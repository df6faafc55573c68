/**
 * What the runner bundle may contain now lives with everything the scheduled jobs share
 * (`components/common/job/bundle-contents.ts`); the bundle build (`scripts/build-runner-bundle.ts`) and the
 * job-phase test helpers still import it from here.
 */
export * from "../common/job/bundle-contents";
