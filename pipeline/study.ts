/**
 * The fixed vocabulary of the Lend an Ear design: arms, rounds and the six dimensions of
 * empathic communication (STUDY.md, "Measures"). Declared once here; every other module imports
 * these names. The preregistration refers to them by name and is checked against this list.
 */

export const ARMS = ['control', 'video', 'coach'] as const;
export type Arm = (typeof ARMS)[number];

export const ROUNDS = [1, 2, 3] as const;
export type Round = (typeof ROUNDS)[number];
/** Round 1 is the baseline (pre), round 3 the outcome (post). */
export const BASELINE_ROUND: Round = 1;
export const OUTCOME_ROUND: Round = 3;

/** The judges' rating scale of every dimension (CONTRACT.md: score a number 1–5); alignment lies on it too. */
export const RATING_SCALE = { min: 1, max: 5 } as const;

export type DimensionKind = 'prescriptive' | 'proscriptive';

export interface DimensionSpec {
  readonly name: Dimension;
  readonly kind: DimensionKind;
  /** +1: higher is closer to the norm; -1: lower is closer to the norm. */
  readonly direction: 1 | -1;
  readonly label: string;
}

export const DIMENSION_NAMES = [
  'validating_emotions',
  'encouraging_elaboration',
  'demonstrating_understanding',
  'advice_giving',
  'self_oriented',
  'dismissing_emotions',
] as const;
export type Dimension = (typeof DIMENSION_NAMES)[number];

export const DIMENSIONS: readonly DimensionSpec[] = [
  { name: 'validating_emotions', kind: 'prescriptive', direction: 1, label: 'Validating emotions' },
  { name: 'encouraging_elaboration', kind: 'prescriptive', direction: 1, label: 'Encouraging elaboration' },
  { name: 'demonstrating_understanding', kind: 'prescriptive', direction: 1, label: 'Demonstrating understanding' },
  { name: 'advice_giving', kind: 'proscriptive', direction: -1, label: 'Advice giving (unsolicited)' },
  { name: 'self_oriented', kind: 'proscriptive', direction: -1, label: 'Self-oriented' },
  { name: 'dismissing_emotions', kind: 'proscriptive', direction: -1, label: 'Dismissing emotions' },
];

export const PRESCRIPTIVE: readonly Dimension[] = DIMENSIONS.filter((d) => d.kind === 'prescriptive').map((d) => d.name);
export const PROSCRIPTIVE: readonly Dimension[] = DIMENSIONS.filter((d) => d.kind === 'proscriptive').map((d) => d.name);

export function isDimension(value: string): value is Dimension {
  return (DIMENSION_NAMES as readonly string[]).includes(value);
}

export function isArm(value: string): value is Arm {
  return (ARMS as readonly string[]).includes(value);
}

export function dimensionSpec(name: Dimension): DimensionSpec {
  const spec = DIMENSIONS.find((d) => d.name === name);
  if (!spec) throw new Error(`unknown dimension ${name}`);
  return spec;
}

/** The pairwise treatment contrasts, named as in the hypothesis IDs (H4.{dimension}.{contrast}). */
export const CONTRASTS = {
  coach_vs_control: { treatment: 'coach', reference: 'control' },
  coach_vs_video: { treatment: 'coach', reference: 'video' },
  video_vs_control: { treatment: 'video', reference: 'control' },
} as const satisfies Record<string, { treatment: Arm; reference: Arm }>;
export type ContrastName = keyof typeof CONTRASTS;

/** Self-report scale labels, 1..5. */
export const SELF_REPORT_LABELS = ['not at all', 'a little', 'moderately', 'quite a bit', 'very much'] as const;
