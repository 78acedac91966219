/*
 * Ambient declarations so that the example type-checks with no packages installed: a minimal `react`,
 * the `JSX` namespace, and the jest globals the tests use. (A real app gets these from @types/react and
 * @types/jest.) This file is a script, not a module: everything here is global.
 */

declare module 'react' {
  export type SetStateAction<T> = T | ((previous: T) => T);
  export function useState<T>(initial: T | (() => T)): [T, (next: SetStateAction<T>) => void];
  export function useEffect(effect: () => void | (() => void), deps?: readonly unknown[]): void;
  export function useCallback<T extends (...args: never[]) => unknown>(callback: T, deps: readonly unknown[]): T;
  export function useRef<T>(initial: T): { current: T };
}

declare namespace JSX {
  interface Element {
    readonly type: unknown;
    readonly props: unknown;
  }
  interface IntrinsicElements {
    [tag: string]: Record<string, unknown>;
  }
}

interface JestMockFn<Args extends unknown[] = unknown[], R = unknown> {
  (...args: Args): R;
  mock: { calls: Args[] };
  mockReturnValue(value: R): this;
  mockResolvedValue(value: Awaited<R>): this;
  mockImplementation(impl: (...args: Args) => R): this;
}

declare const jest: {
  mock(moduleName: string, factory?: () => unknown): void;
  requireActual<T = unknown>(moduleName: string): T;
  fn<Args extends unknown[] = unknown[], R = unknown>(impl?: (...args: Args) => R): JestMockFn<Args, R>;
  clearAllMocks(): void;
};

interface JestMatchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toHaveBeenCalled(): void;
  toHaveBeenCalledWith(...args: unknown[]): void;
  toBeInstanceOf(expected: abstract new (...args: never[]) => unknown): void;
  not: JestMatchers;
}

declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => void | Promise<void>): void;
declare function beforeEach(body: () => void | Promise<void>): void;
declare function expect(actual: unknown): JestMatchers;
declare function require(moduleName: string): any;
