import { expect } from "chai";
import { renderSetting } from "../../devtools/postgres-cluster";

describe("dev tooling: postgresql.conf rendering", () => {
    it("quotes postgresql.conf values and rejects odd setting names", () => {
        expect(renderSetting("fsync", false)).to.equal("fsync = 'off'");
        expect(renderSetting("unix_socket_directories", "/tmp/it's")).to.equal(
            "unix_socket_directories = '/tmp/it''s'",
        );
        expect(() => renderSetting("x = 1; y", 1)).to.throw("invalid PostgreSQL setting name");
    });
});
