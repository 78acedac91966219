// Real pytest runs of the example's tests: whether pytest is there, and the hooks that run coroutine tests with
// asyncio.run (pytest-asyncio is not installed here), for the plugins the tests write beside the run (a plugin that
// includes them imports asyncio and inspect).
import { execFileSync } from 'node:child_process';

/** Whether `python3 -m pytest` can run here. */
export function pytestImportable(): boolean {
  try {
    execFileSync('python3', ['-c', 'import pytest'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const PYTEST_ASYNC_HOOKS = `def pytest_configure(config):
    config.addinivalue_line("markers", "asyncio: run the coroutine test with asyncio.run")

def pytest_pyfunc_call(pyfuncitem):
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
    return True
`;
