"""Conformance harness: independent checks of canonize's output on a Python corpus.

Uses only the standard library (`compile`, `ast`, `symtable`) and shares no code with canonize.
Reads a JSON request on stdin: {"before": dir, "after": dir, "files": [relative paths changed in `after`]}.
For each file it reports:
  compile:    the error when the new text does not compile (what py_compile runs), else absent
  unresolved: imports (and `module.attr` chains through imported modules) that resolve in `before` but not in
              `after`: the module has no file in the tree, or does not bind the name and has no such submodule
  unbound:    names that are free and bound nowhere (not in the module, not a builtin) after but not before
  shadowed:   `scope:name` where a function or class body assigns a name the module imports, and that name was not
              local to that body before
Prints {"files": {path: {...}}} with only the files that have a problem.
"""
import ast
import builtins
import importlib.util
import json
import os
import symtable
import sys

MODULE_DUNDERS = {
    '__name__', '__file__', '__doc__', '__spec__', '__loader__', '__package__', '__builtins__', '__path__',
    '__cached__', '__annotations__', '__debug__', '__dict__', '__class__',
}
BUILTINS = set(dir(builtins)) | MODULE_DUNDERS
EXTERNAL = set(sys.builtin_module_names)
try:
    _dynload = os.path.join(os.path.dirname(os.__file__), 'lib-dynload')
    EXTERNAL |= {f.split('.')[0] for f in os.listdir(_dynload)}
except OSError:
    pass


def read_source(path):
    with open(path, 'rb') as f:
        return f.read()


class Tree:
    """A static view of the modules under one root: module name -> file, and what each file binds."""

    def __init__(self, root):
        self.root = root
        self._bindings = {}

    def module_file(self, name):
        base = os.path.join(self.root, *name.split('.'))
        for candidate in (base + '.py', os.path.join(base, '__init__.py')):
            if os.path.isfile(candidate):
                return candidate
        return None

    def is_package(self, name):
        return os.path.isfile(os.path.join(self.root, *name.split('.'), '__init__.py'))

    def bindings(self, name):
        """(names bound at top level, star-import sources, open) where open means any name may exist."""
        if name in self._bindings:
            return self._bindings[name]
        self._bindings[name] = (set(), [], True)  # cycles: assume open while computing
        path = self.module_file(name)
        result = (set(), [], True)
        if path:
            try:
                tree = ast.parse(importlib.util.decode_source(read_source(path)))
            except (SyntaxError, ValueError, UnicodeDecodeError):
                tree = None
            if tree is not None:
                names, stars = set(), []
                collect_bindings(tree.body, names, stars, name, path.endswith('__init__.py'))
                for node in ast.walk(tree):
                    if isinstance(node, ast.Global):
                        names.update(node.names)
                dynamic = '__getattr__' in names or any(
                    isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ('globals', 'vars')
                    for n in ast.walk(tree))
                result = (names, stars, dynamic)
        self._bindings[name] = result
        return result

    def defines(self, module, name, depth=0):
        """True when `from module import name` can bind: a binding, a submodule, or through `import *`."""
        if self.module_file(module) is None:
            return module.split('.')[0] in EXTERNAL or None  # None: not in the tree at all
        if self.is_package(module) and self.module_file(f'{module}.{name}'):
            return True
        names, stars, dynamic = self.bindings(module)
        if name in names or dynamic:
            return True
        for star in stars:
            if depth > 10:
                return True
            found = self.defines(star, name, depth + 1)
            if found or found is None:
                return True
        return False


def targets(node, out):
    if isinstance(node, ast.Name):
        out.add(node.id)
    elif isinstance(node, (ast.Tuple, ast.List)):
        for e in node.elts:
            targets(e, out)
    elif isinstance(node, ast.Starred):
        targets(node.value, out)


def collect_bindings(stmts, names, stars, module, is_package):
    for s in stmts:
        if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(s.name)
        elif isinstance(s, ast.Assign):
            for t in s.targets:
                targets(t, names)
        elif isinstance(s, (ast.AnnAssign, ast.AugAssign)):
            targets(s.target, names)
        elif isinstance(s, ast.Import):
            for a in s.names:
                names.add(a.asname or a.name.split('.')[0])
        elif isinstance(s, ast.ImportFrom):
            for a in s.names:
                if a.name == '*':
                    src = s.module if s.level == 0 else relative_base(module, is_package, s.level, s.module)
                    if src:
                        stars.append(src)
                else:
                    names.add(a.asname or a.name)
        elif isinstance(s, (ast.For, ast.AsyncFor)):
            targets(s.target, names)
            collect_bindings(s.body + s.orelse, names, stars, module, is_package)
        elif isinstance(s, (ast.With, ast.AsyncWith)):
            for item in s.items:
                if item.optional_vars is not None:
                    targets(item.optional_vars, names)
            collect_bindings(s.body, names, stars, module, is_package)
        elif isinstance(s, (ast.If, ast.While)):
            collect_bindings(s.body + s.orelse, names, stars, module, is_package)
        elif isinstance(s, ast.Try) or type(s).__name__ == 'TryStar':
            body = s.body + s.orelse + s.finalbody
            for h in s.handlers:
                if h.name:
                    names.add(h.name)
                body += h.body
            collect_bindings(body, names, stars, module, is_package)
        elif isinstance(s, ast.Match):
            for case in s.cases:
                collect_bindings(case.body, names, stars, module, is_package)
        elif isinstance(s, ast.Expr) and isinstance(s.value, ast.NamedExpr):
            targets(s.value.target, names)


