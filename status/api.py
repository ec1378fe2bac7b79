"""POST /api/v1/status/ {"iin": "…"}: the status check as JSON (the IIN is never in a URL)."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from msqory.api import ERROR_SCHEMA, ApiError
from msqory.metrics import LOOKUPS
from msqory.ratelimit import LookupThrottle

from . import snapshots
from .engine import StatusResult
from .iin import parse_iin


class StatusRequestSerializer(serializers.Serializer):
    iin = serializers.CharField(allow_blank=True, trim_whitespace=True)


MONTH_FIELDS = {
    "period": serializers.CharField(help_text="YYYY-MM"),
    "covered": serializers.BooleanField(),
    "payer_types": serializers.ListField(child=serializers.CharField()),
}
StatusResponseSerializer = inline_serializer(
    "StatusResponse",
    {
        "iin": serializers.CharField(),
        "status": serializers.ChoiceField(["insured", "not_insured", "exempt"]),
        "reason": serializers.CharField(),
        "as_of": serializers.DateField(),
        "months": inline_serializer("StatusMonth", MONTH_FIELDS, many=True),
        "debt_months": serializers.ListField(
            child=serializers.CharField(), help_text="The debt months, YYYY-MM, oldest first."
        ),
        "debt_amount": serializers.DecimalField(
            max_digits=12,
            decimal_places=2,
            help_text="To pay for the debt months as a self-payer, tenge: the known part when "
            "debt_amount_complete is false.",
        ),
        "debt_amount_complete": serializers.BooleanField(
            help_text="False while the Fund has not published the self-payer amount of a debt "
            "month's year: debt_amount then leaves those months out."
        ),
        "debt_periods_without_amount": serializers.ListField(
            child=serializers.CharField(),
            help_text="The debt months, YYYY-MM, whose amount is not published yet.",
        ),
        "lapses_on": serializers.DateField(allow_null=True),
        "care": serializers.ChoiceField(["mshi", "gvfmc"]),
    },
)


def _year_month(day) -> str:
    # isoformat()[:7] is 2026-05 like f"{day:%Y-%m}", at an eighth of strftime's cost (a
    # lookup formats a dozen or more of them)
    return day.isoformat()[:7]


def status_json(*, iin: str, result: StatusResult) -> dict:
    return {
        "iin": iin,
        "status": result.status,
        "reason": result.reason,
        "as_of": result.as_of.isoformat(),
        "months": [
            {
                "period": _year_month(cell.period),
                "covered": cell.covered,
                "payer_types": sorted(set(cell.payer_types) | ({"state"} if cell.state else set())),
            }
            for cell in result.months
        ],
        "debt_months": [_year_month(d) for d in result.debt_months],
        "debt_amount": f"{result.debt_amount:.2f}",
        "debt_amount_complete": result.debt_amount_complete,
        "debt_periods_without_amount": [_year_month(d) for d in result.debt_periods_without_amount],
        "lapses_on": result.lapses_on.isoformat() if result.lapses_on else None,
        "care": result.care,
    }


class StatusLookupView(APIView):
    throttle_classes = [LookupThrottle]

    @extend_schema(
        request=StatusRequestSerializer,
        responses={
            200: StatusResponseSerializer,
            400: ERROR_SCHEMA,
            429: ERROR_SCHEMA,
            503: ERROR_SCHEMA,
        },
        summary="Insured status by IIN",
        description=(
            "Status for today's month M (Asia/Almaty) with the months M−12 … M−1, oldest first. "
            "400 invalid_iin for an IIN that fails the check; 429 rate_limited with Retry-After; "
            "503 no_rule while the Fund has not published a rule the status depends on."
        ),
    )
    def post(self, request):
        iin = request.data.get("iin") if isinstance(request.data, dict) else None
        if isinstance(iin, str) and iin.isascii() and "\x00" not in iin:
            # what the serializer would make of it (CharField, trim_whitespace), without
            # building a serializer and its fields on every lookup
            iin = iin.strip()
        else:  # missing, not a string, odd characters: the serializer's errors
            data = StatusRequestSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            iin = data.validated_data["iin"]
        try:
            parse_iin(iin)
        except ValidationError as exc:
            LOOKUPS.labels(outcome="invalid").inc()
            raise ApiError("invalid_iin", exc.messages[0]) from exc
        # NoStatusRule (the month's rule is not published) answers 503 no_rule: msqory/api.py
        result = snapshots.status_by_iin(iin=iin)
        return Response(status_json(iin=iin, result=result))
