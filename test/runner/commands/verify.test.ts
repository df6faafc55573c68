import { expect } from "chai";
import { requiredRemainingDays } from "../../../runner/commands";

const KEY_ARN = "arn:aws:kms:ap-southeast-4:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("verify's remaining-retention rule", () => {
    const base = { bucket: "b", keyPrefix: "layer3", databases: ["d"], kmsKeyId: KEY_ARN, maxAgeHours: 26 };

    it("prefers the explicit minimum, else retention minus the RPO minus a day, else one day", () => {
        expect(requiredRemainingDays({ ...base, minRemainingDays: 10, retentionDays: 35 })).to.equal(10);
        expect(requiredRemainingDays({ ...base, retentionDays: 35 })).to.equal(32);
        expect(requiredRemainingDays(base)).to.equal(1);
        expect(requiredRemainingDays({ ...base, retentionDays: 1 })).to.equal(1);
    });
});
