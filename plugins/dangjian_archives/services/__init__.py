"""Logic of the archives module; no request objects here."""
