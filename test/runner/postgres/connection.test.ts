import { expect } from "chai";
import { mergeConnection, parseRdsSecret, regionOfArn } from "../../../runner/postgres";

describe("RDS secrets and connection precedence", () => {
    it("parses the RDS secret JSON, port as number or string", () => {
        const secret = parseRdsSecret(
            '{"username":"u","password":"p","host":"h","port":"5433","dbname":"d"}',
            "arn",
        );
        expect(secret).to.deep.equal({ username: "u", password: "p", host: "h", port: 5433, dbname: "d" });
    });

    it("names missing fields without echoing the secret", () => {
        expect(() => parseRdsSecret('{"username":"u","host":"h"}', "arn:x")).to.throw(
            "lacks or mistypes password",
        );
        let message = "";
        try {
            parseRdsSecret("not json hunter2", "arn:x");
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).to.contain("is not JSON").and.not.to.contain("hunter2");
    });

    it("lets explicit settings win over the secret and requires a database from somewhere", () => {
        const secret = { username: "u", password: "p", host: "h", port: 5432, dbname: "d" };
        expect(mergeConnection({ database: "other", port: 6432 }, secret)).to.deep.equal({
            host: "h",
            port: 6432,
            user: "u",
            password: "p",
            database: "other",
        });
        expect(mergeConnection({}, secret).database).to.equal("d");
        expect(() => mergeConnection({}, undefined)).to.throw("`--dbname` / `PGDATABASE` is required");
    });

    it("reads a secret in its own region, not AWS_REGION's", () => {
        expect(
            regionOfArn("arn:aws:secretsmanager:us-east-1:111122223333:secret:rds/orders-AbCdEf"),
        ).to.equal("us-east-1");
        expect(regionOfArn("rds/orders")).to.equal(undefined);
    });
});
