"""A query parameter the API does not know is an error, not a filter quietly left out.

FastAPI reads the parameters a route declares and passes over any other, so
``/api/search?q=fishers&contry=THA`` (a typing slip) answered every country's
fishers with status 200: a program embedding the search had no way to see that
its filter never applied. :func:`known_parameters`, a dependency of every
``/api`` router, answers 400 instead, naming the parameter, the closest known
one, and the parameters the route takes. A name that starts with ``_`` is let
through: it is how clients keep caches from answering (``_=1712345678``).
"""

from __future__ import annotations

from fastapi import Request

from migsearch.errors import UsageError
from migsearch.indexer.vocabulary.suggest import closest

__all__ = ["known_parameters"]


def _declared(dependant: object) -> set[str]:
    """The query parameter names of a route's dependency tree, by the name a client
    sends (the alias: ``from``, not ``date_from``)."""
    names = {p.alias for p in getattr(dependant, "query_params", ())}
    for sub in getattr(dependant, "dependencies", ()):
        names |= _declared(sub)
    return names


def _parameters_of(request: Request) -> set[str] | None:
    """The query parameters the route that took ``request`` declares (None when the
    route cannot be told, so that nothing is refused by mistake)."""
    route = request.scope.get("route")  # the matched route, set by Starlette and FastAPI
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return None
    known = _by_route.get(id(dependant))
    if known is None or known[0] is not dependant:
        known = _by_route[id(dependant)] = (dependant, _declared(dependant))
    return known[1]


#: each route's dependency tree (held, so that its id is not reused) and the names it
#: declares, found at its first request
_by_route: dict[int, tuple[object, set[str]]] = {}


def known_parameters(request: Request) -> None:
    """Refuse a query parameter the route does not take (400, ``UsageError``)."""
    declared = _parameters_of(request)
    if declared is None:
        return
    for name in request.query_params:
        if name in declared or name.startswith("_"):
            continue
        near = closest(name.lower(), {d: d for d in declared}, most=1)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        takes = ", ".join(sorted(declared)) or "none"
        raise UsageError(f"unknown parameter '{name}'{hint} (this address takes: {takes})")
