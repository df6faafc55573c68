/**
 * The EventBridge schedule grammar now lives with the rest of the scheduling the jobs share
 * (`components/common/job/schedule-expression.ts`); SnapshotCopyPlan's validator still imports it from here.
 */
export * from "../common/job/schedule-expression";
