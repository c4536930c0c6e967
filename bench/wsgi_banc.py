"""The application gunicorn serves for bench/charge.py: the portal as deployed, plus

- the bare view at ``/bench-nue/`` (the reference of every bench, bench/outils.py),
- the CPU time the worker spent on each request, up to its headers, in ``X-Banc-CPU-us``
  (``time.process_time``: a sync worker runs one request at a time; a streamed body is produced
  after its headers and is not counted there), and
- with ``BANC_GC_FREEZE`` set (``bench/charge.py --gc-freeze``), ``gc.freeze()`` once the portal is
  loaded: its objects are no longer scanned by the garbage collector.
"""

import gc
import os
import time

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from ami.wsgi import application as portail

NUE = "bench-nue/"


@login_not_required
def vue_nue(request):
    return HttpResponse("ok")


import ami.urls  # noqa: E402 (after Django is set up by ami.wsgi)

ami.urls.urlpatterns.insert(0, path(NUE, vue_nue))

if os.environ.get("BANC_GC_FREEZE"):  # bench/charge.py --gc-freeze: what the loaded app costs the collector
    gc.freeze()


def application(environ, start_response):
    debut = time.process_time()

    def commencer(status, headers, exc_info=None):
        headers.append(("X-Banc-CPU-us", str(int((time.process_time() - debut) * 1_000_000))))
        return start_response(status, headers, exc_info)

    return portail(environ, commencer)
