# gunicorn reads this file from the folder it is started in (docker-compose, the tests).
import os
import shutil

# Its access and error logs mask IINs like every Django log handler (SECURITY.md).
logger_class = "msqory.gunicorn_logging.IINMaskingLogger"


def on_starting(server):
    """/metrics adds up the workers' files (PROMETHEUS_MULTIPROC_DIR): start from none."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def child_exit(server, worker):
    """A worker that exits takes its live gauges (the rate-limit fallback) with it."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
