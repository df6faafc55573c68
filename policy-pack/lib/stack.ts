/**
 * Tying @pulumi/aws v7's per-setting resources (lock, encryption, versioning,
 * policy...) back to the bucket, vault or role they configure. At preview the
 * `bucket` input of a new lock configuration is the bucket's unknown ID, so the
 * engine's dependency information comes first and values second:
 *   1. `propertyDependencies[<prop>]` names the target;
 *   2. the resource is a child of the target;
 *   3. the input's value equals the target's id, name or ARN;
 *   4. exactly one candidate among the resource's `dependencies`;
 *   5. exactly one candidate under the same parent component.
 */
import { PolicyResource } from "@pulumi/policy";
import { BUCKET_TYPES } from "./types";
import { PackConfig } from "./config";
import { isUnknown, plain, Props, record, str } from "./values";

export const UNRESOLVED = "unknown" as const;

/** The candidate that `resource.<prop>` refers to; UNRESOLVED when only an unknown value could tell. */
export function resolveRef(
    resource: PolicyResource,
    prop: string,
    candidates: readonly PolicyResource[],
    valueKeys: readonly string[] = ["id", "name", "arn", "bucket"],
): PolicyResource | typeof UNRESOLVED | undefined {
    const among = (rs: readonly PolicyResource[] | undefined) =>
        (rs ?? []).filter((r) => candidates.includes(r));
    const byProp = among(resource.propertyDependencies?.[prop]);
    if (byProp.length > 0) return byProp[0];
    if (resource.parent && candidates.includes(resource.parent)) return resource.parent;
    const value = plain(resource.props)[prop];
    return resolveValue(value, candidates, valueKeys) ?? resolveByStructure(resource, candidates, value);
}

function resolveByStructure(
    resource: PolicyResource,
    candidates: readonly PolicyResource[],
    value: unknown,
): PolicyResource | typeof UNRESOLVED | undefined {
    const byDeps = (resource.dependencies ?? []).filter((r) => candidates.includes(r));
    if (byDeps.length === 1) return byDeps[0];
    const parentUrn = resource.parent?.urn;
    if (parentUrn !== undefined) {
        const siblings = candidates.filter((c) => c.parent?.urn === parentUrn);
        if (siblings.length === 1) return siblings[0];
    }
    return isUnknown(value) ? UNRESOLVED : undefined;
}

/** The candidate whose id, name or ARN equals `value` (a string; anything else resolves nothing). */
export function resolveValue(
    value: unknown,
    candidates: readonly PolicyResource[],
    valueKeys: readonly string[] = ["id", "name", "arn", "bucket"],
): PolicyResource | undefined {
    const wanted = str(value);
    if (wanted === undefined) return undefined;
    return candidates.find((c) => {
        const p = plain(c.props);
        return valueKeys.some((k) => str(p[k]) === wanted);
    });
}

export function ofTypes(resources: readonly PolicyResource[], types: readonly string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/**
 * Whether a bucket holds backups: tagged `<backupBucketTagKey>: <backupBucketTagValue>` in its own `tags` or,
 * when known, its provider default tags (`tagsAll`, often unknown at preview); or, without that tag, named
 * with one of `backupBucketNamePrefixes`. An explicit other tag value (the access-log bucket's "false") wins.
 */
export function isBackupBucket(props: Props, cfg: PackConfig): boolean | typeof UNRESOLVED {
    if (isUnknown(props.tags)) return UNRESOLVED;
    for (const tags of [props.tags, props.tagsAll]) {
        if (isUnknown(tags)) continue;
        const tag = record(tags)?.[cfg.backupBucketTagKey];
        if (isUnknown(tag)) return UNRESOLVED;
        if (tag !== undefined) return tag === cfg.backupBucketTagValue;
    }
    const name = str(props.bucket) ?? str(props.bucketPrefix);
    return name !== undefined && cfg.backupBucketNamePrefixes.some((prefix) => name.startsWith(prefix));
}

export interface BackupBuckets {
    readonly buckets: PolicyResource[];
    /** Buckets whose tags are unknown at preview: they may be backup buckets. */
    readonly undecided: PolicyResource[];
    /** Every bucket of the stack (settings resolve against all of them, then are kept if theirs is a backup bucket). */
    readonly all: PolicyResource[];
}

export function backupBuckets(resources: readonly PolicyResource[], cfg: PackConfig): BackupBuckets {
    const all = ofTypes(resources, BUCKET_TYPES);
    const buckets: PolicyResource[] = [];
    const undecided: PolicyResource[] = [];
    for (const b of all) {
        const verdict = isBackupBucket(plain(b.props), cfg);
        if (verdict === UNRESOLVED) undecided.push(b);
        else if (verdict) buckets.push(b);
    }
    return { buckets, undecided, all };
}

/** Settings resources of `types` that configure `bucket` (resolved against every bucket in the stack). */
export function settingsOf(
    bucket: PolicyResource,
    resources: readonly PolicyResource[],
    types: readonly string[],
    allBuckets: readonly PolicyResource[],
    prop = "bucket",
): { found: PolicyResource[]; unresolved: PolicyResource[] } {
    const found: PolicyResource[] = [];
    const unresolved: PolicyResource[] = [];
    for (const s of ofTypes(resources, types)) {
        const target = resolveRef(s, prop, allBuckets);
        if (target === bucket) found.push(s);
        else if (target === UNRESOLVED) unresolved.push(s);
    }
    return { found, unresolved };
}

/** `Bucket "name"`-style label used in messages: the Pulumi resource name, which is known at preview. */
export function label(r: PolicyResource): string {
    return `"${r.name}"`;
}
