"""The dashboard for a production WSGI server: `gunicorn -c deploy/gunicorn.conf.py dashboard.wsgi:server`.

The warehouse is DEMANDGEN_WAREHOUSE's (default `warehouse/demandgen.duckdb` under the working
directory), as for `demandgen serve`. Every worker opens the serving file afresh on each request, so
all of them pick up the file a nightly refresh swaps in.
"""

from demandgen.settings import Settings

from .app import create_app

server = create_app(Settings.from_env().warehouse).server
