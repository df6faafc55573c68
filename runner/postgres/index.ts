export {
    type ClusterHandle,
    type ClusterOptions,
    createCluster,
    OWNER_FILE,
    type PostgresCluster,
    processExists,
    removeAbandonedClusters,
    renderSetting,
    startCluster,
} from "./cluster";
export { findFreePort } from "./free-port";
export {
    connect,
    type DbConnection,
    libpqEnv,
    mergeConnection,
    pgClientConfig,
    resolveConnection,
} from "./connection";
export { pgDumpArgs, pgDumpVersion, startPgDump } from "./dump-process";
export { qualifiedName, quoteIdent } from "./identifiers";
export { startPsql } from "./psql";
export { createDatabase, databaseExists, dropDatabase, userRelationCount } from "./scratch-database";
export {
    createSecretsManagerClient,
    parseRdsSecret,
    type RdsSecret,
    readRdsSecret,
    regionOfArn,
} from "./secret";
export {
    countRows,
    ExportedSnapshot,
    listRoles,
    type RowCounts,
    serverInfo,
    type ServerInfo,
} from "./snapshot";
export { PG_SSL_MODES, pgSslConfig } from "./ssl";
export {
    createTemporaryDatabase,
    lockTarget,
    markerComment,
    markVerified,
    parseMarker,
    promoteTemporary,
    TEMPORARY_NAME_PREFIX,
    temporaryDatabaseName,
    type TemporaryMarker,
    type TemporaryPurpose,
    temporaryLeftovers,
} from "./temporary-database";
export { clientMajor, serverMajor, versionMismatch } from "./version";
