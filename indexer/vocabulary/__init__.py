"""What migsearch knows about its domain, shared by ingestion and search.

The analyzer (how text becomes index terms), the gazetteer of countries and
regions, the theme taxonomy, the thesaurus and month names: tables kept as
data files in ``data/`` and read through :mod:`.loader`, with the resolvers
that turn what a user types ("Burma", "fishing") into the codes the index
stores. Nothing here knows about files, indexes or HTTP.

``loader`` (the one way data files are read), ``analysis`` (the analyzer,
pickled into indexes), ``normalize`` (how spellings are compared),
``gazetteer`` (the country and region tables), ``countries`` (resolvers and
labels), ``country_tagger`` (countries in running text), ``terms`` (stem-level
term keys), ``themes`` (taxonomy and tagger), ``thesaurus`` (equivalent terms),
``dates`` (dates as people write them), ``scripts`` (writing systems by code
point), ``languages`` (a text's language, language names and codes).
"""

__all__: list[str] = []
