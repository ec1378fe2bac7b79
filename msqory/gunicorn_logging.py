"""gunicorn's own access and error logs mask IINs as well (msqory.logmasking).

They are written by gunicorn, not through Django's LOGGING, and an access log line holds the
URL with its query string and the Referer: a staff member's admin search for an IIN would
otherwise land there in full. Enabled by gunicorn.conf.py (read by gunicorn from the project
folder, where docker-compose and the tests start it).
"""

from gunicorn.glogging import Logger

from .logmasking import MaskIINFilter


class IINMaskingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, MaskIINFilter) for f in handler.filters):
                    handler.addFilter(MaskIINFilter())
