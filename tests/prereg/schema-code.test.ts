/**
 * The preregistration schema's validator as code (pipeline/prereg/schema-code.ts): the committed
 * schema-validator.js is exactly what ajv writes for the committed schema, so validate.ts uses it
 * (the problems it reports are pinned by schema.test.ts), and it agrees with ajv compiling the
 * schema at run time on every edit of the preregistration those tests make and on hand-made ones.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sha256Hex } from '../../pipeline/prereg/lock.ts';
import { VALIDATOR_URL, validatorSource } from '../../pipeline/prereg/schema-code.ts';
import { AJV_OPTIONS, SCHEMA_URL } from '../../pipeline/prereg/schema-source.ts';
import { schemaSha256, validate } from '../../pipeline/prereg/schema-validator.js';
import { committedPreregText } from './helpers.ts';

const schemaText = readFileSync(SCHEMA_URL, 'utf8');

describe('the written schema validator', () => {
  it('is what ajv writes for the committed schema (run `npm run reproduce` after editing the schema)', () => {
    expect(readFileSync(VALIDATOR_URL, 'utf8')).toBe(validatorSource(schemaText));
    expect(schemaSha256).toBe(sha256Hex(schemaText));
  });

  it('gives the same verdict and the same errors as ajv compiling the schema now', () => {
    const compiled = new Ajv(AJV_OPTIONS).compile(JSON.parse(schemaText) as object);
    const good = parse(committedPreregText()) as Record<string, unknown>;
    const docs: unknown[] = [
      good,
      { ...good, alpha: 'five percent' },
      { ...good, unknown_key: 1 },
      { ...good, hypotheses: [] },
      { ...good, hypotheses: [{ id: 'H1' }] },
      null,
      [],
    ];
    for (const doc of docs) {
      const verdict = validate(doc);
      expect(verdict).toBe(compiled(doc));
      expect((validate as unknown as { errors: unknown }).errors ?? null).toEqual(compiled.errors ?? null);
    }
    expect(docs.map((doc) => validate(doc))).toEqual([true, false, false, false, false, false, false]);
  });
});
