/**
 * A one-key prompt, as `git add -p` and ast-grep's `-i` ask: each choice has a letter, and pressing it answers at
 * once, with no Enter. `?` (or `h`, or Enter alone) lists what the letters do. Built on @inquirer/core, whose
 * `expand` prompt waits for Enter; Ctrl-C rejects with inquirer's ExitPromptError, as its other prompts do.
 */
import { createPrompt, isEnterKey, makeTheme, useKeypress, usePrefix, useState, type KeypressEvent } from '@inquirer/core';

/** One answer: the key that gives it (a lowercase letter), and what it does, for the help. */
export interface KeyChoice<T extends string> {
  key: string;
  value: T;
  name: string;
}

interface KeyPromptConfig<T extends string> {
  message: string;
  choices: readonly KeyChoice<T>[];
}

const HELP_KEYS = new Set(['?', 'h']);

/** The key pressed, as typed: a letter (lowercased, so Shift or Caps Lock do not matter) or a sign such as `?`. */
function pressed(event: KeypressEvent & { sequence?: string }): string {
  const sequence = event.sequence ?? '';
  if (/^[a-zA-Z]$/.test(sequence)) return sequence.toLowerCase();
  return sequence.length === 1 ? sequence : event.name;
}

/** The help lines: each key and what it does, then the help key itself. */
export function keyHelp(choices: readonly { key: string; name: string }[]): string[] {
  return [...choices.map((c) => `  ${c.key} - ${c.name}`), '  ? - print this help'];
}

/** Ask `message` and answer with the choice whose key is pressed (inquirer's prompt context: input, output). */
export function keyPrompt<T extends string>(config: KeyPromptConfig<T>, context?: Parameters<typeof oneKey>[1]): Promise<T> {
  return oneKey(config, context).then((value) => value as T);
}

const oneKey = createPrompt((config: KeyPromptConfig<string>, done: (value: string) => void): string | [string, string] => {
  const theme = makeTheme();
  const [answer, setAnswer] = useState<KeyChoice<string> | undefined>(undefined);
  const [help, setHelp] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const prefix = usePrefix({ theme, status: answer ? 'done' : 'idle' });
  useKeypress((event, rl) => {
    if (answer) return;
    const key = isEnterKey(event) ? '' : pressed(event);
    // The line editor keeps what is typed; one key is the whole answer, so nothing is left there.
    rl.clearLine(0);
    const choice = config.choices.find((c) => c.key === key);
    if (choice) {
      setAnswer(choice);
      done(choice.value);
    } else if (key === '' || HELP_KEYS.has(key)) {
      setHelp(true);
      setError(undefined);
    } else {
      setError(`"${key}" is not an answer; press ? for help`);
    }
  });
  const message = theme.style.message(config.message, answer ? 'done' : 'idle');
  if (answer) return `${prefix} ${message} ${theme.style.answer(answer.name)}`;
  const keys = `[${[...config.choices.map((c) => c.key), '?'].join(',')}]`;
  const below = [...(help ? keyHelp(config.choices) : []), ...(error ? [theme.style.error(error)] : [])];
  return [`${prefix} ${message} ${keys} `, below.join('\n')];
});
