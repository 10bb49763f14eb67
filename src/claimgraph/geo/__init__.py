"""Places: the offline GeoNames gazetteer, toponyms found in a parsed document and
resolved with its context, and datelines. Imports nothing above ``nlp``: what it needs
from actors (names that are never villages) its caller passes in ``PlaceContext``."""
