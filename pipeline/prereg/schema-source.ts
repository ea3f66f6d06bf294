/** The preregistration's JSON Schema and how ajv compiles it (validate.ts, schema-code.ts). */
export const SCHEMA_URL = new URL('../../preregistration/schema.json', import.meta.url);

export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true } as const;
