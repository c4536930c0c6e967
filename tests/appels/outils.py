"""Helpers of the tests of several calls."""

import re


def numeros(page: str) -> set[str]:
    return set(re.findall(r"AMI[23]-SPIE(?:-2021)?-\d+", page))
