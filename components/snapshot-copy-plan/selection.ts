/**
 * Which databases a plan backs up, as AWS Backup selections. A selection's `resources` and `conditions`
 * are ANDed, several conditions are ANDed, and a selection with neither selects every supported resource
 * of the account (re:Post "How do I assign resources to a backup plan"; "BackupSelection", AWS Backup API
 * reference), so validation refuses an empty one and tag selections are confined to RDS ARNs.
 *
 * Sensitive databases get their own plan (a copy action belongs to a rule, and a rule applies to every
 * resource of its plan). The general selections exclude them, by ARN (`notResources`) and by their tag
 * (`StringNotEquals`, true for a resource without the tag), so a sensitive snapshot never lands in the
 * general vault.
 */
import { SnapshotSelectionArgs } from "./args";
import { rdsResourcePatterns } from "./arns";

/** One `aws.backup.Selection`'s contents (without its plan and role). */
export interface SelectionSpec {
    /** Suffix of the resource name: `arns` or `tags`. */
    readonly kind: "arns" | "tags";
    readonly resources: string[];
    readonly notResources?: string[];
    readonly conditions?: {
        stringEquals?: { key: string; value: string }[];
        stringNotEquals?: { key: string; value: string }[];
    };
}

const tagKey = (key: string) => `aws:ResourceTag/${key}`;

/** The selections of `s`; `exclude` is the sensitive selection the general one must never pick. */
export function selectionSpecs(s: SnapshotSelectionArgs, exclude?: SnapshotSelectionArgs): SelectionSpec[] {
    const notResources = exclude?.resourceArns?.length ? [...exclude.resourceArns] : undefined;
    const stringNotEquals = Object.entries(exclude?.resourceTags ?? {}).map(([key, value]) => ({
        key: tagKey(key),
        value,
    }));
    const excluding = {
        ...(notResources && { notResources }),
        ...(stringNotEquals.length > 0 && { stringNotEquals }),
    };
    const specs: SelectionSpec[] = [];
    if (s.resourceArns?.length) {
        specs.push({
            kind: "arns",
            resources: [...s.resourceArns],
            ...(notResources && { notResources }),
            ...(stringNotEquals.length > 0 && { conditions: { stringNotEquals } }),
        });
    }
    const tags = Object.entries(s.resourceTags ?? {});
    if (tags.length > 0) {
        specs.push({
            kind: "tags",
            resources: rdsResourcePatterns(),
            ...(excluding.notResources && { notResources: excluding.notResources }),
            conditions: {
                stringEquals: tags.map(([key, value]) => ({ key: tagKey(key), value })),
                ...(stringNotEquals.length > 0 && { stringNotEquals }),
            },
        });
    }
    return specs;
}
