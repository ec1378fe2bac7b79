"""JSON API of the calculator: POST /api/v1/contributions/calculate/ and …/vacation/.

Amounts are strings with two decimals. Errors are {"error": {"code", "message"}} in the
request's language (msqory/api.py), with the codes listed in each serializer.
"""

import datetime
from decimal import Decimal

from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from msqory.api import ERROR_SCHEMA, ApiError
from msqory.db_router import replica_reads

from . import calculator, selectors
from .errors import NoRule
from .models import month_label
from .parsing import MoneyError, parse_money, parse_month

MONEY_MESSAGES = {
    "invalid": _("Enter an amount in tenge using digits only, for example 470000"),
    "negative": _("The amount cannot be negative"),
    "too_large": _("The amount is too large"),
}
MONEY_CODES = {"invalid": "invalid_amount", "negative": "negative_income", "too_large": "too_large"}


def amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{calculator.money(value):.2f}"


def figure(value: Decimal | None) -> str | None:
    """A rate or multiple as a plain decimal string: "3", "1.4", "13.95"."""
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return text


class MoneyField(serializers.CharField):
    """Tenge as a string (or number): "470000", "470 000,50"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            raise serializers.ValidationError(MONEY_MESSAGES["invalid"], code="invalid_amount")
        if isinstance(data, int | float):
            data = str(data)
        try:
            return parse_money(super().to_internal_value(data))
        except MoneyError as error:
            raise serializers.ValidationError(
                MONEY_MESSAGES[error.code], code=MONEY_CODES[error.code]
            ) from None


class DateField(serializers.DateField):
    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except serializers.ValidationError:
            raise serializers.ValidationError(
                _("Enter a date as YYYY-MM-DD, for example 2025-07-01"), code="invalid_date"
            ) from None


class CalculateRequest(serializers.Serializer):
    payer_type = serializers.CharField(
        help_text="One of: employer, employee, civil_contract, individual_entrepreneur, "
        "self_payer, platform_worker, unified_payment, state."
    )
    period = serializers.CharField(help_text="The month, YYYY-MM.")
    income = MoneyField(
        required=False,
        help_text="Gross income for the month, tenge; needed for income-based types.",
    )
    exemption = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Optional: pensioner, child, disability, fulltime_student, mother_many_children.",
    )

    def validate_payer_type(self, value):
        if not selectors.payer_type_exists(code=value):
            raise serializers.ValidationError(
                _("Unknown payer type «%(code)s»") % {"code": value}, code="invalid_payer_type"
            )
        return value

    def validate_period(self, value):
        period = parse_month(value)
        if period is None:
            raise serializers.ValidationError(
                _("Enter a month as a year and month number, for example 2025-07"),
                code="invalid_period",
            )
        return period

    def validate_exemption(self, value):
        if value and not selectors.exemption_exists(code=value):
            raise serializers.ValidationError(
                _("Unknown exemption «%(code)s»") % {"code": value}, code="invalid_exemption"
            )
        return value or None


class CalculateResponse(serializers.Serializer):
    payer_type = serializers.CharField()
    period = serializers.CharField(help_text="YYYY-MM")
    base = serializers.CharField(help_text="The base after the cap, tenge")
    rate = serializers.CharField(help_text='Percent, e.g. "3"')
    cap = serializers.CharField(allow_null=True, help_text="The cap on the base in tenge, or null")
    cap_applied = serializers.BooleanField()
    amount = serializers.CharField(
        help_text="To pay for MSHI, tenge (unified_payment: the two MSHI shares together)"
    )
    mw = serializers.CharField(help_text="Minimum monthly wage of that year")
    explanation = serializers.CharField()
    exemption = serializers.CharField(required=False, help_text="Only when an exemption applies")
    unified_payment = serializers.CharField(required=False, help_text="unified_payment only")
    employer_share = serializers.CharField(required=False, help_text="unified_payment only")
    employee_share = serializers.CharField(required=False, help_text="unified_payment only")


def line_json(line: calculator.Line) -> dict:
    body = {
        "payer_type": line.payer_type,
        "period": month_label(line.period),
        "base": amount(line.base),
        "rate": figure(line.rate),
        "cap": amount(line.cap),
        "cap_applied": line.cap_applied,
        "amount": amount(line.amount),
        "mw": amount(line.mw),
        "explanation": line.explanation,
    }
    if line.exemption:
        body["exemption"] = line.exemption
    if line.unified_payment is not None:
        body["unified_payment"] = amount(line.unified_payment)
        body["employer_share"] = amount(line.employer_share)
        body["employee_share"] = amount(line.employee_share)
    return body


@method_decorator(replica_reads, name="post")
class CalculateView(APIView):
    @extend_schema(
        operation_id="contributions_calculate",
        summary="Contribution for one payer type and month",
        request=CalculateRequest,
        responses={200: CalculateResponse, 400: ERROR_SCHEMA},
        examples=[
            OpenApiExample(
                "Employee, July 2025",
                value={"payer_type": "employee", "period": "2025-07", "income": "470000"},
                request_only=True,
            ),
            OpenApiExample(
                "Employee, July 2025",
                value={
                    "payer_type": "employee",
                    "period": "2025-07",
                    "base": "470000.00",
                    "rate": "2",
                    "cap": "850000.00",
                    "cap_applied": False,
                    "amount": "9400.00",
                    "mw": "85000.00",
                    "explanation": "2 % × min(470 000; 10 × 85 000) = 9 400,00",
                },
                response_only=True,
            ),
            OpenApiExample(
                "No rule",
                value={
                    "error": {
                        "code": "no_rule",
                        "message": "There is no rule for Unified payment in 07.2025.",
                    }
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def post(self, request):
        params = CalculateRequest(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        try:
            line = selectors.calculate(
                payer_type=data["payer_type"],
                period=data["period"],
                income=data.get("income"),
                exemption=data.get("exemption"),
            )
        except NoRule as error:
            raise ApiError("no_rule", str(error)) from None
        except calculator.IncomeRequired:
            raise ApiError(
                "income_required", _("Enter the income: this payer type pays a share of it")
            ) from None
        except calculator.NegativeIncome:
            raise ApiError("negative_income", MONEY_MESSAGES["negative"]) from None
        return Response(line_json(line))


class VacationRequest(serializers.Serializer):
    start = DateField(help_text="First day of the vacation, YYYY-MM-DD")
    end = DateField(help_text="Last day of the vacation, YYYY-MM-DD")
    amount = MoneyField(help_text="Vacation pay, tenge")
    exemption = serializers.CharField(required=False, allow_blank=True)

    validate_exemption = CalculateRequest.validate_exemption

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError(
                {"end": _("The last day cannot be before the first day")}, code="invalid_dates"
            )
        if attrs["end"] - attrs["start"] > datetime.timedelta(days=366):
            raise serializers.ValidationError(
                {"end": _("A vacation cannot be longer than a year")}, code="invalid_dates"
            )
        if attrs.get("amount") is None:
            raise serializers.ValidationError(
                {"amount": _("Enter the vacation pay")}, code="income_required"
            )
        return attrs


class VacationMonthJson(serializers.Serializer):
    period = serializers.CharField()
    days = serializers.IntegerField()
    income = serializers.CharField()
    employer = serializers.CharField()
    employee = serializers.CharField()
    employer_explanation = serializers.CharField()
    employee_explanation = serializers.CharField()


class VacationTotalJson(serializers.Serializer):
    days = serializers.IntegerField()
    income = serializers.CharField()
    employer = serializers.CharField()
    employee = serializers.CharField()


class VacationResponse(serializers.Serializer):
    months = VacationMonthJson(many=True)
    total = VacationTotalJson()


@method_decorator(replica_reads, name="post")
class VacationView(APIView):
    @extend_schema(
        operation_id="contributions_vacation",
        summary="Vacation pay split across calendar months",
        request=VacationRequest,
        responses={200: VacationResponse, 400: ERROR_SCHEMA},
        examples=[
            OpenApiExample(
                "56 days, 1 July – 25 August 2025",
                value={"start": "2025-07-01", "end": "2025-08-25", "amount": "850000"},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        params = VacationRequest(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        try:
            split = selectors.vacation_split(
                start=data["start"],
                end=data["end"],
                amount=data["amount"],
                exemption=data.get("exemption"),
            )
        except NoRule as error:
            raise ApiError("no_rule", str(error)) from None
        months = []
        for month in split.months:
            lines = {line.payer_type: line for line in month.lines}
            months.append(
                {
                    "period": month_label(month.period),
                    "days": month.days,
                    "income": amount(month.income),
                    "employer": amount(lines["employer"].amount),
                    "employee": amount(lines["employee"].amount),
                    "employer_explanation": lines["employer"].explanation,
                    "employee_explanation": lines["employee"].explanation,
                }
            )
        return Response(
            {
                "months": months,
                "total": {
                    "days": split.days,
                    "income": amount(split.amount),
                    "employer": amount(split.employer_total),
                    "employee": amount(split.employee_total),
                },
            }
        )
