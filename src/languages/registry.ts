/**
 * The languages canonize reads. Everything that depends on a file's language (its grammar, a second parser, the
 * project index facts) goes through this list: a new language is one folder under src/languages/ and one entry here.
 */
import { extname } from 'node:path';
import type { LanguageAdapter } from '../core/language.js';
import type { Language } from '../core/types.js';
import { pythonLanguage } from './python/adapter.js';
import { typescriptLanguage } from './typescript/adapter.js';

export const LANGUAGES: readonly LanguageAdapter[] = [pythonLanguage, typescriptLanguage];

const BY_LANGUAGE = new Map<Language, LanguageAdapter>(LANGUAGES.flatMap((a) => Object.keys(a.grammars).map((l) => [l as Language, a] as const)));
const BY_EXTENSION = new Map<string, Language>(LANGUAGES.flatMap((a) => Object.entries(a.extensions)));

/** The adapter that reads `language`. */
export function adapterFor(language: Language): LanguageAdapter {
  const adapter = BY_LANGUAGE.get(language);
  if (!adapter) throw new Error(`no language adapter reads ${language}`);
  return adapter;
}

/**
 * The language a file is read as, by its extension (case-sensitive): `.py` / `.pyi` are Python; `.ts`, `.mts`, `.cts`
 * (and so `.d.ts`) are TypeScript; `.tsx` is TypeScript with JSX, and so are `.js`, `.jsx`, `.mjs`, `.cjs`. Any other
 * file has no language and is never discovered.
 */
export function languageForPath(filePath: string): Language | undefined {
  return BY_EXTENSION.get(extname(filePath));
}
