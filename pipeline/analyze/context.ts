/**
 * What every method needs besides its hypothesis and the participants: the preregistered rounds
 * and the confidence level.
 */
import type { Preregistration } from '../prereg/types.ts';

export interface MethodContext {
  scoring: Preregistration['scoring'];
  confidenceLevel: number;
}
