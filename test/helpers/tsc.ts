/**
 * `tsc --noEmit --pretty false -p <project>` run in-process: the same diagnostics, gathered and printed as the
 * compiler's command line does (emitFilesAndReportErrors in typescript.js), without starting a process and loading
 * the compiler again for each run. The standard library's declaration files (lib.*.d.ts, the bulk of a small
 * project's parsing) are parsed once per worker and shared by every program, as the compiler's language service
 * shares them between projects; the files of the project are read afresh each time.
 */
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';

const LIB_DIR = dirname(ts.getDefaultLibFilePath({}));
const libFiles = new Map<string, ts.SourceFile>();

/** A compiler host over the real file system, for a run from `cwd`, that shares the standard library's files. */
function hostFor(options: ts.CompilerOptions, cwd: string): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getCurrentDirectory = () => cwd;
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    if (dirname(fileName) !== LIB_DIR) return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate);
    const version = typeof languageVersionOrOptions === 'object' ? `${languageVersionOrOptions.languageVersion}:${languageVersionOrOptions.impliedNodeFormat}:${languageVersionOrOptions.jsDocParsingMode}` : languageVersionOrOptions;
    const key = `${fileName}\0${version}`;
    let file = libFiles.get(key);
    if (!file) {
      file = getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate);
      if (file) libFiles.set(key, file);
    }
    return file;
  };
  return host;
}

/**
 * What `tsc --noEmit --pretty false -p <project>` prints when run from `cwd` (default: the project's directory):
 * one `file(line,col): error TSnnnn: message` per diagnostic (relative to `cwd`), continuation lines indented.
 * Empty when the project compiles.
 */
export function tscOutput(project: string, from?: string): string {
  const configPath = project.endsWith('.json') ? resolve(project) : join(resolve(project), 'tsconfig.json');
  const cwd = from ?? dirname(configPath);
  const system: ts.ParseConfigFileHost = {
    ...ts.sys,
    getCurrentDirectory: () => cwd,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.formatDiagnostic(d, formatHost(cwd)));
    },
  };
  const config = ts.getParsedCommandLineOfConfigFile(configPath, { noEmit: true, pretty: false }, system)!;
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    host: hostFor(config.options, cwd),
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  // The command line's order of checks: semantic diagnostics only when nothing failed before them.
  const all = [...program.getConfigFileParsingDiagnostics()];
  const configCount = all.length;
  all.push(...program.getSyntacticDiagnostics());
  if (all.length === configCount) {
    all.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
    if (all.length === configCount) all.push(...program.getSemanticDiagnostics());
    if ((config.options.declaration || config.options.composite) && all.length === configCount) all.push(...program.getDeclarationDiagnostics());
  }
  return ts.sortAndDeduplicateDiagnostics(all).map((d) => ts.formatDiagnostic(d, formatHost(cwd))).join('');
}

function formatHost(cwd: string): ts.FormatDiagnosticsHost {
  return { getCurrentDirectory: () => cwd, getCanonicalFileName: (f) => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase()), getNewLine: () => '\n' };
}
