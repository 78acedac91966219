// The pattern language: metavariables, ellipses, repeated metavariables, keyword order, nesting, comments,
// templates (unbound metavariables are errors, never empty strings), for Python and TypeScript.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureFolder } from './helpers/fixtures.js';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/languages/parse.js';
import { compilePattern, matchPattern, PatternError } from '../src/rules/call/pattern.js';
import { compileTemplate, renderTemplate } from '../src/rules/call/template.js';
import { ExceptionTests, exceptionTestAround, PYTHON_EXCEPTION_TESTS, relationsHold, TYPESCRIPT_EXCEPTION_TESTS } from '../src/rules/call/relations.js';
import type { Language } from '../src/core/types.js';

/** The first node of the pattern's root type in `code` that matches, with its captures as text. */
function find(pattern: string, code: string, language: Language = 'python') {
  const p = compilePattern(pattern, language);
  const tree = parseSource(code, language);
  for (const node of tree.rootNode.descendantsOfType(p.root.type)) {
    const m = matchPattern(p, node);
    if (m) {
      return {
        text: node.text,
        single: Object.fromEntries([...m.single].map(([k, v]) => [k, v.text])),
        many: Object.fromEntries([...m.many].map(([k, v]) => [k, v.map((n) => n.text)])),
        render: (template: string) => renderTemplate(compileTemplate(template, p), m, code, '\n'),
      };
    }
  }
  return undefined;
}

describe('matching', () => {
  it('binds $NAME to one node and $$$NAME to zero or more arguments', () => {
    expect(find('create($CTX)', 'x = create(ctx.user)\n')?.single).toEqual({ CTX: 'ctx.user' });
    expect(find('create($CTX)', 'create(a, b)\n')).toBeUndefined();
    expect(find('create($$$ARGS)', 'create()\n')?.many).toEqual({ ARGS: [] });
    expect(find('create($$$ARGS)', 'create(a, *b, c=1, **d)\n')?.many).toEqual({ ARGS: ['a', '*b', 'c=1', '**d'] });
    expect(find('create($A, $$$REST)', 'create(a, b, c)\n')).toMatchObject({ single: { A: 'a' }, many: { REST: ['b', 'c'] } });
  });

  it('a positional item matches only a positional argument', () => {
    expect(find('create($CTX)', 'create(user_context=ctx)\n')).toBeUndefined();
    expect(find('create($CTX)', 'create(*args)\n')).toBeUndefined();
    expect(find('create(user_context=$CTX)', 'create(user_context=ctx)\n')?.single).toEqual({ CTX: 'ctx' });
  });

  it('$_ matches without binding', () => {
    expect(find('create($_, $_)', 'create(a, b)\n')?.single).toEqual({});
  });

  it('a repeated metavariable must match equal text', () => {
    expect(find('same($X, $X)', 'same(a.b, a.b)\n')?.single).toEqual({ X: 'a.b' });
    expect(find('same($X, $X)', 'same(a, b)\n')).toBeUndefined();
  });

  it('matches keyword arguments by name in any order, and requires them', () => {
    expect(find('f(a=$A, b=$B)', 'f(b=2, a=1)\n')?.single).toEqual({ A: '1', B: '2' });
    expect(find('f(a=$A)', 'f(b=2)\n')).toBeUndefined();
    expect(find('f(a=$A)', 'f(a=1, b=2)\n')).toBeUndefined();
    expect(find('f(a=$A, $$$REST)', 'f(b=2, a=1, c=3)\n')).toMatchObject({ single: { A: '1' }, many: { REST: ['b=2', 'c=3'] } });
  });

  it('matches nested calls and chains', () => {
    expect(find('Factory().create_manager($$$A)', 'm = Factory().create_manager(ctx, 1)\n')?.many).toEqual({ A: ['ctx', '1'] });
    expect(find('Factory().create_manager($$$A)', 'm = Other().create_manager(ctx)\n')).toBeUndefined();
    expect(find('outer(inner($X))', 'outer(inner(3))\n')?.single).toEqual({ X: '3' });
  });

  it('ignores whitespace, comments and trailing commas', () => {
    const code = 'create(\n    ctx,  # the user context\n    retries=3,\n)\n';
    expect(find('create($C, retries=$R)', code)?.single).toEqual({ C: 'ctx', R: '3' });
  });

  it('compares operators and literals, not just shapes', () => {
    expect(find('f($A + 1)', 'f(x - 1)\n')).toBeUndefined();
    expect(find('f($A + 1)', 'f(x + 1)\n')?.single).toEqual({ A: 'x' });
    expect(find('f("a")', 'f("b")\n')).toBeUndefined();
  });

  it('works on TypeScript', () => {
    expect(find('new WebSocketService($OPTS)', 'const s = new WebSocketService({ url });', 'typescript')?.single).toEqual({ OPTS: '{ url }' });
    expect(find('await getClient()', 'async function f() { return await getClient(); }', 'typescript')?.text).toBe('await getClient()');
    expect(find('$M.register($$$A)', 'svc.register(a, ...rest);', 'typescript')).toMatchObject({ single: { M: 'svc' }, many: { A: ['a', '...rest'] } });
  });
});

