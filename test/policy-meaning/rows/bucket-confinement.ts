/**
 * Where each writer may write and read: only its own databases' prefixes. `bucketTwoWriters` is the
 * example stack previewed with a second source account whose runner also backs up a database called like
 * the first writer's, under its own `keyPrefix` (fixtures.ts): what one backup account serving two source
 * accounts renders.
 */
import type { Row } from "../table";
import * as f from "../fixtures";

const { request: r, s3Put: put } = f;
const ownDump = f.DUMP_KEY;
const otherDatabase = f.dumpKeyOf(f.PREFIX, f.OTHER_DATABASE);
const bPrefix = f.WRITER_B_ENTRY.keyPrefix;
const bDump = f.dumpKeyOf(bPrefix, f.DATABASE);

export const confinementRows: Row[] = [
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", otherDatabase, put("PutObject")),
        expected: "ImplicitDeny",
        reason: "a database it does not back up, under its own prefix: no Allow, so refused cross-account",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:GetObject", otherDatabase),
        expected: "ImplicitDeny",
        reason: "nor may it read one (HeadObject needs s3:GetObject)",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", `${f.BUCKET_ARN}/other/appdb.sql.gz`, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWriterWritesOutsidePrefix",
        reason: "write outside every configured prefix",
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:PutObject", `${f.BUCKET_ARN}/${f.PREFIX}-evil/x.sql.gz`, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWriterWritesOutsidePrefix",
        reason: 'a look-alike prefix: the allow-list is "<prefix>/", slash included',
    },
    {
        policy: "bucket",
        request: r(
            f.WRITER,
            "s3:PutObject",
            `${f.BUCKET_ARN}/${f.PREFIX}/${f.DATABASE}-x/k`,
            put("PutObject"),
        ),
        expected: "ImplicitDeny",
        reason: 'a look-alike database: the Allow is "<prefix>/<database>/", slash included',
    },
    {
        policy: "bucket",
        request: r(f.WRITER, "s3:ListBucket", f.BUCKET_ARN),
        expected: "ImplicitDeny",
        reason: "the writer does not list the bucket",
    },
    {
        policy: "bucketTwoWriters",
        request: r(f.WRITER, "s3:PutObject", ownDump, put("PutObject")),
        expected: "Allow",
        sid: "AllowWriterDatabases0",
        reason: "account A's runner writes its own appdb",
    },
    {
        policy: "bucketTwoWriters",
        request: r(f.WRITER_B, "s3:PutObject", bDump, put("CompleteMultipartUpload")),
        expected: "Allow",
        sid: "AllowWriterDatabases1",
        reason: "account B's runner writes its appdb under its own prefix",
    },
    {
        policy: "bucketTwoWriters",
        request: r(f.WRITER, "s3:GetObject", bDump),
        expected: "ImplicitDeny",
        reason: "account A's runner cannot read account B's appdb",
    },
    {
        policy: "bucketTwoWriters",
        request: r(f.WRITER, "s3:PutObject", bDump, put("PutObject")),
        expected: "ImplicitDeny",
        reason: "nor plant a dump there",
    },
    {
        policy: "bucketTwoWriters",
        request: r(f.WRITER_B, "s3:GetObject", ownDump),
        expected: "ImplicitDeny",
        reason: "account B's runner cannot read account A's appdb",
    },
    {
        policy: "bucketTwoWriters",
        request: r(f.WRITER_B, "s3:PutObject", ownDump, put("PutObject")),
        expected: "ImplicitDeny",
        reason: "nor write it, although the database has the same name",
    },
    {
        policy: "bucketTwoWriters",
        request: r(f.WRITER_B, "s3:PutObject", `${f.BUCKET_ARN}/elsewhere/k`, put("PutObject")),
        expected: "ExplicitDeny",
        sid: "DenyWriterWritesOutsidePrefix",
        reason: "every writer is kept inside the configured prefixes",
    },
    {
        policy: "bucketTwoWriters",
        request: r(f.WRITER_B.replace(f.SOURCE_B, f.SOURCE), "s3:GetObject", bDump),
        expected: "ImplicitDeny",
        reason: "B's role name in account A is not B's runner: whole ARNs are compared",
    },
];
