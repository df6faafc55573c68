import type { RecordedResource } from "../../test/harness/offline-mocks";
import type { OfflinePreview } from "../preview-offline";

/**
 * The backup bucket the demo creates in the emulator, read from what the real backup stack declares (the
 * offline preview of `prod-backup` under Pulumi mocks, with its own `Pulumi.prod-backup.yaml`): the
 * names, the lock mode and retention, the encryption, the key prefix and the databases come from there,
 * never from constants of the demo's, so the demo shows the bucket the stack would build.
 */
export interface BucketPlan {
    readonly stack: string;
    readonly region: string;
    readonly bucketName: string;
    readonly objectLock: { readonly mode: string; readonly days: number };
    readonly encryption: {
        readonly sseAlgorithm: string;
        readonly bucketKeyEnabled: boolean;
        readonly blockedEncryptionTypes: readonly string[];
        /** The stack's key, described as the stack describes it; the emulator gets a key of its own. */
        readonly keyDescription: string;
    };
    readonly versioning: string;
    readonly objectOwnership: string | undefined;
    readonly publicAccessBlock: Readonly<Record<string, boolean>> | undefined;
    /** The lifecycle rules as the stack declares them (Pulumi's input shape). */
    readonly lifecycleRules: readonly Record<string, unknown>[];
    /** The writers' key prefix the demo's databases are granted under. */
    readonly keyPrefix: string;
    /** At most two databases one writer is granted: the demo backs these up. */
    readonly databases: readonly string[];
}

const BUCKET_COMPONENT = "strongbox:storage:ImmutableBackupBucket";

function one(resources: readonly RecordedResource[], type: string, parentUrn: string): RecordedResource {
    const found = resources.filter((r) => r.type === type && r.parentUrn === parentUrn);
    if (found.length !== 1) {
        throw new Error(
            `the backup stack declares ${found.length} ${type} directly under its ${BUCKET_COMPONENT}, not 1: ` +
                "the demo cannot tell which bucket the dumps go to",
        );
    }
    return found[0];
}

/** The writers output: role ARN to `{ keyPrefix, databases }`. */
type Writers = Record<string, { keyPrefix: string; databases: string[] }>;

/** Reads the plan from a preview of the backup stack (pure, so a test can feed it a changed config's). */
export function planFromPreview(preview: OfflinePreview): BucketPlan {
    const optional = (type: string) =>
        preview.resources.find((r) => r.type === type && r.parentUrn === component?.urn)?.inputs;
    const component = preview.resources.find((r) => r.type === BUCKET_COMPONENT);
    if (!component) {
        throw new Error(
            `stack ${preview.stack} declares no ${BUCKET_COMPONENT}: give the demo the backup stack`,
        );
    }
    const within = (type: string) => one(preview.resources, type, component.urn).inputs;
    const bucket = within("aws:s3/bucket:Bucket");
    const lock = within("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration") as {
        rule?: { defaultRetention?: { mode?: string; days?: number } };
    };
    const encryption = within(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    ) as {
        rules?: Array<{
            applyServerSideEncryptionByDefault?: { sseAlgorithm?: string };
            bucketKeyEnabled?: boolean;
            blockedEncryptionTypes?: string[];
        }>;
    };
    // Absent when the stack brings its own key (`bucket.kmsKeyArn`).
    const versioning = within("aws:s3/bucketVersioning:BucketVersioning") as {
        versioningConfiguration?: { status?: string };
    };
    const ownership = optional("aws:s3/bucketOwnershipControls:BucketOwnershipControls") as
        { rule?: { objectOwnership?: string } } | undefined;
    const publicAccess = optional("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
    const lifecycle = optional("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration") as
        { rules?: Record<string, unknown>[] } | undefined;
    const key = optional("aws:kms/key:Key") as { description?: string } | undefined;
    const retention = lock.rule?.defaultRetention;
    const rule = encryption.rules?.[0];
    const writer = Object.values((preview.outputs.writers ?? {}) as Writers)[0];
    if (
        !retention?.mode ||
        retention.days === undefined ||
        !rule?.applyServerSideEncryptionByDefault?.sseAlgorithm
    ) {
        throw new Error(`stack ${preview.stack} declares no default retention or no default encryption`);
    }
    if (!writer || writer.databases.length === 0) {
        throw new Error(`stack ${preview.stack} grants no writer a database (its \`writers\` output)`);
    }
    return {
        stack: preview.stack,
        region: (bucket.region as string | undefined) ?? String(preview.outputs.bucketRegion),
        bucketName: String(bucket.bucket),
        objectLock: { mode: retention.mode, days: retention.days },
        encryption: {
            sseAlgorithm: rule.applyServerSideEncryptionByDefault.sseAlgorithm,
            bucketKeyEnabled: rule.bucketKeyEnabled === true,
            blockedEncryptionTypes: rule.blockedEncryptionTypes ?? [],
            keyDescription: key?.description ?? "the stack's own key (`bucket.kmsKeyArn`)",
        },
        versioning: versioning.versioningConfiguration?.status ?? "Disabled",
        objectOwnership: ownership?.rule?.objectOwnership,
        // Its four switches; `bucket` and `region` are where it applies, not what it blocks.
        publicAccessBlock:
            publicAccess &&
            (Object.fromEntries(
                Object.entries(publicAccess).filter(([, v]) => typeof v === "boolean"),
            ) as Record<string, boolean>),
        lifecycleRules: lifecycle?.rules ?? [],
        keyPrefix: writer.keyPrefix,
        databases: writer.databases.slice(0, 2),
    };
}

/** Runs the offline preview of `stack` (the real program under Pulumi mocks) and reads the plan from it. */
export async function readBucketPlan(stack: string): Promise<BucketPlan> {
    // Loaded here: the Pulumi SDK and the program are needed for this step only.
    const { runStackOffline } = await import("../preview-offline");
    return planFromPreview(await runStackOffline(stack));
}
