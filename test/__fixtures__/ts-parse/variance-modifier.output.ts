// Variance modifiers (TypeScript 4.7): tree-sitter-typescript 0.23 reads `out Output` as an error then a parameter
// named `Output`, the compiler as a modifier and its parameter. Nothing a rule looks at is in the error: planned.
import type { Report } from '@/services/reports';

export interface Loader<
  out Output = Report,
  in out Input = unknown,
> {
  load(input: Input): Output;
}
