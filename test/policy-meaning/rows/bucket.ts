/** Every row about the backup bucket and its replica. */
import type { Row } from "../table";
import { confinementRows } from "./bucket-confinement";
import { guardRows } from "./bucket-guards";
import { writeRows } from "./bucket-writes";
import { replicationRows } from "./replication";

export const bucketRows: Row[] = [...writeRows, ...confinementRows, ...guardRows, ...replicationRows];
