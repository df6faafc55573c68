/**
 * `strongbox:backup.bucket.replica.name` reaches the replica bucket. The stack once passed the config's
 * `replica` object to the component as is, whose field is `bucketName`, so the configured name was
 * silently replaced by the default `<name>-replica`.
 */
import { expect } from "chai";
import { parseStackConfig } from "../../stacks/config";
import { installMocks, RecordedResource, settle } from "../harness/offline-mocks";
import { readStackRawConfig } from "../../scripts/preview-offline";

describe("backup stack: a configured replica name", () => {
    let recorded: RecordedResource[];

    before(async () => {
        recorded = await installMocks({ accountId: "111111111111", region: "ap-southeast-4" });
        // Imported only after the mocks are installed: a Pulumi module loaded earlier would bind to the real runtime.
        const { buildBackupStack } = await import("../../stacks/backup-stack");
        const { raw, region } = readStackRawConfig("prod-backup");
        const backup = structuredClone(raw.backup) as { bucket: Record<string, unknown> };
        backup.bucket.replica = { region: "ap-southeast-2", name: "acme-strongbox-dr-copy" };
        const cfg = parseStackConfig({ ...raw, environment: "named", backup }, region);
        if (cfg.role !== "backup") throw new Error("expected a backup stack config");
        buildBackupStack(cfg);
        await settle();
    });

    it("names the replica bucket, and its key's alias, as configured", () => {
        const bucket = recorded.find((r) => r.name === "backup-named-replica-bucket");
        expect(bucket?.inputs.bucket).to.equal("acme-strongbox-dr-copy");
        const alias = recorded.find((r) => r.name === "backup-named-replica-key-alias");
        expect(alias?.inputs.name).to.equal("alias/strongbox-acme-strongbox-dr-copy");
    });
});
