/**
 * Strongbox's CrossGuard policy pack: backups that nobody can delete, that stay
 * encrypted under our own keys, and that are kept as long as the company says.
 * Run it with `pulumi preview --policy-pack ./policy-pack` (see README.md).
 */
import { PolicyPack } from "@pulumi/policy";
import { allPolicies } from "./policies";

new PolicyPack("strongbox", {
    description: "Strongbox: immutable, encrypted, retained PostgreSQL backups on AWS.",
    enforcementLevel: "mandatory",
    policies: allPolicies,
});