describe('templates', () => {
  it('substitutes captured source text, keeping its formatting', () => {
    const m = find('create_websocket_manager($CTX)', 'm = create_websocket_manager(\n    ctx,  # user\n)\n')!;
    expect(m.render('get_websocket_manager(user_context=$CTX)')).toBe('get_websocket_manager(user_context=ctx)');
    const many = find('make($$$A)', 'make(a,  # first\n     b)\n')!;
    expect(many.render('build($$$A)')).toBe('build(a,  # first\n     b)');
    // A whole argument list comes with its comments and trailing comma.
    const whole = find('make($$$A)', 'make(\n    a,  # the user\n)\n')!;
    expect(whole.render('build($$$A)')).toBe('build(\n    a,  # the user\n)');
    expect(find('make($$$A)', 'make(a, b,)\n')!.render('build($$$A)')).toBe('build(a, b)');
  });

  it('drops the separator of an empty ellipsis', () => {
    expect(find('make($$$A)', 'make()\n')!.render('build($$$A)')).toBe('build()');
    expect(find('make($X, $$$A)', 'make(x)\n')!.render('build($X, $$$A)')).toBe('build(x)');
    expect(find('make($X, $$$A)', 'make(x)\n')!.render('build($$$A, $X)')).toBe('build(x)');
  });

  it('indents a multi-line template to the line of the match', () => {
    const code = 'def f():\n    m = make(x)\n';
    expect(find('make($X)', code)!.render('build(\n    $X,\n)')).toBe('build(\n        x,\n    )');
  });

  it('rejects a metavariable the pattern does not bind, and patterns that do not parse', () => {
    const p = compilePattern('create($CTX)', 'python');
    expect(() => compileTemplate('get(user_context=$USER)', p)).toThrow(PatternError);
    expect(() => compileTemplate('get(user_context=$USER)', p)).toThrow(/\$USER/);
    expect(() => compileTemplate('get($$$ARGS)', p)).toThrow(/\$\$\$ARGS/);
    // An anonymous `$$$` binds nothing, so a template cannot use it.
    expect(() => compileTemplate('get($$$)', compilePattern('create($$$)', 'python'))).toThrow(/uses \$\$\$,/);
    expect(() => compilePattern('create(', 'python')).toThrow(PatternError);
    expect(() => compilePattern('a = 1\nb = 2', 'python')).toThrow(/single expression/);
  });

  it('knows the callee root to import and the literals to prefilter on', () => {
    const p = compilePattern('WebSocketManagerFactory().create_manager($$$A)', 'python');
    expect(p.anchor?.text).toBe('WebSocketManagerFactory');
    expect(p.literals[0]).toBe('WebSocketManagerFactory');
    expect(compileTemplate('get_websocket_manager($$$A)', p).root).toBe('get_websocket_manager');
    expect(compilePattern('$M.register_connection($$$A)', 'python').anchor).toBeUndefined();
  });
});

