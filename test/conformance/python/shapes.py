"""Conformance harness: dict literals with a string discriminating key, read with the standard library's `ast`.

Reads a JSON request on stdin and prints one JSON object. Nothing here shares code with canonize.

  {"mode": "scan", "root": dir, "files": [...], "keys": [...]}
    -> {"keys": {key: {"literals": n, "values": {v: n}, "co": {other key: n}, "iso": {other key: n}}}}
       for every dict literal whose `key` holds an identifier-like string constant.
  {"mode": "check", "before": dir, "after": dir, "files": [...], "shapes": [...], "reported": {path: [lines]}}
    -> {"literals": n, "rewritten": n, "reported": n, "canonical": n, "evaluated": n,
        "problems": [{"check": ..., "path": ..., "detail": ...}]}
       Each literal of a shape in `before` is paired (in source order) with the one in `after`. One that needed a
       change must be rewritten or reported (a shape finding on one of its lines): `unexplained` otherwise. A
       rewritten one is evaluated (ast.literal_eval) where it is a pure literal and compared with the canonical
       event built here from the original (`wrong-rewrite`); otherwise its keys are compared.
"""
import ast
import datetime
import importlib.util
import json
import re
import sys

NAME = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')
ISO = re.compile(r'^\d{4}-\d\d-\d\d[T ]\d\d:\d\d')


def parse(path):
    with open(path, 'rb') as f:
        return ast.parse(importlib.util.decode_source(f.read()))


def str_keys(node):
    """key -> value node for the constant string keys of a dict display."""
    return {k.value: v for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant) and isinstance(k.value, str)}


def scan(request):
    out = {k: {'literals': 0, 'values': {}, 'co': {}, 'iso': {}} for k in request['keys']}
    for rel in request['files']:
        try:
            tree = parse(f"{request['root']}/{rel}")
        except (SyntaxError, ValueError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Dict):
                continue
            keys = str_keys(node)
            for key, stats in out.items():
                v = keys.get(key)
                if not (isinstance(v, ast.Constant) and isinstance(v.value, str) and NAME.match(v.value)):
                    continue
                stats['literals'] += 1
                stats['values'][v.value] = stats['values'].get(v.value, 0) + 1
                for other, ov in keys.items():
                    if other != key and NAME.match(other):
                        stats['co'][other] = stats['co'].get(other, 0) + 1
                        if isinstance(ov, ast.Constant) and isinstance(ov.value, str) and ISO.match(ov.value):
                            stats['iso'][other] = stats['iso'].get(other, 0) + 1
    return out


def shape_of(node, shapes):
    """The first shape whose discriminating keys all hold one of their values (legacy or renamed name), or None."""
    keys = str_keys(node)
    for shape in shapes:
        ok = True
        for key, values in shape['match'].items():
            v = keys.get(key, keys.get(shape.get('rename', {}).get(key)))
            if not (isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value in values):
                ok = False
                break
        if ok:
            return shape
    return None


def epoch(text):
    """ISO-8601 with a zone -> epoch seconds (None for a naive or unreadable time)."""
    try:
        t = datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
    except ValueError:
        return None
    return None if t.tzinfo is None else t.timestamp()


def value_shape(value, shapes):
    """The first shape an evaluated dict is of (its discriminating keys, legacy or renamed), or None."""
    for shape in shapes:
        if all(value.get(k, value.get(shape.get('rename', {}).get(k))) in vs for k, vs in shape['match'].items()):
            return shape
    return None


def deep(value, shapes):
    """An evaluated value with every event inside it made canonical (as the rule's later passes do)."""
    if isinstance(value, dict):
        shape = value_shape(value, shapes)
        built = canonical(list(value.items()), shape, shapes) if shape is not None else None
        if built is not None:
            return built
        return {k: deep(v, shapes) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(deep(v, shapes) for v in value)
    return value


def canonical(pairs, shape, shapes=()):
    """
    The canonical event built from the original's (key, value) pairs, events inside its values made canonical too
    (the dict under `nest` is the event's data, not an event); None when it cannot be built.
    """
    rename, times = shape.get('rename', {}), shape.get('timestamps', {})
    top_keys = set(shape['match']) | set(shape.get('keep', [])) | set(shape.get('require', [])) | {shape.get('nest')}
    top_keys |= set(rename.values()) | set(times.values())
    out, nested = {}, {}
    for key, value in pairs:
        if key == shape.get('nest') and isinstance(value, dict):
            value = {k: deep(v, shapes) for k, v in value.items()}
        elif shapes:
            value = deep(value, shapes)
        if key in rename:
            out[rename[key]] = value
        elif key in times:
            seconds = epoch(value) if isinstance(value, str) else None
            if seconds is None:
                return None
            out[times[key]] = seconds
        elif key in top_keys or not shape.get('nest'):
            out[key] = value
        else:
            nested[key] = value
    if nested:
        if shape['nest'] in out:
            return None  # ambiguous: the literal already has the nest key
        out[shape['nest']] = nested
    return out


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and abs(a - b) < 1e-6
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def shape_literals(tree, shapes):
    """The literals of a shape in source order, but for those under an event's `nest` key (its data)."""
    found, payloads = [], set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Dict) and id(n) not in payloads:
            shape = shape_of(n, shapes)
            if shape:
                found.append(n)
                payload = str_keys(n).get(shape.get('nest'))
                if isinstance(payload, ast.Dict):
                    payloads.add(id(payload))
    return sorted(found, key=lambda n: (n.lineno, n.col_offset))


