/**
 * The repository says how it may be used and how to cite it: LICENSE is the MIT licence that
 * package.json names, and CITATION.cff is valid Citation File Format 1.2.0 citing this software
 * and the paper whose experiment it analyses.
 *
 * The rules below are those of the CFF 1.2.0 JSON Schema (citation-file-format/citation-file-format,
 * schema.json, $id https://citation-file-format.github.io/1.2.0/schema), transcribed for the keys
 * a CITATION.cff can hold: the root and a reference allow only the schema's own keys (a misspelt
 * key fails), the required keys are there, and the values the file uses have the schema's types
 * and patterns (cff-version, dates, DOI, URL, SPDX licence, person and entity, reference types).
 */
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const ROOT_KEYS = ['abstract', 'authors', 'cff-version', 'commit', 'contact', 'date-released', 'doi', 'identifiers', 'keywords', 'license', 'license-url', 'message', 'preferred-citation', 'references', 'repository', 'repository-artifact', 'repository-code', 'title', 'type', 'url', 'version'];
const REFERENCE_KEYS = ['abbreviation', 'abstract', 'authors', 'collection-doi', 'collection-title', 'collection-type', 'commit', 'conference', 'contact', 'copyright', 'data-type', 'database', 'database-provider', 'date-accessed', 'date-downloaded', 'date-published', 'date-released', 'department', 'doi', 'edition', 'editors', 'editors-series', 'end', 'entry', 'filename', 'format', 'identifiers', 'institution', 'isbn', 'issn', 'issue', 'issue-date', 'issue-title', 'journal', 'keywords', 'languages', 'license', 'license-url', 'loc-end', 'loc-start', 'location', 'medium', 'month', 'nihmsid', 'notes', 'number', 'number-volumes', 'pages', 'patent-states', 'pmcid', 'publisher', 'recipients', 'repository', 'repository-artifact', 'repository-code', 'scope', 'section', 'senders', 'start', 'status', 'term', 'thesis-type', 'title', 'translators', 'type', 'url', 'version', 'volume', 'volume-title', 'year', 'year-original'];
const REFERENCE_TYPES = ['art', 'article', 'audiovisual', 'bill', 'blog', 'book', 'catalogue', 'conference-paper', 'conference', 'data', 'database', 'dictionary', 'edited-work', 'encyclopedia', 'film-broadcast', 'generic', 'government-document', 'grant', 'hearing', 'historical-work', 'legal-case', 'legal-rule', 'magazine-article', 'manual', 'map', 'multimedia', 'music', 'newspaper-article', 'pamphlet', 'patent', 'personal-communication', 'proceedings', 'report', 'serial', 'slides', 'software-code', 'software-container', 'software-executable', 'software-virtual-machine', 'software', 'sound-recording', 'standard', 'statute', 'thesis', 'unpublished', 'video', 'website'];