describe('statement patterns (what `inside` / `notInside` match enclosing code against)', () => {
  /** The statement or expression nodes of `code` that the statement pattern matches, as text. */
  function all(pattern: string, code: string, language: Language = 'python'): string[] {
    const p = compilePattern(pattern, language, { statement: true });
    const tree = parseSource(code, language);
    return tree.rootNode.descendantsOfType(p.root.type).filter((n) => matchPattern(p, n)).map((n) => n.text.split('\n')[0]!);
  }

  it('are refused where an expression is required, and must be one statement', () => {
    expect(() => compilePattern('with pytest.raises($$$): $$$', 'python')).toThrow(/single expression/);
    expect(compilePattern('with pytest.raises($$$): $$$', 'python', { statement: true }).root.type).toBe('with_statement');
    expect(compilePattern('f($X)', 'python', { statement: true }).root.type).toBe('call');
    expect(() => compilePattern('a = 1\nb = 2', 'python', { statement: true })).toThrow(/single expression or statement/);
    expect(() => compilePattern('with pytest.raises($$$) $$$', 'python', { statement: true })).toThrow(/does not parse/);
  });

  it('`$$$` in a body matches any statements, of any kind and number', () => {
    const code = ['with pytest.raises(ValueError):', '    make(1)', 'with pytest.raises(KeyError):', '    x = 1', '    if x:', '        pass', 'with other():', '    make(2)', ''].join('\n');
    expect(all('with pytest.raises($$$): $$$', code)).toEqual(['with pytest.raises(ValueError):', 'with pytest.raises(KeyError):']);
    // A single metavariable is one statement.
    expect(all('with pytest.raises($$$): $S', code)).toEqual(['with pytest.raises(ValueError):']);
    expect(all('with pytest.raises($E): $$$', code).length).toBe(2);
    expect(all('with pytest.raises(KeyError): $$$', code)).toEqual(['with pytest.raises(KeyError):']);
  });

  it('a `with` item without `as` also matches one with `as`; several items need `$$$`', () => {
    const code = ['with pytest.raises(E) as info:', '    pass', 'with mock.patch("x"), pytest.raises(E):', '    pass', 'with (', '    pytest.raises(E) as info,', '    other(),', '):', '    pass', ''].join('\n');
    expect(all('with pytest.raises($$$): $$$', code)).toEqual(['with pytest.raises(E) as info:']);
    expect(all('with pytest.raises($$$) as $N: $$$', code)).toEqual(['with pytest.raises(E) as info:']);
    expect(all('with $$$, pytest.raises($$$), $$$: $$$', code)).toEqual(['with pytest.raises(E) as info:', 'with mock.patch("x"), pytest.raises(E):', 'with (']);
    // `as` in the pattern is not optional in the code.
    expect(all('with $$$, pytest.raises($$$) as $_, $$$: $$$', code)).toEqual(['with pytest.raises(E) as info:', 'with (']);
  });

  it('matches definitions by their parameters and body', () => {
    const code = 'class T(TestCase):\n    def test_a(self):\n        pass\n\ndef helper(a, b):\n    return a\n';
    expect(all('def $F(self, $$$): $$$', code)).toEqual(['def test_a(self):']);
    expect(all('class $C(TestCase): $$$', code)).toEqual(['class T(TestCase):']);
    expect(all('def $F($$$): return $X', code)).toEqual(['def helper(a, b):']);
    // A lambda's parameters are a list too; one without parameters has none to match.
    const lambdas = 'f = lambda a, b: make(a)\ng = lambda a: make(a)\nh = lambda: make(1)\n';
    expect(all('lambda $$$: $$$', lambdas)).toEqual(['lambda a, b: make(a)', 'lambda a: make(a)']);
    expect(all('lambda: $$$', lambdas)).toEqual(['lambda: make(1)']);
    expect(all('class $C { $$$ }', 'class A { x = 1; m() {} }\nclass B {}\n', 'typescript')).toEqual(['class A { x = 1; m() {} }', 'class B {}']);
  });

  it('an ellipsis where one node stands matches that node, and a metavariable may name a property (TypeScript)', () => {
    const code = 'expect(() => make()).toThrow();\nexpect(() => { make(); }).toThrow(Err);\nexpect(() => make()).not.toThrow();\n';
    expect(all('expect(() => $$$).toThrow($$$)', code, 'typescript')).toEqual(['expect(() => make()).toThrow()', 'expect(() => { make(); }).toThrow(Err)']);
    expect(all('expect($$$).$M', code, 'typescript')).toEqual(['expect(() => make()).toThrow', 'expect(() => { make(); }).toThrow', 'expect(() => make()).not']);
    expect(all('expect($$$).toThrow', code, 'typescript').length).toBe(2);
    expect(all('if ($C) { $$$ }', 'if (a) { f(); g(); }\nif (b) return;\n', 'typescript')).toEqual(['if (a) { f(); g(); }']);
    expect(all('function $F($$$) { $$$ }', 'function f(a: number, b) { return a; }\n', 'typescript')).toEqual(['function f(a: number, b) { return a; }']);
  });

  it('binds what an ellipsis took where one node stands', () => {
    const p = compilePattern('expect(() => $$$BODY).toThrow()', 'typescript');
    const tree = parseSource('expect(() => make(1)).toThrow();', 'typescript');
    const node = tree.rootNode.descendantsOfType('call_expression')[0]!;
    expect(matchPattern(p, node)?.many.get('BODY')?.map((n) => n.text)).toEqual(['make(1)']);
  });
});

