#!/usr/bin/env python3
"""test_layering: no file includes a header of a layer above its own (DESIGN.md, "Layout").

Layers, lowest first:  core <- store <- recovery <- workflow, scheduler, workers <- api, conductor
<- runtime (the composition) <- server (options, serving loop) <- app.  script and events depend
only on core; events/Redis* is the separate orrery_events_redis library, which also uses the
recovery layer's circuit breaker. ui depends on core; only ui/client/LocalEngineClient (the
in-process EngineClient) reaches into the engine.

The module interface the API modules implement (ServerModule, ServerContext) belongs to the API
layer; runtime, the composition root above it, fills the context. A new upward include fails this
test; so does a KNOWN entry that no longer exists.
"""
import pathlib
import re
import sys

ALLOWED = {
    'core': set(),
    'script': {'core'},
    'events': {'core'},
    'events_redis': {'core', 'events', 'store', 'recovery'},
    'store': {'core'},
    'recovery': {'core', 'store'},
    'workflow': {'core', 'store', 'recovery', 'script'},
    'scheduler': {'core', 'store', 'recovery'},
    'workers': {'core', 'store', 'recovery', 'script'},
    'api': {'core', 'store', 'recovery', 'script', 'events', 'workflow', 'scheduler', 'workers'},
    'conductor': {'core', 'store', 'recovery', 'script', 'events', 'workflow', 'scheduler', 'workers'},
    'runtime': {'core', 'store', 'recovery', 'script', 'events', 'workflow', 'scheduler', 'workers',
                'api', 'conductor'},
    'server': {'core', 'store', 'recovery', 'script', 'events', 'workflow', 'scheduler', 'workers',
               'api', 'conductor', 'runtime'},
    'ui': {'core'},
    'ui_local_client': {'core', 'store', 'recovery', 'script', 'events', 'workflow', 'scheduler',
                        'workers', 'api', 'conductor', 'runtime', 'server'},
}

# Upward includes tolerated for now, as (file, layer) pairs: none. A pair put here must name an
# issue that removes it.
KNOWN: set = set()

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"', re.M)
MODULES = set(ALLOWED) - {'events_redis', 'ui', 'ui_local_client'}


def unit_of(rel: pathlib.PurePosixPath) -> str:
    parts = rel.parts
    if parts[0] == 'engine':
        if parts[1] == 'events' and parts[-1].startswith('Redis'):
            return 'events_redis'
        return parts[1]
    if parts[0] == 'ui':
        return 'ui_local_client' if parts[-1].startswith('LocalEngineClient.') else 'ui'
    return ''


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.').resolve()
    violations, seen_known, files = [], set(), 0
    for base in ('engine', 'ui'):
        for path in sorted((root / base).rglob('*')):
            if path.suffix not in ('.h', '.cpp'):
                continue
            rel = pathlib.PurePosixPath(path.relative_to(root).as_posix())
            unit = unit_of(rel)
            if unit not in ALLOWED:
                violations.append(f'{rel}: folder "{unit}" has no layer in check_layering.py (add it, per DESIGN.md)')
                continue
            files += 1
            own = 'events' if unit == 'events_redis' else unit
            for target in set(INCLUDE.findall(path.read_text(encoding='utf-8', errors='replace'))):
                if target not in MODULES or target == own or target in ALLOWED[unit]:
                    continue
                if (str(rel), target) in KNOWN:
                    seen_known.add((str(rel), target))
                    continue
                violations.append(f'{rel}: includes "{target}/..." but layer {unit} may include only '
                                  f'{", ".join(sorted(ALLOWED[unit])) or "nothing of the engine"}')
    for rel, target in sorted(KNOWN - seen_known):
        violations.append(f'{rel}: no longer includes "{target}/..."; remove it from KNOWN in check_layering.py')
    for v in violations:
        print('FAIL', v)
    print(f'{files} files checked, {len(violations)} layering violations, {len(seen_known)} known')
    return 1 if violations else 0


if __name__ == '__main__':
    sys.exit(main())
