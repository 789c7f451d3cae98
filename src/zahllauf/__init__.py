"""zahllauf: the weekly supplier payment run of small German businesses.

The package reads supplier invoices (e-invoices and plain PDFs), lists them in the
payment-list workbook and checks them. Domain code is silent; the command line and the
Excel add-in configure logging.
"""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