def relative_base(module, is_package, level, name):
    package = module if is_package else module.rpartition('.')[0]
    parts = package.split('.') if package else []
    if level - 1 > len(parts):
        return None
    base = parts[:len(parts) - (level - 1)]
    if name:
        base = base + name.split('.')
    return '.'.join(base) if base else None


def module_of(rel):
    parts = rel[:-3].split('/')
    is_package = parts[-1] == '__init__'
    if is_package:
        parts = parts[:-1]
    return '.'.join(parts), is_package


def unresolved_imports(tree_view, rel, tree):
    """Key (what the file binds or spells) -> description, for every import or module attribute that does not resolve."""
    module, is_package = module_of(rel)
    out = {}
    local_modules = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                parts = a.name.split('.')
                for i in range(1, len(parts) + 1):
                    prefix = '.'.join(parts[:i])
                    found = tree_view.module_file(prefix) is not None or parts[0] in EXTERNAL
                    if not found:
                        out[f'import {a.name}'] = f'line {node.lineno}: import {a.name}: no module {prefix}'
                        break
                local = a.asname or parts[0]
                local_modules[local] = a.name if a.asname else parts[0]
        elif isinstance(node, ast.ImportFrom):
            src = node.module if node.level == 0 else relative_base(module, is_package, node.level, node.module)
            spelled = '.' * node.level + (node.module or '')
            if not src:
                out[f'from {spelled}'] = f'line {node.lineno}: from {spelled} import ...: beyond the top-level package'
                continue
            for a in node.names:
                if a.name == '*':
                    continue
                found = tree_view.defines(src, a.name)
                if found is None:
                    found = src.split('.')[0] in EXTERNAL
                if not found:
                    out[f'name {a.asname or a.name}'] = f'line {node.lineno}: from {spelled} import {a.name}: {src} binds no {a.name}'
    # `m.a.b` chains through a name bound by `import m` (scope-insensitive; the before/after comparison cancels noise).
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or isinstance(getattr(node, 'parent', None), ast.Attribute):
            continue
        chain = []
        cur = node
        while isinstance(cur, ast.Attribute):
            chain.append(cur.attr)
            cur = cur.value
        if not isinstance(cur, ast.Name) or cur.id not in local_modules:
            continue
        chain.reverse()
        mod = local_modules[cur.id]
        if tree_view.module_file(mod) is None:
            continue
        spelled = cur.id
        for attr in chain:
            spelled += '.' + attr
            if tree_view.is_package(mod) and tree_view.module_file(f'{mod}.{attr}'):
                mod = f'{mod}.{attr}'
                continue
            if not tree_view.defines(mod, attr):
                out[f'attr {spelled}'] = f'line {node.lineno}: {spelled}: {mod} binds no {attr}'
            break
    return out


def unbound_names(source, rel):
    """
    Free names bound nowhere: not in the module's top level, not a builtin (per symtable's own scoping); and, as
    `scope:name`, assignments in a function or class body to a name the module imports (a store that shadows the
    import, e.g. `m.x = 1` turned into `x = 1`, which also makes every read of `x` in that function local); and
    every `scope:name` local to a function or class body.
    """
    top = symtable.symtable(source, rel, 'exec')
    imported = {s.get_name() for s in top.get_symbols() if s.is_imported()}
    shadows, local = set(), set()
    bound = {s.get_name() for s in top.get_symbols()
             if s.is_assigned() or s.is_imported() or s.is_namespace() or s.is_parameter()}
    tables = [top]
    referenced = set()
    while tables:
        t = tables.pop()
        tables.extend(t.get_children())
        for s in t.get_symbols():
            if t is not top and s.is_declared_global() and s.is_assigned():
                bound.add(s.get_name())
            if t is not top and s.is_local():
                local.add(f'{t.get_name()}:{s.get_name()}')
                if s.is_assigned() and not s.is_parameter() and not s.is_imported() and s.get_name() in imported:
                    shadows.add(f'{t.get_name()}:{s.get_name()}')
            if not s.is_referenced():
                continue
            if t is top or s.is_global():
                referenced.add(s.get_name())
    return {n for n in referenced - bound if n not in BUILTINS}, shadows, local


def analyse(tree_view, root, rel):
    data = read_source(os.path.join(root, rel))
    text = importlib.util.decode_source(data)
    tree = ast.parse(text, rel)
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            child.parent = parent
    return unresolved_imports(tree_view, rel, tree), unbound_names(text, rel)


def main():
    request = json.load(sys.stdin)
    before, after = Tree(request['before']), Tree(request['after'])
    problems = {}
    for rel in request['files']:
        entry = {}
        data = read_source(os.path.join(request['after'], rel))
        try:
            compile(data, rel, 'exec', dont_inherit=True)
        except (SyntaxError, ValueError) as e:
            entry['compile'] = f'{type(e).__name__}: {e}'
            problems[rel] = entry
            continue
        old_unresolved, (old_unbound, _, old_locals) = analyse(before, request['before'], rel)
        new_unresolved, (new_unbound, new_shadows, _) = analyse(after, request['after'], rel)
        unresolved = sorted(v for k, v in new_unresolved.items() if k not in old_unresolved)
        unbound = sorted(new_unbound - old_unbound)
        # A name that was already local in that scope before shadowed nothing new (a loop variable, say).
        shadows = sorted(new_shadows - old_locals)
        if shadows:
            entry['shadowed'] = shadows
        if unresolved:
            entry['unresolved'] = unresolved
        if unbound:
            entry['unbound'] = unbound
        if entry:
            problems[rel] = entry
    print(json.dumps({'files': problems}, sort_keys=True))


if __name__ == '__main__':
    main()
