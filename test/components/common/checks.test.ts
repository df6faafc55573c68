/** The argument checks every component's validator is built from. */
import { expect } from "chai";
import * as check from "../../../components/common/checks";

describe("common argument checks", () => {
    const range = { min: 30, max: 3650, minWhy: " (floor)" };

    it("name the bound a whole number crossed, and why, or say it must be whole", () => {
        expect(check.intInRange("days", 7, range)).to.deep.equal({
            field: "days",
            message: "must be at least 30 (floor) (got 7)",
        });
        expect(check.intInRange("days", 4000, range)?.message).to.equal("must be at most 3650 (got 4000)");
        expect(check.intInRange("days", 35.5, range)?.message).to.equal(
            "must be a whole number between 30 and 3650 (got 35.5)",
        );
        expect(check.intInRange("days", 30, range)).to.equal(undefined);
        expect(check.isWholeNumberIn(3650, range)).to.equal(true);
        expect(check.isWholeNumberIn(3651, range)).to.equal(false);
    });

    it("refuse the backup account among the source accounts once, for the whole list", () => {
        const problems = check.present(
            check.sourceAccountIds("ids", ["222222222222", "111111111111"], "111111111111"),
        );
        expect(problems).to.deep.equal([
            {
                field: "ids",
                message: "must not include the backup account 111111111111: the point is a separate account",
            },
        ]);
    });

    it("report duplicates on the list and bad entries on the entry", () => {
        const problems = check.present(
            check.nonEmptyUniqueList(
                "ids",
                ["1", "222222222222", "222222222222"],
                "account",
                check.accountId,
            ),
        );
        expect(problems.map(check.describeProblem)).to.deep.equal([
            '`ids[0]` must be a 12-digit AWS account ID in quotes (got "1")',
            '`ids` lists "222222222222" twice; remove the duplicate',
        ]);
        expect(check.nonEmptyUniqueList("ids", [], "account", check.accountId)).to.deep.equal([
            { field: "ids", message: "must list at least one account" },
        ]);
    });

    it("want backup-side roles in the backup account, unless that account is itself malformed", () => {
        const foreign = "arn:aws:iam::222222222222:role/admin";
        expect(check.backupAccountRole("admin", foreign, "111111111111")?.message).to.equal(
            "must be a role in the backup account 111111111111 (`accountId`), not account 222222222222",
        );
        expect(check.backupAccountRole("admin", foreign, "1")).to.equal(undefined);
        expect(check.backupAccountRole("admin", "admin", "111111111111")?.message).to.match(
            /^must be an IAM role ARN such as/,
        );
    });

    it("throw every problem in one ArgsError, one line each", () => {
        expect(() =>
            check.throwIfAny("Thing args", [
                check.problem("a", "is wrong"),
                undefined,
                check.problem("b", "too"),
            ]),
        )
            .to.throw(check.ArgsError, "Invalid Thing args:\n  - `a` is wrong\n  - `b` too")
            .with.property("problems")
            .that.deep.equals(["`a` is wrong", "`b` too"]);
        expect(() => check.throwIfAny("Thing args", [undefined])).to.not.throw();
    });
});
