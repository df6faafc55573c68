import { expect } from "chai";
import { formatReportTable } from "../../../runner/commands";
import type { ListedReceipt } from "../../../runner/s3/receipt-catalog";

const receipt = (changes: Partial<ListedReceipt>): ListedReceipt => ({
    storedAt: "2026-11-24T02:00:01.000Z",
    kind: "drill",
    database: "shop",
    verdict: "ok",
    checkedAt: "2026-11-24T02:00:00.900Z",
    command: "strongbox drill --ephemeral",
    runnerVersion: "0.1.0",
    checkedKey: "layer3/shop/2026/11/24/shop_20261124T013000Z.sql.gz",
    checkedVersionId: "v1",
    sha256: "ab".repeat(32),
    restoreSeconds: 42.25,
    problems: [],
    receiptKey: "strongbox-receipts/drill/shop/2026/11/24/drill_shop_20261124T020001.000Z.json",
    receiptVersionId: "r1",
    lockMode: "COMPLIANCE",
    retainUntil: "2026-12-29T02:00:01.000Z",
    state: "ok",
    suspicions: [],
    ...changes,
});

describe("report's table", () => {
    it("shows one line per receipt with the verdict, the restore time, the lock and the checked dump", () => {
        const table = formatReportTable([
            receipt({}),
            receipt({
                kind: "verify",
                verdict: "failed",
                restoreSeconds: null,
                problems: ["stale backup: newest dump is 30 h old"],
                state: "suspect",
                suspicions: ["has 2 versions"],
                lockMode: null,
            }),
        ]).split("\n");
        expect(table[0]).to.match(
            /^stored at \(S3\)\s+kind\s+database\s+verdict\s+restore\s+locked until\s+checked$/,
        );
        expect(table[1]).to.match(
            /drill\s+shop\s+ok\s+42\.3 s\s+2026-12-29T02:00:01\.000Z\s+shop_20261124T013000Z\.sql\.gz$/,
        );
        expect(table[2]).to.match(/verify\s+shop\s+SUSPECT failed\s+UNLOCKED/);
        expect(table.slice(3)).to.deep.equal([
            "    - stale backup: newest dump is 30 h old",
            "    ! has 2 versions",
            "2 receipts, newest first by S3's clock",
        ]);
        expect(formatReportTable([])).to.equal("no receipts found");
    });
});
