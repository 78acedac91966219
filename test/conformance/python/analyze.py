"""Conformance harness: what a Python corpus imports, read with the standard library's own `ast`.

Reads a JSON request on stdin: {"root": dir, "files": [relative paths]} and prints one JSON object:
  modules:  module name -> {path, package, names (top-level bindings), functions (top-level defs)}
  importers: module name -> number of files that import it (any form, relative imports resolved)
  fromNames: module name -> {name: files that `from module import name`}
  attrNames: module name -> {attr: files that use `m.attr` with `m` bound by `import module [as m]`}
  calls:     module name -> {function: files that call it inside a function body}
  invalid:   relative path -> why the file cannot be used (syntax error, undecodable)
The harness picks the relocations from this; nothing here shares code with canonize.
"""
import ast
import importlib.util
import json
import os
import sys
from collections import defaultdict

EXTERNAL = set(sys.builtin_module_names)
try:
    EXTERNAL |= {f.split('.')[0] for f in os.listdir(os.path.join(os.path.dirname(os.__file__), 'lib-dynload'))}
except OSError:
    pass


def module_name(rel):
    """`a/b/c.py` -> `a.b.c`, `a/b/__init__.py` -> `a.b`; None when the path is not an importable module."""
    parts = rel[:-3].split('/')
    if parts[-1] == '__init__':
        parts = parts[:-1]
    if not parts or not all(p.isidentifier() for p in parts):
        return None
    return '.'.join(parts)


def is_importable(root, rel):
    """Every directory between the root and the file is a regular package."""
    d = os.path.dirname(rel)
    while d:
        if not os.path.isfile(os.path.join(root, d, '__init__.py')):
            return False
        d = os.path.dirname(d)
    return True


def literal_all(tree):
    """The names of a literal `__all__ = [...]` (with `+=` / `.extend` of literals), or None."""
    found = None
    for s in tree.body:
        value = None
        if isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == '__all__' for t in s.targets):
            value, found = s.value, []
        elif isinstance(s, ast.AugAssign) and isinstance(s.target, ast.Name) and s.target.id == '__all__':
            value = s.value
        if value is None:
            continue
        if not isinstance(value, (ast.List, ast.Tuple)) or found is None:
            return None
        for e in value.elts:
            if not (isinstance(e, ast.Constant) and isinstance(e.value, str)):
                return None
            found.append(e.value)
    return found


def top_level_bindings(tree, stars=None):
    """Names the module binds at its top level (also inside if/try/with/for blocks, and via `global` in functions)."""
    names, functions = set(), set()
    stars = [] if stars is None else stars

    def targets(node):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, (ast.Tuple, ast.List)):
            for e in node.elts:
                targets(e)
        elif isinstance(node, ast.Starred):
            targets(node.value)

    def block(stmts):
        for s in stmts:
            if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(s.name)
                functions.add(s.name)
                for sub in ast.walk(s):
                    if isinstance(sub, ast.Global):
                        names.update(sub.names)
            elif isinstance(s, ast.ClassDef):
                names.add(s.name)
            elif isinstance(s, ast.Assign):
                for t in s.targets:
                    targets(t)
            elif isinstance(s, (ast.AnnAssign, ast.AugAssign)):
                targets(s.target)
            elif isinstance(s, ast.Import):
                for a in s.names:
                    names.add(a.asname or a.name.split('.')[0])
            elif isinstance(s, ast.ImportFrom):
                for a in s.names:
                    if a.name != '*':
                        names.add(a.asname or a.name)
                    else:
                        stars.append((s.level, s.module))
            elif isinstance(s, (ast.For, ast.AsyncFor)):
                targets(s.target)
                block(s.body)
                block(s.orelse)
            elif isinstance(s, (ast.With, ast.AsyncWith)):
                for item in s.items:
                    if item.optional_vars is not None:
                        targets(item.optional_vars)
                block(s.body)
            elif isinstance(s, ast.If) or isinstance(s, ast.While):
                block(s.body)
                block(s.orelse)
            elif isinstance(s, (ast.Try, getattr(ast, 'TryStar', ast.Try))):
                block(s.body)
                for h in s.handlers:
                    if h.name:
                        names.add(h.name)
                    block(h.body)
                block(s.orelse)
                block(s.finalbody)
            elif isinstance(s, ast.Match):
                for case in s.cases:
                    block(case.body)
    block(tree.body)
    return names, functions


