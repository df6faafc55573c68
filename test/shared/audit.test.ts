import { expect } from "chai";
import {
    auditPrefixProblem,
    CANARY_DIMENSION_VALUE,
    CANARY_PREFIX,
    ESTATE_DIMENSION_VALUE,
    METRIC_UNITS,
    METRICS,
    parseReceiptKey,
    RECEIPT_KINDS,
    RECEIPTS_PREFIX,
    receiptKey,
    receiptsPrefix,
} from "../../shared/audit";
import { DATABASE_NAME, KEY_PREFIX } from "../../shared/object-key";

describe("the auditor's contract (shared/audit.ts)", () => {
    const at = new Date("2026-11-24T01:30:00.250Z");

    it("names receipts <prefix>/<kind>/<db>/YYYY/MM/DD/<kind>_<db>_<ts>.json, with milliseconds, in UTC", () => {
        expect(receiptKey("verify", "shop", at)).to.equal(
            `${RECEIPTS_PREFIX}/verify/shop/2026/11/24/verify_shop_20261124T013000.250Z.json`,
        );
        expect(
            receiptKey("canary", CANARY_DIMENSION_VALUE, new Date("2026-12-31T23:59:59.999-01:00")),
        ).to.equal(`${RECEIPTS_PREFIX}/canary/(canary)/2027/01/01/canary_(canary)_20270101T005959.999Z.json`);
    });

    it("reads every receipt key back, and nothing that is not one", () => {
        for (const kind of RECEIPT_KINDS) {
            for (const subject of ["shop", "a-b_c", ESTATE_DIMENSION_VALUE]) {
                expect(parseReceiptKey(receiptKey(kind, subject, at))).to.deep.equal({ kind, subject, at });
            }
        }
        for (const key of [
            `${RECEIPTS_PREFIX}/audit/shop/2026/11/24/audit_shop_20261124T013000.250Z.json`,
            `${RECEIPTS_PREFIX}/verify/shop/2026/11/24/verify_other_20261124T013000.250Z.json`,
            `layer3/verify/shop/2026/11/24/verify_shop_20261124T013000.250Z.json`,
            `${RECEIPTS_PREFIX}/verify/shop/2026/11/24/verify_shop_20261124T013000Z.json`,
        ]) {
            expect(parseReceiptKey(key), key).to.equal(undefined);
        }
    });

    it("lists by kind and database with a trailing slash, so shop never matches shop2", () => {
        expect(receiptsPrefix()).to.equal(`${RECEIPTS_PREFIX}/`);
        expect(receiptsPrefix("drill")).to.equal(`${RECEIPTS_PREFIX}/drill/`);
        expect(receiptsPrefix("drill", "shop")).to.equal(`${RECEIPTS_PREFIX}/drill/shop/`);
    });

    it("keeps the auditor's prefixes and dimension values apart from any writer's prefix and database", () => {
        for (const prefix of [RECEIPTS_PREFIX, CANARY_PREFIX]) {
            expect(KEY_PREFIX.test(prefix), `${prefix} has the shape of a key prefix`).to.equal(true);
            expect(auditPrefixProblem(prefix)).to.contain("the auditor's own prefix");
        }
        expect(auditPrefixProblem("layer3")).to.equal(undefined);
        for (const value of [CANARY_DIMENSION_VALUE, ESTATE_DIMENSION_VALUE]) {
            expect(DATABASE_NAME.test(value), `${value} is no database name of the stack's`).to.equal(false);
        }
    });

    it("gives every metric a unit", () => {
        expect(Object.keys(METRIC_UNITS).sort()).to.deep.equal(Object.keys(METRICS).sort());
        expect(METRIC_UNITS.restoreSeconds).to.equal("Seconds");
    });
});
