"""How the OpenAPI schema (drf-spectacular) describes the clinic keys: an HTTP bearer scheme."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ClinicKeyScheme(OpenApiAuthenticationExtension):
    target_class = "eligibility.authentication.ClinicKeyAuthentication"
    name = "clinicKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The clinic's API key, issued by the Fund: Authorization: Bearer <key>",
        }
