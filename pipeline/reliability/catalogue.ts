/**
 * The catalogue of the reliability command's user-facing messages (framework files, rater files,
 * command-line raters and pairs, notes on degenerate data), so tests and docs quote the words the
 * command prints. Each becomes the "what" of `file:line: key: what (value)`.
 */

export const REQUIRED_KEY = 'missing required key';
export const UNKNOWN_KEY = 'unknown key';
export const NOT_TEXT = 'must be non-empty text';
export const NOT_BOOLEAN = 'must be true or false';
export const NUMBER = 'must be a number';
export const POSITIVE_NUMBER = 'must be a number above 0';
export const FRAMEWORK_MAP = 'a framework file must be a YAML map of keys (label, synthetic, id_column, scale, dimensions, raters, pairs, ...)';
export const SYNTHETIC = 'must be true or false: say whether the ratings are synthetic (a required key, so nothing made up is ever shown as real)';
export const SCALE = 'must be a map { min: NUMBER, max: NUMBER }';
export const SCALE_MAX = 'must be a number above scale.min';
export const BAD_NAME = 'must be a name of letters, digits, _ . or - (starting with a letter or digit)';
export const REPEATED_NAME = 'is listed twice';
export const RATERS_MAP = 'must be a map of rater name -> file (or { file: FILE, label: TEXT, rater: NAME IN A RATINGS TABLE })';
export const RATER_ENTRY = 'must be a file name, or { file: FILE, label: TEXT, rater: NAME IN A RATINGS TABLE }';
export const GROUPS_MAP = 'must be a map of group name -> { median: [RATERS] } or { mean: [RATERS] }';
export const GROUP_ENTRY = 'must be { median: [RATERS] } or { mean: [RATERS] }';
export const GROUP_NAMED_LIKE_RATER = 'a group cannot have the name of a rater';
export const PAIRS_LIST = 'must be a non-empty list of pairs [A, B] of raters or groups';
export const PAIR_ENTRY = 'must be a pair [A, B] of raters or groups';
export const PAIR_WITH_ITSELF = 'a rater cannot be paired with itself';
export const REPEATED_PAIR = 'this pair is listed twice';
export const UNKNOWN_RATER = 'no such rater in raters';
export const UNKNOWN_RATER_OR_GROUP = 'no such rater or group in raters or groups';
export const ALPHA_ENTRY = 'must be { raters: [RATERS], metric: interval, bootstrap: { replicates, seed, confidence_level } }';
export const ALPHA_METRIC = 'must be interval, ordinal or nominal';
export const BOOTSTRAP_ENTRY = 'must be { replicates: N, seed: N, confidence_level: 0.95 }';
export const REPLICATES = 'must be a whole number from 100 to 100000';
export const SEED = 'must be a whole number from 0 to 2^53 - 1';
export const CONFIDENCE_LEVEL = 'must be a number between 0 and 1';
export const METHOD_ENTRY = 'must be a map { kappa_weights, code_scale, fisher_z }';
export const KAPPA_WEIGHTS = 'must be quadratic or linear';
export const DIMENSION_ABSENT = 'no row has this dimension of the framework: is the column misnamed?';
export const NO_ALIASES = 'YAML aliases (*name) are not allowed in a framework file';

// Notes on degenerate data: the statistic is null and the row says why.
export const NO_PAIRS = 'no conversation has a value from both raters';
export const ONE_CATEGORY = 'both raters used one and the same value: kappa is 0/0, undefined';
export const KAPPA_UNDEFINED = 'kappa is undefined (no expected disagreement)';
export const NO_VARIANCE = 'the variance of kappa is not positive: no SE, z or p';
export const TOO_FEW_FOR_RHO = 'fewer than 4 conversations: no Spearman rho or interval';
export const CONSTANT_FOR_RHO = 'one rater gave every conversation the same value: Spearman rho is undefined';
export const TOO_FEW_FOR_ALPHA = 'fewer than 2 conversations with two or more ratings: alpha is undefined';
export const NO_VARIATION_FOR_ALPHA = 'no variation among the ratings: alpha is undefined';

export function namesList(min: number): string {
  return `must be a list of at least ${min} name${min === 1 ? '' : 's'}`;
}

export function cannotRead(what: string, code: string): string {
  return `cannot read ${what} (${code})`;
}

export function dimensionValues(dimensions: readonly string[]): string {
  return `must be one of the framework's dimensions: ${dimensions.join(', ')}`;
}

export function severalRaters(raters: string[], wanted: string, file: string): string {
  return `holds ratings by ${raters.join(', ')}, none of them named ${wanted}: name one (in a framework file { file: ${file}, rater: ${raters[0]} }; on the command line --rater ${raters[0]}=${file})`;
}

export function notRatedBy(rater: string, where: string): string {
  return `this conversation has no rating by ${rater} (${where}): raters are joined on the id, never by position`;
}

export function raterOption(value: string): string {
  return `--rater must be NAME=FILE (got ${JSON.stringify(value)})`;
}

export function pairOption(value: string): string {
  return `--pair must be A,B, two names of raters or groups (got ${JSON.stringify(value)})`;
}

export function unknownPairName(name: string, known: string[]): string {
  return `--pair: no rater or group named ${JSON.stringify(name)} (known: ${known.join(', ')})`;
}