describe('relational constraints and the built-in exception tests', () => {
  /** The first call of `callee` in `code`. */
  function callOf(callee: string, code: string, language: Language = 'python') {
    const tree = parseSource(code, language);
    const type = language === 'python' ? 'call' : 'call_expression';
    return tree.rootNode.descendantsOfType(type).find((n) => n.childForFieldName('function')?.text === callee)!;
  }

  it('inside: some ancestor matches one of the patterns; notInside: none does', () => {
    const code = 'def test():\n    with pytest.raises(E):\n        make(1)\n    make(2)\n';
    const inRaises = callOf('make', code);
    const raises = [compilePattern('with pytest.raises($$$): $$$', 'python', { statement: true })];
    const def = [compilePattern('def $F($$$): $$$', 'python', { statement: true })];
    expect(relationsHold(inRaises, { inside: raises, notInside: [] })).toBe(true);
    expect(relationsHold(inRaises, { inside: undefined, notInside: raises })).toBe(false);
    expect(relationsHold(inRaises, { inside: def, notInside: [] })).toBe(true);
    const after = parseSource(code, 'python').rootNode.descendantsOfType('call').filter((n) => n.text === 'make(2)')[0]!;
    expect(relationsHold(after, { inside: raises, notInside: [] })).toBe(false);
    expect(relationsHold(after, { inside: def, notInside: raises })).toBe(true);
  });

  it('knows the Python exception tests, and what is not one', () => {
    const label = (code: string) => exceptionTestAround(callOf('make', code), 'python')?.label;
    expect(label('with pytest.raises(E):\n    make()\n')).toBe('with pytest.raises(...)');
    expect(label('with pytest.deprecated_call():\n    make()\n')).toBe('with pytest.deprecated_call(...)');
    expect(label('with self.assertWarnsRegex(W, "x") as cm:\n    make()\n')).toBe('with self.assertWarnsRegex(...)');
    expect(label('self.assertRaisesRegex(E, "x", lambda: make())\n')).toBe('self.assertRaisesRegex(...)');
    // The nearest one is named.
    expect(label('with pytest.raises(E):\n    pytest.warns(W, lambda: make())\n')).toBe('pytest.warns(...)');
    expect(label('with mock.patch("x"):\n    make()\n')).toBeUndefined();
    expect(label('with pytest.raises(E):\n    pass\nmake()\n')).toBeUndefined();
    expect(label('self.assertEqual(make(), 1)\n')).toBeUndefined();
  });

  it('knows the TypeScript exception tests, and that `.not.toThrow()` asserts success', () => {
    const label = (code: string) => exceptionTestAround(callOf('make', code, 'typescript'), 'typescript')?.label;
    expect(label('expect(() => make()).toThrow();')).toBe('expect(...).toThrow');
    expect(label('await expect(make()).rejects.toBeInstanceOf(E);')).toBe('expect(...).rejects');
    expect(label('expect(() => make()).to.throw(E);')).toBe('expect(...).to.throw');
    expect(label('await expect(make()).to.be.rejectedWith(E);')).toBe('expect(...).to.be.rejectedWith');
    expect(label('assert.throws(() => { make(); });')).toBe('assert.throws(...)');
    expect(label('expect(() => make()).not.toThrow();')).toBeUndefined();
    expect(label('expect(make()).toBe(1);')).toBeUndefined();
    expect(label('assert.doesNotThrow(() => make());')).toBeUndefined();
    // TSX code is matched with the same patterns.
    expect(exceptionTestAround(callOf('make', 'expect(() => make(<A />)).toThrow();', 'tsx'), 'tsx')?.label).toBe('expect(...).toThrow');
  });

  it('the per-file finder gives what the plain ancestor walk gives, for every call of the call fixtures', () => {
    let inside = 0;
    for (const [dir, language, type] of [['python-call', 'python', 'call'], ['ts-call', 'typescript', 'call_expression']] as const) {
      const folder = fixtureFolder(dir);
      for (const file of readdirSync(folder).filter((f) => f.includes('.input.'))) {
        const text = readFileSync(join(folder, file), 'utf8');
        const lang: Language = file.endsWith('.tsx') ? 'tsx' : language;
        const tree = parseSource(text, lang);
        const calls = tree.rootNode.descendantsOfType(type);
        // One finder per file, asked in both orders: what it remembers must not change an answer.
        for (const order of [calls, [...calls].reverse()]) {
          const finder = new ExceptionTests(lang, tree, text);
          for (const call of order) {
            const want = exceptionTestAround(call, lang);
            const got = finder.around(call);
            expect({ label: got?.label, at: got?.ancestor.startIndex }, `${file}: ${call.text}`).toEqual({ label: want?.label, at: want?.ancestor.startIndex });
            if (want) inside++;
          }
        }
      }
    }
    // Offsets in text with characters outside ASCII and the BMP, and CRLF: the words are found by string index.
    const extra: [Language, string][] = [
      ['python', '# héllo 🎉\r\ndef test():\r\n    s = "ünïcode 🎉"\r\n    with pytest.raises(E):\r\n        make(s)\r\n    make(1)\r\n'],
      ['typescript', '// 🎉 ünïcode\nconst s = "🎉🎉";\nexpect(() => make(s)).toThrow();\nmake(2);\nassert.throws(() => make(3));\n'],
    ];
    for (const [lang, text] of extra) {
      const tree = parseSource(text, lang);
      const finder = new ExceptionTests(lang, tree, text);
      const found = tree.rootNode.descendantsOfType(lang === 'python' ? 'call' : 'call_expression').filter((n) => n.text.startsWith('make(')).map((n) => finder.around(n)?.label);
      expect(found).toEqual(lang === 'python' ? ['with pytest.raises(...)', undefined] : ['expect(...).toThrow', undefined, 'assert.throws(...)']);
    }
    // The fixtures do hold exception tests (so the comparison is not only of "none").
    expect(inside).toBeGreaterThan(20);
  });

  it('finds every built-in exception test from its words, as the ancestor walk does', () => {
    // One sample of code per built-in pattern, with a call `make()` inside it.
    const samples: [Language, string, string][] = [
      ...PYTHON_EXCEPTION_TESTS.map(({ source, label }): [Language, string, string] => {
        const name = source.startsWith('with ') ? /, (.+)\(\$\$\$\), /.exec(source)![1]!.replace('$_', 'self') : source.slice(0, -'($$$)'.length).replace('$_', 'self');
        return ['python', source.startsWith('with ') ? `with ${name}(E) as e:\n    make()\n` : `${name}(E, lambda: make())\n`, label];
      }),
      ...TYPESCRIPT_EXCEPTION_TESTS.map(({ source, label }): [Language, string, string] => ['typescript', `${source.replace('$$$', '() => make()')};\n`, label]),
    ];
    expect(samples.length).toBe(PYTHON_EXCEPTION_TESTS.length + TYPESCRIPT_EXCEPTION_TESTS.length);
    for (const [lang, code, label] of samples) {
      const tree = parseSource(code, lang);
      const make = tree.rootNode.descendantsOfType(lang === 'python' ? 'call' : 'call_expression').find((n) => n.text === 'make()')!;
      expect(exceptionTestAround(make, lang)?.label, code).toBe(label);
      expect(new ExceptionTests(lang, tree, code).around(make)?.label, code).toBe(label);
    }
  });
});
