// pytest hooks that run coroutine tests with asyncio.run (pytest-asyncio is not installed here), for the plugins the
// example's tests write beside a real pytest run. The plugin that includes them imports asyncio and inspect.
export const PYTEST_ASYNC_HOOKS = `def pytest_configure(config):
    config.addinivalue_line("markers", "asyncio: run the coroutine test with asyncio.run")

def pytest_pyfunc_call(pyfuncitem):
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
    return True
`;
