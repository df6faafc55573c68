import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { label } from "../config/settings";

/** What a directory must hold to start a cluster and restore into it. */
export const SERVER_PROGRAMS = ["initdb", "pg_ctl", "postgres", "psql"] as const;

/**
 * The major version of a `SHOW server_version` text, as the manifest's `serverVersion` records it:
 * "15.18 (Debian 15.18-1.pgdg120+1)" is 15, "16beta2" is 16, "9.6.24" is 9.6 (before 10 the major
 * version had two parts). Undefined when the text names no version.
 */
export function serverVersionMajor(serverVersion: string): string | undefined {
    const match = /^\s*(\d+)(?:\.(\d+))?/.exec(serverVersion);
    if (!match) return undefined;
    const first = Number(match[1]);
    if (first >= 10) return String(first);
    return match[2] === undefined ? undefined : `${first}.${match[2]}`;
}

/** The major version a `postgres --version` prints ("postgres (PostgreSQL) 15.18 (Debian ...)"). */
export function binaryMajor(versionOutput: string): string | undefined {
    const match = /\(PostgreSQL\)\s+(.*)$/m.exec(versionOutput);
    return match ? serverVersionMajor(match[1]) : undefined;
}

/** How the search looks at the machine; the command passes the real one, the tests a table. */
export interface BinaryProbe {
    /** True when `file` exists and is executable. */
    executable(file: string): boolean;
    /** `<bindir>/postgres --version`, or undefined when it cannot run. */
    versionOf(bindir: string): string | undefined;
    /** `pg_config --bindir`, or undefined when pg_config is not on PATH. */
    pgConfigBindir(): string | undefined;
}

export const systemProbe: BinaryProbe = {
    executable: (file) => {
        try {
            fs.accessSync(file, fs.constants.X_OK);
            return true;
        } catch {
            return false;
        }
    },
    versionOf: (bindir) => {
        try {
            return execFileSync(path.join(bindir, "postgres"), ["--version"], { encoding: "utf8" });
        } catch {
            return undefined;
        }
    },
    pgConfigBindir: () => {
        try {
            return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim() || undefined;
        } catch {
            return undefined;
        }
    },
};

/** Debian's and Ubuntu's (and PGDG's) layout, one directory per major version. */
export function debianBindir(major: string): string {
    return `/usr/lib/postgresql/${major}/bin`;
}

function missingPrograms(bindir: string, probe: BinaryProbe): string[] {
    return SERVER_PROGRAMS.filter((name) => !probe.executable(path.join(bindir, name)));
}

/**
 * Where the PostgreSQL `major` server programs are: the explicit directory (`--pg-bindir` / `PG_BINDIR`)
 * if given, which must be that major version; else Debian's `/usr/lib/postgresql/<major>/bin`; else
 * `pg_config --bindir` when it is that major version. A restore into another major version would prove
 * something else than that this dump restores where it came from, so none is used in its place.
 */
export function findServerBindir(major: string, explicit: string | undefined, probe: BinaryProbe): string {
    const install =
        `install the PostgreSQL ${major} server (Debian/Ubuntu with the PGDG repository: ` +
        `\`apt-get install postgresql-${major}\`) or point ${label("pgBindir")} at its bin directory`;
    const check = (bindir: string, source: string): string | undefined => {
        const missing = missingPrograms(bindir, probe);
        if (missing.length > 0) return `${source} ${bindir} lacks ${missing.join(", ")}`;
        const found = binaryMajor(probe.versionOf(bindir) ?? "");
        if (found !== major) return `${source} ${bindir} holds PostgreSQL ${found ?? "(unknown version)"}`;
        return undefined;
    };
    if (explicit !== undefined) {
        const problem = check(explicit, label("pgBindir"));
        if (problem) {
            throw new Error(`the dump was made from PostgreSQL ${major}, but ${problem}; ${install}`);
        }
        return explicit;
    }
    const tried: string[] = [];
    for (const [bindir, source] of [
        [debianBindir(major), "the Debian layout"],
        [probe.pgConfigBindir(), "`pg_config --bindir`"],
    ] as const) {
        if (bindir === undefined) {
            tried.push("`pg_config` is not on PATH");
            continue;
        }
        const problem = check(bindir, source);
        if (problem === undefined) return bindir;
        tried.push(problem);
    }
    throw new Error(
        `no PostgreSQL ${major} server programs found for the dump's major version (${tried.join("; ")}); ${install}`,
    );
}
