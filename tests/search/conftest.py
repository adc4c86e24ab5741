"""The PostgreSQL search backend runs only on the PostgreSQL database: the combination with
SQLite is not a test (it is left out, not skipped)."""


def pytest_collection_modifyitems(config, items):
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if params.get("backend_name") == "postgres" and params.get("database_url") == "sqlite":
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
