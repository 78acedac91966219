/**
 * The `python:` config section's own options (where module names are counted from, how imports are written), and
 * how Python names are written in any rule's config. The rule kinds' fields (`moves`, `calls`, …) are placed among
 * these options by the config schema (src/config/schema.ts); docs/config.md documents them all.
 */
import { z } from 'zod';

/** A dotted Python module name as a config field. */
export const dottedModule = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, 'expected a dotted Python module name such as "pkg.sub.module"');

/** A Python identifier as a config field. */
export const pyIdentifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected a Python identifier');

/** `pkg.module.Name` as a config field. */
export const qualifiedName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$/, 'expected a qualified name such as "pkg.module.Name"');

/** The `python:` section: its options, with the rule kinds' `fields` between the first and the others. */
export function pythonSection<F extends z.ZodRawShape>(fields: F) {
  return z.strictObject({
    sourceRoots: z
      .array(z.string().min(1))
      .min(1)
      .default(['.'])
      .describe('Directories (relative to the root) that module names are counted from, e.g. ["src"].'),
    ...fields,
    relativeImports: z
      .enum(['keep', 'absolute'])
      .default('keep')
      .describe('"keep": a relative legacy import is rewritten as a relative import when one can reach the canonical module; "absolute": always absolute.'),
    lineLength: z
      .number()
      .int()
      .min(20)
      .default(88)
      .describe('A new import statement longer than this is wrapped in parentheses, one name per line.'),
  });
}

/** The section's options, as the rules receive them. */
export type PythonSectionOptions = z.infer<ReturnType<typeof pythonSection<Record<never, never>>>>;
