# Kazakh date and number formats, which Django does not ship: 2026 ж. 23 қараша, 23.11.2026,
# 1 200 000,50. Month names inside a date are lower case (the "alt. month" forms, see
# locale/overrides/kk).
DATE_FORMAT = "Y ж. j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y ж. j E, H:i"
YEAR_MONTH_FORMAT = "Y ж. E"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
