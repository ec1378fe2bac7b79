def pytest_configure(config):
    config.addinivalue_line(
        "markers", "replica_alone: pauses or stops the shared replica (no other replica test)"
    )
