"""Which translated fields of a content row still miss a language."""

from django.conf import settings


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def translated_fields(model) -> tuple[str, ...]:
    from modeltranslation.translator import NotRegistered, translator

    try:
        fields = translator.get_options_for_model(model).fields
    except NotRegistered:
        return ()
    # In the model's own order (the registry keeps them unordered).
    return tuple(sorted(fields, key=lambda name: model._meta.get_field(name).creation_counter))


def missing_translations(obj) -> dict[str, list[str]]:
    """{field: [language codes left empty]} for each translated field that is filled in at
    least one language but not in all (a field empty in every language is simply unused)."""
    missing = {}
    for field in translated_fields(type(obj)):
        values = {code: (getattr(obj, f"{field}_{code}", "") or "").strip() for code in languages()}
        if any(values.values()):
            empty = [code for code, value in values.items() if not value]
            if empty:
                missing[field] = empty
    return missing
