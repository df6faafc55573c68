import { expect } from "chai";
import { actionMatches, globsIntersect, parsePolicy } from "../lib/iam";
import { resolveRef, UNRESOLVED } from "../lib/stack";
import { T } from "../lib/types";
import { policyResources, Spec, UNKNOWN } from "./harness";

describe("pack library", () => {
    describe("resolveRef: which bucket a setting configures", () => {
        // The replication config of components/replica-bucket.ts: child of the replica component, depends on both buckets.
        const specs = (extra: Partial<Spec> = {}): Spec[] => [
            { type: "strongbox:storage:ReplicaBucket", name: "replica", props: {} },
            { type: T.bucket, name: "primary-bucket", props: { id: "primary", bucket: "primary" } },
            {
                type: T.bucket,
                name: "replica-bucket",
                parent: "replica",
                props: { id: "replica", bucket: "replica" },
            },
            {
                type: T.replication,
                name: "replication",
                parent: "replica",
                props: { bucket: UNKNOWN },
                dependsOn: ["primary-bucket", "replica-bucket"],
                ...extra,
            },
        ];
        const resolve = (s: Spec[]) => {
            const rs = policyResources(s);
            const target = resolveRef(rs[3], "bucket", rs.slice(1, 3));
            return target === UNRESOLVED || target === undefined ? target : target.name;
        };

        it("takes propertyDependencies first, over dependencies and siblings", () => {
            expect(resolve(specs({ propertyDependencies: { bucket: ["primary-bucket"] } }))).to.equal(
                "primary-bucket",
            );
        });
        it("takes the value when it is known", () => {
            expect(resolve(specs({ props: { bucket: "primary" } }))).to.equal("primary-bucket");
        });
        it("falls back to the only bucket among siblings, and says unresolved when nothing tells", () => {
            expect(resolve(specs())).to.equal("replica-bucket");
            expect(resolve(specs({ parent: undefined }))).to.equal(UNRESOLVED);
            expect(resolve(specs({ parent: undefined, props: { bucket: "elsewhere" } }))).to.equal(undefined);
        });
    });

    describe("IAM grammar", () => {
        it("matches IAM wildcards case-insensitively, pattern against pattern", () => {
            expect(actionMatches("s3:Put*", "s3:PutObject")).to.equal(true);
            expect(actionMatches("S3:PUTOBJECT", "s3:PutObject")).to.equal(true);
            expect(actionMatches("s3:Get*", "s3:PutObject")).to.equal(false);
            expect(globsIntersect("s3:*", "s3:deleteobject*")).to.equal(true);
            expect(globsIntersect("s3:delete*", "s3:deleteobject*")).to.equal(true);
            expect(globsIntersect("s3:deletebucket*", "s3:deleteobject*")).to.equal(false);
            expect(globsIntersect("s3:?utobject", "s3:putobject")).to.equal(true);
        });
        it("parses JSON text or objects, single statements and single actions", () => {
            const parsed = parsePolicy({
                Statement: {
                    Effect: "Deny",
                    Principal: { AWS: "*" },
                    Action: "s3:*",
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
            });
            expect(parsed.ok).to.equal(true);
            if (!parsed.ok) return;
            expect(parsed.statements).to.have.length(1);
            expect(parsed.statements[0].principalIsEveryone).to.equal(true);
            expect(parsed.statements[0].conditions.get("bool")?.get("aws:securetransport")).to.deep.equal([
                "false",
            ]);
            expect(parsePolicy("{nope").ok).to.equal(false);
            expect(parsePolicy("{}").ok).to.equal(false);
        });
    });
});
