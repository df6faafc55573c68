/**
 * A stack's recorded resources, edited in both of the views the pack sees:
 * the inputs (resource policies) and the state (stack policies). Every edit
 * throws when it matches nothing, so a mutation cannot silently miss.
 */
import type { RecordedResource } from "../../../test/harness/offline-mocks";
import { T } from "../../lib/types";
import { bucket, BucketRole, Doc, toSpecs } from "../fixtures";
import { Spec } from "../harness";

export type Props = Record<string, unknown>;
type Only = (r: RecordedResource) => boolean;

export class Records {
    constructor(public records: RecordedResource[]) {}

    edit(type: string, fn: (props: Props, r: RecordedResource) => void, only?: Only): this {
        const targets = this.records.filter((r) => r.type === type && (only?.(r) ?? true));
        if (targets.length === 0) throw new Error(`mutation found no ${type}`);
        for (const r of targets) {
            fn(r.inputs, r);
            fn(r.state, r);
        }
        return this;
    }

    editPolicy(type: string, fn: (doc: Doc) => void, only?: Only): this {
        return this.edit(
            type,
            (props) => {
                const doc = JSON.parse(props.policy as string) as Doc;
                fn(doc);
                props.policy = JSON.stringify(doc);
            },
            only,
        );
    }

    remove(type: string, only?: Only): this {
        const before = this.records.length;
        this.records = this.records.filter((r) => !(r.type === type && (only?.(r) ?? true)));
        if (this.records.length === before) throw new Error(`mutation removed no ${type}`);
        return this;
    }

    add(record: RecordedResource): this {
        this.records.push(record);
        return this;
    }

    /** The record that a fixtures look-up (`bucket`, `settingOf`, `childOf`...) selects among this stack's specs. */
    pick(lookup: (specs: readonly Spec[]) => Spec): RecordedResource {
        const specs = toSpecs(this.records);
        return this.records[specs.indexOf(lookup(specs))];
    }

    /** Selects exactly the record `lookup` picks. */
    is(lookup: (specs: readonly Spec[]) => Spec): Only {
        const picked = this.pick(lookup);
        return (r) => r === picked;
    }

    /**
     * Selects everything but the BackupAuditor's report bucket and its settings: the dump buckets' rules are not
     * the report bucket's (backup-audit-report-bucket checks it, with its own messages).
     */
    backups(): Only {
        const reports = this.of("audit-reports");
        return (r) => !reports(r);
    }

    /** Selects the `role` bucket itself and every setting whose `bucket` is that bucket. */
    of(role: BucketRole): Only {
        const b = this.pick((specs) => bucket(specs, role));
        return (r) => r === b || (r.type !== T.bucket && r.inputs.bucket === b.state.id);
    }
}
