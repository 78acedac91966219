/**
 * The residue scan (src/residue) as the per-file planner (plan-source.ts) runs it: once on the original text when
 * its references are needed, once on the planned text; a scan that throws is remembered, to fail the file.
 */
import type { ProjectIndex, SourceFile } from '../core/types.js';
import type { ResidueScanner } from '../residue/index.js';
import type { ResidueRef } from '../residue/ref.js';

/**
 * The residue scan (src/residue) of one file: legacy references of a text, found independently of the rules. A scan
 * that throws (it is fuzzed not to) fails the file, naming the scan: never a silent pass.
 */
export class ResidueCheck {
  readonly scanner: ResidueScanner | undefined;
  /** The first error a scan threw. */
  error: string | undefined;
  private original: ResidueRef[] | undefined;

  constructor(
    private readonly file: SourceFile,
    private readonly project: ProjectIndex,
    scanner: ResidueScanner | undefined,
  ) {
    this.scanner = scanner?.mightContain(file, file.text, project) ? scanner : undefined;
  }

  scan(text: string): ResidueRef[] {
    try {
      return this.scanner?.scan(text === this.file.text ? this.file : { ...this.file, text }, this.project) ?? [];
    } catch (err) {
      this.error ??= err instanceof Error ? err.message : String(err);
      return [];
    }
  }

  /**
   * The original text's references, scanned only when they are used: for sites, for a file no rule looks at, or
   * when the plan leaves the text as it is (a changed file is scanned once, as planned).
   */
  originalRefs(): ResidueRef[] {
    return (this.original ??= this.scan(this.file.text));
  }

  /** The references of the planned text. */
  finalRefs(text: string): ResidueRef[] {
    return text === this.file.text ? this.originalRefs() : this.scanner?.mightContain(this.file, text, this.project) ? this.scan(text) : [];
  }
}
