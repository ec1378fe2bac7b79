"""Loading the payments ledger and the category registry from CSV files, all or nothing.

- csvfile.py: reading a file (rows with line numbers, every problem by line);
- checks.py: the checks of the values (IINs, periods, amounts, dates, references);
- payments.py: `import_payments`, COPY and set-based SQL;
- categories.py: `import_categories`.

Both check every line first: if any line is wrong, the result lists every bad line with its
reason and nothing is written. Importing a file twice adds nothing. Commands and the admin are
thin callers of the two functions.
"""

from .categories import CATEGORY_COLUMNS, import_categories
from .csvfile import ImportResult, Problem
from .payments import IMPORT_LOCK_KEY, PAYMENT_COLUMNS, PAYMENT_OPTIONAL_COLUMNS, import_payments

__all__ = [
    "CATEGORY_COLUMNS",
    "IMPORT_LOCK_KEY",
    "PAYMENT_COLUMNS",
    "PAYMENT_OPTIONAL_COLUMNS",
    "ImportResult",
    "Problem",
    "import_categories",
    "import_payments",
]
