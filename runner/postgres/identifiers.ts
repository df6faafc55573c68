/** Quotes any name as PostgreSQL's quote_ident would, so odd table and database names stay one identifier. */
export function quoteIdent(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}

export function qualifiedName(schema: string, table: string): string {
    return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}
