export { startPostgresCluster, type PostgresCluster, type PostgresClusterOptions } from "./postgres-cluster";
export { startMotoServer, type MotoServer, type MotoServerOptions } from "./moto-server";
export { findFreePort } from "./free-port";
export { motoS3Client, createMotoKmsKey, createLockedBucket } from "./moto-fixtures";
