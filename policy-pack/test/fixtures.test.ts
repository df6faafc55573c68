/**
 * The fixtures every other test starts from: taken from the real stacks once
 * per process, handed out as independent copies, linked as the engine would
 * link them, and found by look-ups that fail loudly instead of matching nothing.
 */
import { expect } from "chai";
import { T } from "../lib/types";
import {
    BACKUP_ACCOUNT,
    BACKUP_BUCKET_NAME,
    BACKUP_REGION,
    backupStack,
    bucket,
    childOf,
    COMPONENT,
    keyOf,
    previewedStacks,
    settingOf,
    SOURCE_ACCOUNT,
    sourceStack,
    without,
} from "./fixtures";
import { specUrn } from "./harness";

describe("policy-pack fixtures", () => {
    it("previews each stack once per process and hands out independent deep copies", async () => {
        const first = await backupStack();
        bucket(first, "primary").props.objectLockEnabled = false;
        const second = await backupStack();
        expect(bucket(second, "primary").props.objectLockEnabled).to.equal(true);
        await sourceStack();
        await sourceStack();
        const counts = previewedStacks().reduce<Record<string, number>>(
            (n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }),
            {},
        );
        expect(counts).to.deep.equal({ "prod-backup": 1, "prod-source": 1 });
    });

    it("ties each setting to its own bucket only, and each child to its component", async () => {
        const specs = await backupStack();
        for (const role of ["primary", "replica"] as const) {
            const b = bucket(specs, role);
            for (const type of [
                T.objectLock,
                T.encryption,
                T.versioning,
                T.publicAccessBlock,
                T.bucketPolicy,
            ]) {
                const setting = settingOf(specs, type, role);
                expect(setting.propertyDependencies?.bucket, `${type} of ${role}`).to.deep.equal([
                    specUrn(b),
                ]);
            }
        }
        const component = specs.find((s) => s.type === COMPONENT.bucket)!;
        expect(component.parent, "top-level components have no recorded parent").to.equal(undefined);
        expect(keyOf(specs, COMPONENT.bucket).parent).to.equal(specUrn(component));
    });

    it("look-ups fail with a clear message when nothing, or more than one thing, matches", async () => {
        const specs = await backupStack();
        expect(() => bucket(without(specs, bucket(specs, "replica")), "replica")).to.throw(
            'expected exactly one bucket tagged strongbox:bucket-role: "replica" in the stack, found 0',
        );
        expect(() => childOf(specs, COMPONENT.vault, "-no-such-child")).to.throw(
            'expected exactly one child "<strongbox:backup:CrossAccountVault>-no-such-child" in the stack, found 0',
        );
        expect(() => childOf(specs, "strongbox:none:Nothing", "-key")).to.throw("found 0");
        const doubled = [...specs, { ...settingOf(specs, T.objectLock, "primary"), urn: "urn:copy" }];
        expect(() => settingOf(doubled, T.objectLock, "primary")).to.throw("found 2");
    });

    it("`without` drops a resource and every reference to it", async () => {
        const specs = await backupStack();
        const primary = bucket(specs, "primary");
        const rest = without(specs, primary);
        expect(rest).to.have.length(specs.length - 1);
        const refs = rest.flatMap((s) => [
            s.parent,
            ...(s.dependsOn ?? []),
            ...Object.values(s.propertyDependencies ?? {}).flat(),
        ]);
        expect(refs).to.not.include(specUrn(primary));
        expect(() => without(rest, primary)).to.throw("is not among the specs");
    });

    it("the constants read from the stack files are what the stacks declare", async () => {
        const backup = await backupStack();
        expect(bucket(backup, "primary").props.bucket).to.equal(BACKUP_BUCKET_NAME);
        expect(keyOf(backup, COMPONENT.bucket).props.arn).to.match(
            new RegExp(`^arn:aws:kms:${BACKUP_REGION}:${BACKUP_ACCOUNT}:key/`),
        );
        expect(childOf(await sourceStack(), COMPONENT.runner, "-role").props.arn).to.match(
            new RegExp(`^arn:aws:iam::${SOURCE_ACCOUNT}:role/`),
        );
    });
});
