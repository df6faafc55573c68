export {
    type ClusterHandle,
    createPostgresCluster,
    type PostgresCluster,
    type PostgresClusterOptions,
    startPostgresCluster,
} from "./postgres-cluster";
export { startMotoServer, type MotoServer, type MotoServerOptions } from "./moto-server";
export { findFreePort } from "./free-port";
export { motoS3Client, createMotoKmsKey, createLockedBucket } from "./moto-fixtures";
