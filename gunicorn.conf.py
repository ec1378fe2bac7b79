# gunicorn reads this file from the folder it is started in (docker-compose, the tests).
# Its access and error logs mask IINs like every Django log handler (SECURITY.md).
logger_class = "msqory.gunicorn_logging.IINMaskingLogger"
