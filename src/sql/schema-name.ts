/** A schema name as search_path takes it: plain lower-case identifiers only (the settings check the same). */
export function schemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`schema name ${schema}`);
  return schema;
}
