/**
 * TypeScript modules of the generated front end (`frontend/src/`): React views, helpers and tests, some importing
 * the old WebSocket service, some (in the real profile) the canonical one.
 */
import { dirname } from 'node:path';
import { tsCanonicalImport } from './mentions.js';
import { ADJECTIVES, camel, NOUNS, Random, VERBS } from './vocabulary.js';

export const TS_DIRS = ['components', 'components/chat', 'components/admin', 'hooks', 'pages', 'store', 'utils', 'api', 'features/threads', 'features/billing'];

/** Legacy ways the front end reaches the WebSocket service (relative specifiers, the old lib/socket, the legacy client). */
function tsLegacyImports(r: Random, dir: string): string[] {
  const up = '../'.repeat(dir.split('/').length);
  return r.some(
    [
      `import { WebSocketService, createWebSocketService } from '${up}services/webSocketService';`,
      `import { getSocket, type SocketState } from '${up}lib/socket';`,
      `import { createSocket } from '@/lib/socket';`,
      `import type { WebSocketOptions } from '${up}services/legacy/wsClient';`,
    ],
    1,
    2,
  );
}

/** One TypeScript module of about `target` bytes; `canonical`: it already imports the canonical service. */
export function typescriptModule(r: Random, path: string, target: number, legacy: boolean, canonical = false): string {
  const dir = dirname(path).slice('frontend/src/'.length);
  const tsx = path.endsWith('.tsx');
  const test = path.includes('__tests__');
  const lines: string[] = [`// ${camel(r.pick(NOUNS))} ${r.pick(VERBS)} ${tsx ? 'view' : 'helpers'}.`];
  if (tsx) lines.push(`import { useEffect, useMemo, useState } from 'react';`);
  lines.push(`import { format${camel(r.pick(NOUNS))} } from '@/utils/format';`, `import type { ${camel(r.pick(NOUNS))}Dto } from '@/api/types';`);
  if (legacy) lines.push(...tsLegacyImports(r, dir));
  if (canonical) lines.push(...tsCanonicalImport(r));
  if (legacy && test) lines.push('', `jest.mock('${'../'.repeat(dir.split('/').length)}services/webSocketService');`);
  if (!legacy && r.chance(0.25)) lines.push('', `// Reconnects are handled by the websocket service; this ${tsx ? 'view' : 'module'} only renders state.`);
  let size = lines.reduce((n, l) => n + l.length + 1, 0);
  while (size < target) {
    const noun = r.pick(NOUNS);
    const chunk = tsx
      ? ['', `export function ${camel(r.pick(ADJECTIVES), noun)}View(props: { ${noun}Id: string; limit?: number }): JSX.Element {`, `  const [${noun}s, set${camel(noun)}s] = useState<string[]>([]);`, `  const total = useMemo(() => ${noun}s.length * ${r.int(1, 9)}, [${noun}s]);`, '  useEffect(() => {', `    set${camel(noun)}s((prev) => prev.filter((x) => x !== props.${noun}Id));`, `  }, [props.${noun}Id]);`, `  return <div className="${noun}-${r.pick(ADJECTIVES)}">{total}</div>;`, '}']
      : ['', `export interface ${camel(r.pick(ADJECTIVES), noun)}State {`, `  ${noun}Id: string;`, `  ${r.pick(ADJECTIVES)}: boolean;`, `  updatedAt: number;`, '}', '', `export function ${r.pick(VERBS)}${camel(r.pick(ADJECTIVES), noun)}(items: ${camel(noun)}Dto[], limit = ${r.int(10, 500)}): string[] {`, `  return items.slice(0, limit).map((item) => format${camel(noun)}(item)).filter(Boolean);`, '}'];
    if (legacy && r.chance(0.15)) chunk.push('', `export async function open${camel(noun)}Socket(url: string) {`, `  const socket = await getSocket();`, `  return socket ?? createWebSocketService({ url });`, '}');
    lines.push(...chunk);
    size += chunk.reduce((n, l) => n + l.length + 1, 0);
  }
  return `${lines.join('\n')}\n`;
}
