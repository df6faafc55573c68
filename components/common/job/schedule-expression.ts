/**
 * EventBridge Scheduler accepts `cron(...)` with six fields and `rate(...)`;
 * a bad one only fails at `pulumi up`, after half the stack exists. This checks
 * the same rules AWS documents, so the mistake surfaces in preview instead.
 */

const FIELD_RULES: ReadonlyArray<{ name: string; pattern: RegExp }> = [
    { name: "minutes", pattern: /^(\*|([0-5]?\d)([-/][0-5]?\d)?)(,([0-5]?\d)([-/][0-5]?\d)?)*$|^\*\/\d+$/ },
    {
        name: "hours",
        pattern: /^(\*|(1?\d|2[0-3])([-/](1?\d|2[0-3]))?)(,(1?\d|2[0-3])([-/](1?\d|2[0-3]))?)*$|^\*\/\d+$/,
    },
    {
        name: "day-of-month",
        pattern:
            /^(\?|\*|L|W|([1-9]|[12]\d|3[01])W?([-/]([1-9]|[12]\d|3[01]))?(,([1-9]|[12]\d|3[01])([-/]([1-9]|[12]\d|3[01]))?)*)$|^\*\/\d+$/,
    },
    {
        name: "month",
        pattern:
            /^(\*|(1[0-2]|[1-9]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)([-/,](1[0-2]|[1-9]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))*)$|^\*\/\d+$/,
    },
    {
        name: "day-of-week",
        pattern:
            /^(\?|\*|L|([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5])?([-,]([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT))*)$|^\*\/\d+$/,
    },
    { name: "year", pattern: /^(\*|(19[7-9]\d|2\d{3})([-/,](19[7-9]\d|2\d{3}|\d+))*)$|^\*\/\d+$/ },
];

/** Returns why `expr` would be rejected by AWS, or undefined when it is accepted. */
export function scheduleExpressionProblem(expr: string): string | undefined {
    const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expr);
    if (rate) {
        const value = Number(rate[1]);
        const singular = !rate[2].endsWith("s");
        if (value < 1) return `rate value must be at least 1 (got ${JSON.stringify(expr)})`;
        if (value === 1 && !singular)
            return `AWS wants the singular unit for a rate of 1, e.g. "rate(1 hour)" (got ${JSON.stringify(expr)})`;
        if (value > 1 && singular)
            return `AWS wants the plural unit for a rate above 1, e.g. "rate(6 hours)" (got ${JSON.stringify(expr)})`;
        return undefined;
    }
    const cron = /^cron\((.*)\)$/.exec(expr);
    if (!cron) {
        return `must be "cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>)" or "rate(<n> <unit>)" (got ${JSON.stringify(expr)})`;
    }
    const fields = cron[1].trim().split(/\s+/);
    if (fields.length !== 6) {
        return `cron needs 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length} in ${JSON.stringify(expr)}; e.g. "cron(30 1 * * ? *)"`;
    }
    for (let i = 0; i < FIELD_RULES.length; i++) {
        if (!FIELD_RULES[i].pattern.test(fields[i].toUpperCase())) {
            return `cron field ${FIELD_RULES[i].name} ${JSON.stringify(fields[i])} is not valid in ${JSON.stringify(expr)}`;
        }
    }
    const [, , dayOfMonth, , dayOfWeek] = fields;
    if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
        return `cron needs "?" in exactly one of day-of-month and day-of-week, e.g. "cron(30 1 * * ? *)" (got ${JSON.stringify(expr)})`;
    }
    return undefined;
}
