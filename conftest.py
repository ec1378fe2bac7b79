import os

# The suite runs with production-like settings; these are the only values it needs to be given.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
