/**
 * Whether output is coloured, the same way for every command: `--color` / `--no-color` when given (the last wins);
 * otherwise `FORCE_COLOR` (`0` or `false`: never; any other value: always), then `NO_COLOR` (any non-empty value:
 * never, as no-color.org says), then `TERM=dumb` (never); otherwise colour on a terminal only.
 */
export function colorFor(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (flag !== undefined) return flag;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/** The `--color` / `--no-color` of a command line, if any (the last wins): for what runs outside a command's options. */
export function colorFlagOf(argv: readonly string[]): boolean | undefined {
  let flag: boolean | undefined;
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg === '--color') flag = true;
    else if (arg === '--no-color') flag = false;
  }
  return flag;
}