def resolve_relative(current, is_package, level, module):
    package = current if is_package else current.rpartition('.')[0]
    parts = package.split('.') if package else []
    if level - 1 > len(parts):
        return None
    base = parts[:len(parts) - (level - 1)]
    if module:
        base = base + module.split('.')
    return '.'.join(base) if base else None


def main():
    request = json.load(sys.stdin)
    root = request['root']
    modules, invalid = {}, {}
    importers = defaultdict(set)
    from_names = defaultdict(lambda: defaultdict(set))
    attr_names = defaultdict(lambda: defaultdict(set))
    calls = defaultdict(lambda: defaultdict(set))
    trees = {}
    for rel in request['files']:
        path = os.path.join(root, rel)
        try:
            with open(path, 'rb') as f:
                data = f.read()
            tree = ast.parse(importlib.util.decode_source(data), rel)
        except (SyntaxError, ValueError, UnicodeDecodeError) as e:
            invalid[rel] = f'{type(e).__name__}: {e}'
            continue
        trees[rel] = tree
        name = module_name(rel)
        if name and is_importable(root, rel):
            stars = []
            names, functions = top_level_bindings(tree, stars)
            is_package = rel.endswith('__init__.py')
            modules[name] = {
                'path': rel,
                'package': is_package,
                'names': sorted(names),
                'functions': sorted(functions),
                'all': literal_all(tree),
                'stars': [m for m in (
                    (mod if level == 0 else resolve_relative(name, is_package, level, mod)) for level, mod in stars) if m],
            }
    # What `from m import *` brings in: the source's literal __all__, else its public names (one level of stars).
    def exported(m, depth=0):
        info = modules.get(m)
        if info is None and m.split('.')[0] in EXTERNAL:
            # An extension module (`from _codecs import *`): ask the interpreter, which has the same one.
            try:
                ext = importlib.import_module(m)
            except ImportError:
                return set()
            names = getattr(ext, '__all__', None)
            return set(names) if names is not None else {n for n in dir(ext) if not n.startswith('_')}
        if info is None or depth > 5:
            return set()
        if info['all'] is not None:
            return set(info['all'])
        out = {n for n in info['names'] if not n.startswith('_')}
        for src in info['stars']:
            out |= exported(src, depth + 1)
        return out
    for m, info in modules.items():
        info['starNames'] = sorted(set().union(*(exported(src) for src in info['stars'])) - set(info['names'])) if info['stars'] else []
    for info in modules.values():
        del info['all'], info['stars']
    for rel, tree in trees.items():
        current = module_name(rel) or ''
        is_package = rel.endswith('__init__.py')
        local_modules = {}  # local name -> module, from `import m [as x]`
        local_functions = {}  # local name -> (module, function), from `from m import f [as g]`
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    importers[a.name].add(rel)
                    if a.asname:
                        local_modules[a.asname] = a.name
                    else:
                        local_modules.setdefault(a.name.split('.')[0], a.name.split('.')[0])
            elif isinstance(node, ast.ImportFrom):
                mod = node.module if node.level == 0 else resolve_relative(current, is_package, node.level, node.module)
                if not mod:
                    continue
                importers[mod].add(rel)
                for a in node.names:
                    if a.name == '*':
                        continue
                    from_names[mod][a.name].add(rel)
                    local_functions[a.asname or a.name] = (mod, a.name)
        in_function = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Call):
                        in_function.add(id(sub))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in local_modules:
                attr_names[local_modules[node.value.id]][node.attr].add(rel)
            if isinstance(node, ast.Call) and id(node) in in_function:
                f = node.func
                if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in local_modules:
                    calls[local_modules[f.value.id]][f.attr].add(rel)
                elif isinstance(f, ast.Name) and f.id in local_functions:
                    mod, fn = local_functions[f.id]
                    calls[mod][fn].add(rel)

    def counts(table):
        return {m: {n: len(files) for n, files in sorted(v.items())} for m, v in sorted(table.items()) if m in modules}

    print(json.dumps({
        'modules': modules,
        'importers': {m: len(files) for m, files in sorted(importers.items()) if m in modules},
        'fromNames': counts(from_names),
        'attrNames': counts(attr_names),
        'calls': counts(calls),
        'invalid': invalid,
    }, sort_keys=True))


if __name__ == '__main__':
    main()
