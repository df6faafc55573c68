/**
 * The runner's network: one security group that may talk to the databases'
 * port(s) and to HTTPS (and HTTP, only when a database's dumps use zstd), nothing
 * else, plus the matching ingress rules on the databases' own security group.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface RunnerNetworkArgs {
    /** Prefix of the group's physical name. */
    readonly namePrefix: string;
    readonly vpcId: string;
    readonly databaseSecurityGroupId: string;
    /** The databases' ports; one egress and one ingress rule per distinct port. */
    readonly ports: ReadonlyArray<number>;
    /** Destinations of the HTTPS egress rule, one rule each (and of the HTTP rule, when there is one). */
    readonly httpsEgressCidrBlocks: ReadonlyArray<string>;
    /** Add the HTTP egress rule zstd builds need for the Ubuntu archive (see `ZSTD_INSTALL_COMMAND`). */
    readonly httpEgress: boolean;
    readonly tags: Record<string, string>;
}

/**
 * Declares `${name}-sg`, `${name}-egress-postgres-<port>` and `${name}-db-ingress-<port>` per
 * distinct port, `${name}-egress-https[-<i>]` per CIDR, and with `httpEgress` `${name}-egress-http[-<i>]`
 * per CIDR.
 */
export function declareRunnerNetwork(
    name: string,
    args: RunnerNetworkArgs,
    parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
    const { tags } = args;
    const sg = new aws.ec2.SecurityGroup(
        `${name}-sg`,
        {
            name: `${args.namePrefix}-pgdump-runner`,
            description: "Strongbox pg_dump runner: PostgreSQL to the databases, HTTPS to AWS APIs",
            vpcId: args.vpcId,
            tags,
        },
        { parent },
    );
    const ports = [...new Set(args.ports)].sort((a, b) => a - b);
    for (const port of ports) {
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-egress-postgres-${port}`,
            {
                securityGroupId: sg.id,
                description: "PostgreSQL to the databases' security group only",
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                referencedSecurityGroupId: args.databaseSecurityGroupId,
                tags,
            },
            { parent },
        );
        // The other half of the same path: without it the egress rule reaches a closed door.
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-db-ingress-${port}`,
            {
                securityGroupId: args.databaseSecurityGroupId,
                description: "Strongbox pg_dump runner",
                ipProtocol: "tcp",
                fromPort: port,
                toPort: port,
                referencedSecurityGroupId: sg.id,
                tags,
            },
            { parent },
        );
    }
    // HTTPS to any address by default: the backup bucket and key are in another
    // region (an S3 gateway endpoint serves only its own region), and Secrets
    // Manager, CloudWatch Logs, the PGDG apt repository and the RDS CA bundle sit
    // behind public, changing IP ranges. Accounts with interface endpoints and a
    // proxy narrow it with `httpsEgressCidrBlocks`. DNS needs no rule: security
    // groups do not filter the VPC resolver.
    args.httpsEgressCidrBlocks.forEach((cidr, i) => {
        new aws.vpc.SecurityGroupEgressRule(
            `${name}-egress-https${i === 0 ? "" : `-${i}`}`,
            {
                securityGroupId: sg.id,
                description: "HTTPS to AWS APIs and package repositories",
                ipProtocol: "tcp",
                fromPort: 443,
                toPort: 443,
                cidrIpv4: cidr,
                tags,
            },
            { parent },
        );
    });
    // HTTP only for zstd builds: the image's Ubuntu archive, which serves `zstd`, is plain HTTP. apt
    // verifies the signed Release file and every package's hash against it ("apt-secure"), so the
    // transport adds no integrity risk; it reveals which packages a build installs, which are public.
    // Same destinations as HTTPS, so an account that narrowed those narrows this too. Without a zstd
    // database the rule does not exist and gzip builds reach only HTTPS, as before.
    if (args.httpEgress) {
        args.httpsEgressCidrBlocks.forEach((cidr, i) => {
            new aws.vpc.SecurityGroupEgressRule(
                `${name}-egress-http${i === 0 ? "" : `-${i}`}`,
                {
                    securityGroupId: sg.id,
                    description: "HTTP to the Ubuntu archive for zstd (apt verifies signatures)",
                    ipProtocol: "tcp",
                    fromPort: 80,
                    toPort: 80,
                    cidrIpv4: cidr,
                    tags,
                },
                { parent },
            );
        });
    }
    return sg;
}
