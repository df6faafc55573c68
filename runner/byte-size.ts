const UNITS: Readonly<Record<string, number>> = {
    "": 1,
    B: 1,
    K: 1024,
    KB: 1024,
    KIB: 1024,
    M: 1024 ** 2,
    MB: 1024 ** 2,
    MIB: 1024 ** 2,
    G: 1024 ** 3,
    GB: 1024 ** 3,
    GIB: 1024 ** 3,
    T: 1024 ** 4,
    TB: 1024 ** 4,
    TIB: 1024 ** 4,
};

/**
 * Parses "123", "64M", "1.5GiB", "3T" into bytes (binary units: operators size parts and disks in
 * powers of two). Returns undefined for anything else so callers can name the offending flag.
 */
export function parseByteSize(text: string): number | undefined {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
    if (!match) return undefined;
    const unit = UNITS[match[2].toUpperCase()];
    if (unit === undefined) return undefined;
    const bytes = Math.round(Number(match[1]) * unit);
    return Number.isSafeInteger(bytes) ? bytes : undefined;
}

export function formatBytes(bytes: number): string {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
