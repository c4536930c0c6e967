"""Helpers of the tests of issue 12 item 7."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def exemple_isole():
    """One hypothesis example: whatever it saved is undone after it, the next starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