const text = { minLength: 1, type: 'string' };
const nonEmptyList = (items: object) => ({ type: 'array', minItems: 1, uniqueItems: true, items });
const definitions = {
  url: { type: 'string', pattern: '^(https|http|ftp|sftp)://.+' },
  doi: { type: 'string', pattern: '^10\\.\\d{4,9}(\\.\\d+)?/[A-Za-z0-9:/_;\\-\\.\\(\\)\\[\\]\\\\]+$' },
  date: { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$' },
  // The SPDX identifiers this project could use; the schema's enum lists them all.
  license: { enum: ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'CC-BY-4.0', 'CC0-1.0'] },
  version: { anyOf: [text, { type: 'number' }] },
  person: {
    type: 'object', additionalProperties: false,
    properties: Object.fromEntries(['address', 'affiliation', 'alias', 'city', 'country', 'email', 'family-names', 'fax', 'given-names', 'name-particle', 'name-suffix', 'orcid', 'post-code', 'region', 'tel', 'website'].map((k) => [k, k === 'website' ? { $ref: '#/definitions/url' } : k === 'post-code' ? {} : text])),
  },
  entity: {
    type: 'object', additionalProperties: false, required: ['name'],
    properties: Object.fromEntries(['address', 'alias', 'city', 'country', 'date-end', 'date-start', 'email', 'fax', 'location', 'name', 'orcid', 'post-code', 'region', 'tel', 'website'].map((k) => [k, k === 'website' ? { $ref: '#/definitions/url' } : k.startsWith('date') ? { $ref: '#/definitions/date' } : k === 'post-code' ? {} : text])),
  },
  identifier: {
    type: 'object', additionalProperties: false, required: ['type', 'value'],
    properties: { type: { enum: ['doi', 'url', 'swh', 'other'] }, value: text, description: text },
  },
  reference: {
    type: 'object', additionalProperties: false, required: ['authors', 'title', 'type'],
    properties: {
      ...Object.fromEntries(REFERENCE_KEYS.map((k) => [k, {}])),
      authors: nonEmptyList({ anyOf: [{ $ref: '#/definitions/person' }, { $ref: '#/definitions/entity' }] }),
      title: text, type: { enum: REFERENCE_TYPES }, doi: { $ref: '#/definitions/doi' }, url: { $ref: '#/definitions/url' },
      'repository-code': { $ref: '#/definitions/url' }, license: { $ref: '#/definitions/license' }, commit: text, notes: text,
      year: { type: 'integer' }, status: { enum: ['abstract', 'advance-online', 'in-preparation', 'in-press', 'preprint', 'submitted'] },
      identifiers: nonEmptyList({ $ref: '#/definitions/identifier' }), 'date-released': { $ref: '#/definitions/date' },
    },
  },
};
const CFF_1_2_0 = {
  type: 'object', additionalProperties: false, required: ['authors', 'cff-version', 'message', 'title'], definitions,
  properties: {
    ...Object.fromEntries(ROOT_KEYS.map((k) => [k, {}])),
    'cff-version': { type: 'string', pattern: '^1\\.2\\.0$' },
    message: text, title: text, abstract: text, type: { enum: ['dataset', 'software'] },
    authors: nonEmptyList({ anyOf: [{ $ref: '#/definitions/person' }, { $ref: '#/definitions/entity' }] }),
    version: { $ref: '#/definitions/version' }, license: { $ref: '#/definitions/license' }, keywords: nonEmptyList(text),
    'date-released': { $ref: '#/definitions/date' }, doi: { $ref: '#/definitions/doi' }, url: { $ref: '#/definitions/url' },
    'repository-code': { $ref: '#/definitions/url' }, references: nonEmptyList({ $ref: '#/definitions/reference' }),
    'preferred-citation': { $ref: '#/definitions/reference' }, identifiers: nonEmptyList({ $ref: '#/definitions/identifier' }),
  },
};

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string; license: string };
// The schema's note: YAML dates are compared as strings.
const cff = parse(readFileSync('CITATION.cff', 'utf8'), { schema: 'core' }) as Record<string, unknown> & { references: Record<string, unknown>[] };

describe('CITATION.cff', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(CFF_1_2_0);

  it('is valid Citation File Format 1.2.0', () => {
    expect(validate(cff), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('would catch a misspelt key, a missing required key and a bad DOI (the rules can fail)', () => {
    expect(validate({ ...cff, titel: 'x' })).toBe(false);
    const { message: _dropped, ...noMessage } = cff;
    expect(validate(noMessage)).toBe(false);
    expect(validate({ ...cff, references: [{ ...cff.references[0], doi: 'arXiv:2603.15245' }] })).toBe(false);
  });

  it('cites this software at the version and licence of package.json', () => {
    expect(cff.type).toBe('software');
    expect(cff.version).toBe(pkg.version);
    expect(cff.license).toBe(pkg.license);
  });

  it('cites the paper: Kumar, Poungpeth, Yang, Lambert & Groh (2026), arXiv 2603.15245', () => {
    const paper = cff.references.find((r) => r.title === 'Practicing with Language Models Cultivates Human Empathic Communication');
    expect(paper).toBeDefined();
    expect((paper!.authors as { 'family-names': string }[]).map((a) => a['family-names'])).toEqual(['Kumar', 'Poungpeth', 'Yang', 'Lambert', 'Groh']);
    expect(paper!.year).toBe(2026);
    expect(paper!.doi).toBe('10.48550/arXiv.2603.15245');
    expect(paper!.url).toBe('https://arxiv.org/abs/2603.15245');
  });
});

describe('LICENSE', () => {
  it('is the MIT licence package.json names, copyright 2026 the project\'s authors', () => {
    const licence = readFileSync('LICENSE', 'utf8');
    expect(pkg.license).toBe('MIT');
    expect(licence.split('\n')[0]).toBe('MIT License');
    expect(licence).toMatch(/^Copyright \(c\) 2026 The Lend an Ear analysis project authors$/m);
    expect(licence).toContain('Permission is hereby granted, free of charge, to any person obtaining a copy');
    expect(licence).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });
});
