/**
 * The preregistration sections the analyze stage reads, apart from its code so that the runner can
 * key the stage without loading the analyses (every method module).
 */
import type { Preregistration } from '../../prereg/types.ts';

/** The preregistration sections the analyses read. */
export const ANALYZE_SECTIONS = ['alpha', 'confidence_level', 'scoring', 'hypotheses', 'corrections'] as const;
export type AnalyzeSections = Pick<Preregistration, (typeof ANALYZE_SECTIONS)[number]>;
