/**
 * What the engine sends for values unknown until apply, and the proxy that
 * throws when a policy reads one: both taken from @pulumi/policy's internals,
 * so the tests use exactly what its analyzer uses.
 */
import * as policy from "@pulumi/policy";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T extends object>(props: T): T;
    unknownStringValue: string;
    unknownNumberValue: string;
    unknownBooleanValue: string;
    unknownArrayValue: string;
    unknownObjectValue: string;
    unknownAssetValue: string;
    unknownArchiveValue: string;
};

/** The error a policy raises when it cannot decide until apply; the analyzer turns it into an advisory. */
export const UnknownValueError = (policy as unknown as { UnknownValueError: new (...a: never[]) => Error })
    .UnknownValueError;

/** What the engine sends for a string (or ID, ARN, JSON document) that is unknown until apply. */
export const UNKNOWN = proxy.unknownStringValue;
export const UNKNOWN_NUMBER = proxy.unknownNumberValue;
export const UNKNOWN_BOOLEAN = proxy.unknownBooleanValue;
export const ALL_SENTINELS: readonly string[] = [
    proxy.unknownBooleanValue,
    proxy.unknownNumberValue,
    proxy.unknownStringValue,
    proxy.unknownArrayValue,
    proxy.unknownAssetValue,
    proxy.unknownArchiveValue,
    proxy.unknownObjectValue,
];
export const unknownCheckingProxy = proxy.unknownCheckingProxy;
