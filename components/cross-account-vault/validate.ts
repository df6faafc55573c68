/**
 * The pure validation of `CrossAccountVault`'s arguments: every problem, with the
 * field and the fix, before a single resource is declared. The stack config runs it
 * on its own values too, and reports the same problems under its keys.
 */
import { ORGANIZATION_ID } from "../../shared/aws-identifiers";
import * as check from "../common/checks";
import {
    CROSS_ACCOUNT_VAULT_RANGES,
    CrossAccountVaultArgs,
    resolveCrossAccountVaultArgs,
    VAULT_TYPES,
} from "./args";

/** Every problem with `args`, in the order of the fields. */
export function crossAccountVaultProblems(args: CrossAccountVaultArgs): check.Problem[] {
    const a = resolveCrossAccountVaultArgs(args);
    const r = CROSS_ACCOUNT_VAULT_RANGES;
    const minRetention = check.intInRange("minRetentionDays", a.minRetentionDays, r.minRetentionDays);
    const p: check.MaybeProblem[] = [
        check.vaultName("vaultName", a.vaultName),
        check.accountId("accountId", a.accountId),
        a.region === undefined ? undefined : check.region("region", a.region),
        ...check.sourceAccountIds("sourceAccountIds", a.sourceAccountIds, a.accountId),
        a.organizationId === undefined || ORGANIZATION_ID.test(a.organizationId)
            ? undefined
            : check.problem(
                  "organizationId",
                  `must look like "o-abc123defg" (got ${JSON.stringify(a.organizationId)})`,
              ),
        ...check.nonEmptyUniqueList(
            "keyAdminRoleArns",
            a.keyAdminRoleArns,
            "key admin role ARN",
            (field, arn) => check.backupAccountRole(field, arn, a.accountId),
        ),
        check.backupAccountRole("breakGlassRoleArn", a.breakGlassRoleArn, a.accountId),
        ...a.deployerRoleArns.map((arn, i) =>
            check.backupAccountRole(`deployerRoleArns[${i}]`, arn, a.accountId),
        ),
        (VAULT_TYPES as readonly string[]).includes(a.vaultType)
            ? undefined
            : check.problem(
                  "vaultType",
                  `must be one of ${VAULT_TYPES.map((t) => JSON.stringify(t)).join(", ")} (got ${JSON.stringify(a.vaultType)})`,
              ),
        check.intInRange("changeableForDays", a.changeableForDays, r.changeableForDays),
        minRetention,
        check.intInRange("maxRetentionDays", a.maxRetentionDays, r.maxRetentionDays) ??
            (minRetention === undefined && a.maxRetentionDays < a.minRetentionDays
                ? check.problem(
                      "maxRetentionDays",
                      `(${a.maxRetentionDays}) must be at least \`minRetentionDays\` (${a.minRetentionDays})`,
                  )
                : undefined),
    ];
    a.sourceRegions.forEach((r, i) => {
        const field = `sourceRegions[${i}]`;
        if (a.region === undefined)
            p.push(check.problem("sourceRegions", "needs `region`, the vaults' own region"));
        else if (r === a.region)
            p.push(check.problem(field, `is \`region\` (${r}), where the vaults are anyway; remove it`));
        else if (a.sourceRegions.indexOf(r) !== i)
            p.push(check.problem(field, `repeats ${JSON.stringify(r)}; remove it`));
        else p.push(check.region(field, r));
    });
    if (a.sensitiveVaultName !== undefined) {
        p.push(check.vaultName("sensitiveVaultName", a.sensitiveVaultName));
        if (a.sensitiveVaultName === a.vaultName)
            p.push(check.problem("sensitiveVaultName", "must differ from `vaultName`"));
        p.push(check.backupAccountRole("sensitiveRestoreRoleArn", a.sensitiveRestoreRoleArn, a.accountId));
    } else if (args.sensitiveRestoreRoleArn !== undefined) {
        p.push(
            check.problem(
                "sensitiveRestoreRoleArn",
                "needs a sensitive vault: set `sensitiveVaultName` or remove it",
            ),
        );
    }
    return check.present(p);
}

/** Throws one error naming every bad field and its fix. */
export function validateCrossAccountVaultArgs(args: CrossAccountVaultArgs): void {
    check.throwIfAny("CrossAccountVault args", crossAccountVaultProblems(args));
}
