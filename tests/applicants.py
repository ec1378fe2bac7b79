"""An applicant for debt cancellation as a form would be filled in, for the tests that file one."""

CANCELLATION_APPLICANT = {
    "applicant_name": "Ivanov Ivan",
    "region": "almaty",
    "address": "Almaty, Abai Ave 10, apt 5",
    "phone": "+7 701 123 45 67",
    "email": "ivan@example.kz",
    "cancellation_reason": "before_residence_permit",
    "reason_details": "Residence permit received in June",
    "website": "",
}
