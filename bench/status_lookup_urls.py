"""The portal's URLs plus two yardsticks for the lookup, through the same middleware.

/hello/: a bare Django view, what any request costs. /floor/: the two round trips every lookup
needs and nothing else, the rate-limit count in Redis and the lookup query in PostgreSQL (the
same calls as POST /api/v1/status/), answering a fixed body: no lookup can be faster than it.
"""

import json

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from msqory.months import month_index
from msqory.ratelimit import hit
from msqory.urls import urlpatterns as portal
from status.engine import rule_for
from status.selectors import status_rules, today
from status.snapshots import lookup_row


def hello(request):
    return HttpResponse("hello", content_type="text/plain")


@csrf_exempt
def floor(request):
    hit(request)
    on = today()
    rule = rule_for(status_rules(), month_index(on))
    row = lookup_row(
        iin=json.loads(request.body)["iin"], month=on.replace(day=1), window=rule.window
    )
    return HttpResponse(b'{"found": %s}' % (b"true" if row else b"false"))


urlpatterns = [path("hello/", hello), path("floor/", floor), *portal]
