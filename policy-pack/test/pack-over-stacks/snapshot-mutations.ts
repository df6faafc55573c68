/**
 * Mutations of the source stack's RDS snapshot plan, which the pack sees beside the StackReference to
 * the backup stack (added here: the mocks answer it without recording it).
 */
import { T } from "../../lib/types";
import { backupStackReferenceRecord } from "../fixtures";
import type { Mutation } from "./mutations";
import { Props } from "./records";

export const SNAPSHOT_MUTATIONS: readonly Mutation[] = [
    {
        title: "the snapshot plan's monthly copy kept beyond the backup vault lock's maximum (seen through the StackReference)",
        stack: "prod-source",
        apply: async (s) => {
            s.add(await backupStackReferenceRecord());
            s.edit(
                T.plan,
                (p) => {
                    const monthly = (p.rules as Props[]).find((r) => r.ruleName === "monthly")!;
                    (monthly.copyActions as Props[])[0].lifecycle = {
                        deleteAfter: 500,
                        coldStorageAfter: 30,
                    };
                },
                (r) => r.name.endsWith("-snapshots-plan"),
            );
        },
        policies: ["backup-copy-within-vault-lock"],
        says: "keeps copies 500 days, outside 35-400 days, the lock of `vaultsByRegion.us-east-1.vaultArn`",
    },
];