def key_view(node):
    """The literal's keys as a comparable structure, or None when one is not a constant (`**spread`)."""
    if any(k is None or not isinstance(k, ast.Constant) for k in node.keys):
        return None
    return [(k.value, key_view(v) if isinstance(v, ast.Dict) else None) for k, v in zip(node.keys, node.values)]


def check_file(rel, request, shapes, stats, problems):
    before, after = parse(f"{request['before']}/{rel}"), parse(f"{request['after']}/{rel}")
    old, new = shape_literals(before, shapes), shape_literals(after, shapes)
    reported = set(request['reported'].get(rel, []))
    if rel in request['skipped']:
        stats['skipped'] += len(old)
        return
    if len(old) != len(new):
        problems.append({'check': 'unexplained', 'path': rel, 'detail': f'{len(old)} shape literal(s) before, {len(new)} after'})
        return
    for o, n in zip(old, new):
        stats['literals'] += 1
        shape = shape_of(o, shapes)
        where = f'line {o.lineno}'
        try:
            value = ast.literal_eval(o)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            value = None
        keys = key_view(o)
        pairs = list(value.items()) if isinstance(value, dict) else [(k, None) for k, _ in keys] if keys else None
        expected = canonical(pairs, shape, shapes if value is not None else ()) if pairs is not None else None
        needs = expected is None or list(expected) != [k for k, _ in pairs]
        changed = ast.dump(o) != ast.dump(n)
        on_lines = any(line in reported for line in range(o.lineno, o.end_lineno + 1))
        if not changed:
            if not needs:
                stats['canonical'] += 1
            elif on_lines:
                stats['reported'] += 1
            else:
                problems.append({'check': 'unexplained', 'path': rel, 'detail': f'{where}: a legacy literal neither rewritten nor reported'})
            continue
        stats['rewritten'] += 1
        if expected is None:
            problems.append({'check': 'wrong-rewrite', 'path': rel, 'detail': f'{where}: rewritten although its keys or time cannot be known'})
            continue
        if value is not None:
            try:
                got = ast.literal_eval(n)
            except (ValueError, TypeError, SyntaxError):
                problems.append({'check': 'wrong-rewrite', 'path': rel, 'detail': f'{where}: a pure literal became an impure one'})
                continue
            stats['evaluated'] += 1
            if not same(got, expected):
                problems.append({'check': 'wrong-rewrite', 'path': rel, 'detail': f'{where}: {got!r} != {expected!r}'})
        else:
            got_keys = key_view(n)
            want = [(k, None) for k in expected if k != shape.get('nest')]
            nest = shape.get('nest')
            got_top = sorted(k for k, _ in got_keys or [] if k != nest)
            got_nested = sorted(k for k, sub in got_keys or [] if k == nest for k, _ in (sub or []))
            want_nested = sorted(expected.get(nest, {})) if nest else []
            if got_top != sorted(k for k, _ in want) or got_nested != want_nested:
                problems.append({'check': 'wrong-rewrite', 'path': rel, 'detail': f'{where}: keys {got_keys!r}, expected {expected!r}'})


def check(request):
    stats = {'literals': 0, 'rewritten': 0, 'reported': 0, 'canonical': 0, 'evaluated': 0, 'skipped': 0}
    problems = []
    for rel in request['files']:
        try:
            check_file(rel, request, request['shapes'], stats, problems)
        except SyntaxError as e:
            problems.append({'check': 'compile', 'path': rel, 'detail': f'SyntaxError: {e}'})
    return {**stats, 'problems': problems}


def main():
    request = json.load(sys.stdin)
    result = scan(request) if request['mode'] == 'scan' else check(request)
    print(json.dumps(result, sort_keys=True))


if __name__ == '__main__':
    main()
