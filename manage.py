#!/usr/bin/env python
import contextlib
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ami.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.core.management.base import CommandParser, handle_default_options

    if sys.argv[1:2] != ["runserver"]:
        # migrate, demo, purger_archives…: the long statement timeout, not the web's (ami/base_de_donnees.py).
        # --settings and --pythonpath read first, as Django's own command line does, so that the settings
        # loaded here are the ones the command asked for.
        parser = CommandParser(add_help=False, allow_abbrev=False)
        parser.add_argument("--settings")
        parser.add_argument("--pythonpath")
        handle_default_options(parser.parse_known_args(sys.argv[2:])[0])
        from ami.base_de_donnees import prolonger_delai_requetes

        with contextlib.suppress(ImproperlyConfigured):  # reported by the command, as Django words it
            prolonger_delai_requetes()
    execute_from_command_line(sys.argv)
