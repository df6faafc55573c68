import * as fs from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";

/** Temporary executables that stand in for pg_dump; remove the directory with `cleanup`. */
export class FakePgDumps {
    private constructor(readonly dir: string) {}

    static async create(): Promise<FakePgDumps> {
        return new FakePgDumps(await fs.mkdtemp(path.join(os.tmpdir(), "strongbox-fake-pgdump-")));
    }

    async write(name: string, body: string): Promise<string> {
        const file = path.join(this.dir, name);
        await fs.writeFile(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
        return file;
    }

    /** Real pg_dump for `--version`, so only the dump itself misbehaves. */
    async passingVersion(name: string, realPgDump: string, dumpBody: string): Promise<string> {
        return this.write(
            name,
            `if [ "$1" = "--version" ]; then exec '${realPgDump}' --version; fi\n${dumpBody}`,
        );
    }

    async cleanup(): Promise<void> {
        await fs.rm(this.dir, { recursive: true, force: true });
    }
}
