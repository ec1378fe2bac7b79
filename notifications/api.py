"""POST /api/v1/subscriptions/: subscribe to lapse warnings (202, confirmation on its way), and
POST /api/v1/subscriptions/phone-confirmation/: the code sent by SMS, typed back."""

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from msqory.api import ERROR_SCHEMA, ApiError
from msqory.ratelimit import HitThrottle
from status.iin import validate_iin

from . import services
from .errors import SubscriptionRefused
from .forms import SUBSCRIPTION_FIELDS, contact
from .models import Channel, Subscription
from .views import rate_limit_hit


class SubscriptionThrottle(HitThrottle):
    """The per-client limit the subscribe page counts too."""

    def count(self, request) -> int | None:
        return rate_limit_hit(request)


class SubscriptionRequestSerializer(serializers.Serializer):
    iin = serializers.CharField(trim_whitespace=True)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=32)
    language = serializers.ChoiceField(choices=[code for code, _name in settings.LANGUAGES])

    def validate_iin(self, value):
        validate_iin(value)
        return value

    def validate(self, attrs):
        try:
            attrs["channel"], attrs["address"] = contact(
                email=attrs.get("email", ""), phone=attrs.get("phone", "")
            )
        except ValidationError as error:
            field = {"one_contact": "non_field_errors", "invalid": "email"}.get(error.code, "phone")
            raise serializers.ValidationError({field: error.messages}, code=error.code) from None
        return attrs


SubscriptionResponseSerializer = inline_serializer(
    "SubscriptionAccepted",
    {
        "channel": serializers.ChoiceField(Channel.values),
        "state": serializers.ChoiceField(Subscription.State.values),
        "confirm_within_hours": serializers.IntegerField(),
        "phone_confirmation_token": serializers.CharField(required=False),
    },
)


def _refused(refusal: SubscriptionRefused) -> ApiError:
    http_status = {"confirmations_capped": 429, "link_expired": 410, "no_tries_left": 410}
    return ApiError(refusal.code, refusal.message, http_status=http_status.get(refusal.code, 400))


class SubscriptionView(APIView):
    throttle_classes = [SubscriptionThrottle]

    @extend_schema(
        request=SubscriptionRequestSerializer,
        responses={202: SubscriptionResponseSerializer, 400: ERROR_SCHEMA, 429: ERROR_SCHEMA},
        summary="Subscribe to lapse warnings",
        description=(
            "Give the IIN, one of `email` or `phone` (a Kazakhstan mobile number) and the "
            "language of the messages (kk, ru, en). 202: a confirmation is on its way: a link "
            "by e-mail, or a 6-digit code by SMS to send to phone-confirmation with the "
            "`phone_confirmation_token`; nothing else is sent before. `state` is `active` when "
            "this address already receives warnings for this IIN. 400 too_many_for_iin / "
            "too_many_for_address; 429 confirmations_capped (per address and day) or "
            "rate_limited (per client, with Retry-After)."
        ),
    )
    def post(self, request):
        data = SubscriptionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            subscribed = services.subscribe(
                **{name: data.validated_data[name] for name in SUBSCRIPTION_FIELDS}
            )
        except SubscriptionRefused as refusal:
            raise _refused(refusal) from None
        body = {
            "channel": subscribed.subscription.channel,
            "state": subscribed.subscription.state,
            "confirm_within_hours": settings.SUBSCRIPTION_CONFIRM_HOURS,
        }
        if subscribed.subscription.channel == Channel.SMS and not subscribed.already_active:
            body["phone_confirmation_token"] = subscribed.token
        return Response(body, status=202)


class PhoneConfirmationRequestSerializer(serializers.Serializer):
    token = serializers.CharField()
    code = serializers.CharField(max_length=12)


class PhoneConfirmationView(APIView):
    throttle_classes = [SubscriptionThrottle]

    @extend_schema(
        request=PhoneConfirmationRequestSerializer,
        responses={
            200: inline_serializer(
                "SubscriptionConfirmed",
                {"state": serializers.ChoiceField(Subscription.State.values)},
            ),
            400: ERROR_SCHEMA,
            410: ERROR_SCHEMA,
            429: ERROR_SCHEMA,
        },
        summary="Confirm a phone subscription with the code sent by SMS",
        description=(
            "400 wrong_code (the message says how many tries are left) or link_invalid; "
            "410 link_expired or no_tries_left (the subscription is deleted: subscribe again)."
        ),
    )
    def post(self, request):
        data = PhoneConfirmationRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            subscription = services.confirm_phone(
                token=data.validated_data["token"], code=data.validated_data["code"]
            )
        except SubscriptionRefused as refusal:
            raise _refused(refusal) from None
        return Response({"state": subscription.state})
