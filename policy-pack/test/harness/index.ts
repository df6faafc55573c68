/**
 * Offline harness for the pack: builds the argument bags the analyzer would and
 * runs policies the way its server does. Tests never import the pack's
 * `index.ts`, which would start a policy server.
 */
export { configFor, isTypeOf, policyResources, resourceArgs, Spec, specUrn, stackArgs, urnOf } from "./args";
export {
    Diagnostic,
    isStackPolicy,
    PACK,
    Report,
    RunOptions,
    runPack,
    runResourcePolicy,
    runStackPolicy,
} from "./analyzer";
export { ALL_SENTINELS, UNKNOWN, UNKNOWN_BOOLEAN, UNKNOWN_NUMBER, unknownCheckingProxy } from "./unknowns";
