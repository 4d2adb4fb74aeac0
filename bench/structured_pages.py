"""A second batch of pages with known main text, written after the extractor's
fixes for :mod:`multilingual` and measured before any change was made for them:
pages whose content lies in headings, short list items, table cells, numbered
steps and repeated same-shape blocks (an FAQ, a digest of short items, a
timeline), where an extractor that scores sentences loses text or reads the
page as a listing of several records.

Each page belongs to the tuning half or the held-out half by :func:`halves.half`
of its id; ``bench/extraction.py`` reports both. Text and markup are this
project's own (MIT). The gold text is what a reader would call the page's
content; menus, footers, teasers, cookie notes and share buttons are not.
"""

from __future__ import annotations

import html as _html

from multilingual import Page

__all__ = ["PAGES"]


def _e(text: str) -> str:
    return _html.escape(text, quote=True)


def _doc(lang: str, title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title></head><body>{body}</body></html>"
    )


_MENU = (
    '<div class="topbar"><ul class="menu"><li><a href="/">Home</a></li>'
    '<li><a href="/news">News</a></li><li><a href="/guides">Guides</a></li>'
    '<li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li></ul></div>'
)
_FOOT = (
    '<div class="bottom"><p>© 2024 Migrant Help Network. All rights reserved.</p>'
    '<ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></div>'
)


# --------------------------------------------------------------------------- en: how-to guide


def _en_howto() -> Page:
    title = "How to change employer on a work permit"
    intro = (
        "Workers on an employer-tied permit can move to a new job in some cases. "
        "This guide lists what you need and the steps to follow."
    )
    h_need = "What you need"
    need = ["Passport", "Current work permit", "Signed offer letter", "Release letter"]
    h_steps = "Steps"
    steps = [
        "Ask the new employer to file a transfer request.",
        "Wait for the labour office to approve it.",
        "Sign the new contract.",
        "Collect the updated permit.",
    ]
    h_time = "How long it takes"
    time_p = "Most transfers are decided within 30 days."
    h_help = "Getting help"
    help_p = (
        "If your employer refuses to give a release letter, a caseworker can explain your "
        "options. Calls are free and confidential."
    )
    body = (
        _MENU
        + '<div class="wrap"><div class="col-main">'
        + f"<h1>{_e(title)}</h1><p>{_e(intro)}</p>"
        + f"<h2>{_e(h_need)}</h2><ul>"
        + "".join(f"<li>{_e(x)}</li>" for x in need)
        + f"</ul><h2>{_e(h_steps)}</h2><ol>"
        + "".join(f"<li>{_e(x)}</li>" for x in steps)
        + f"</ol><h2>{_e(h_time)}</h2><p>{_e(time_p)}</p>"
        + f"<h2>{_e(h_help)}</h2><p>{_e(help_p)}</p>"
        + '<div class="share"><a href="#">Facebook</a> <a href="#">Email</a></div>'
        + '</div><div class="col-side"><h4>In this section</h4><ul>'
        + '<li><a href="/g/1">Renewing a permit</a></li><li><a href="/g/2">Family visas</a></li>'
        + '<li><a href="/g/3">Unpaid wages</a></li></ul></div></div>'
        + _FOOT
    )
    gold = "\n\n".join(
        [intro, h_need, "\n".join(need), h_steps, "\n".join(steps), h_time, time_p, h_help, help_p]
    )
    return Page("en-howto", "en", _doc("en", title, body), gold)


# --------------------------------------------------------------------------- id: recipe card


def _id_recipe_card() -> Page:
    title = "Soto Ayam Kampung ala Pekerja Migran di Hong Kong"
    intro = (
        "Resep ini dikirim oleh seorang pekerja rumah tangga di Hong Kong yang memasaknya "
        "setiap hari libur bersama teman-temannya."
    )
    ingredients = [
        "1 ekor ayam kampung",
        "2 batang serai",
        "3 lembar daun jeruk",
        "1 sdt kunyit bubuk",
        "Garam secukupnya",
    ]
    steps = [
        "Rebus ayam hingga empuk.",
        "Tumis bumbu halus sampai harum.",
        "Masukkan bumbu ke dalam kaldu.",
        "Sajikan dengan nasi dan sambal.",
    ]
    tip = "Tips: kaldu lebih gurih jika ayam direbus dengan api kecil."
    body = (
        _MENU
        + '<main><div class="recipe-card">'
        + f'<h1 class="recipe-title">{_e(title)}</h1>'
        + f'<div class="recipe-summary"><p>{_e(intro)}</p></div>'
        + '<div class="recipe-meta"><span>Porsi: 4</span> <span>Waktu: 90 menit</span></div>'
        + '<div class="recipe-ingredients"><h3>Bahan</h3><ul>'
        + "".join(f'<li class="ingredient">{_e(x)}</li>' for x in ingredients)
        + '</ul></div><div class="recipe-instructions"><h3>Cara membuat</h3><ol>'
        + "".join(f'<li class="instruction">{_e(x)}</li>' for x in steps)
        + f'</ol></div><div class="recipe-notes"><p>{_e(tip)}</p></div></div>'
        + '<div class="more-recipes"><h2>Resep lainnya</h2>'
        + "".join(
            f'<div class="card"><a href="/r/{i}"><img src="/r{i}.jpg" alt=""></a>'
            f'<h4><a href="/r/{i}">{_e(t)}</a></h4></div>'
            for i, t in enumerate(["Rendang daging", "Sayur asem", "Nasi uduk", "Es cendol"])
        )
        + "</div></main>"
        + _FOOT
    )
    gold = "\n\n".join(
        [intro, "Bahan", "\n".join(ingredients), "Cara membuat", "\n".join(steps), tip]
    )
    return Page("id-recipe-card", "id", _doc("id", title, body), gold)


# --------------------------------------------------------------------------- es: statistics table


def _es_table() -> Page:
    title = "Remesas recibidas por departamento, primer semestre"
    intro = "Las remesas familiares crecieron en todos los departamentos del país."
    head = ("Departamento", "Millones de USD", "Variación")
    rows = [
        ("San Salvador", "812", "+4,1 %"),
        ("San Miguel", "497", "+6,3 %"),
        ("La Unión", "301", "+2,8 %"),
        ("Usulután", "288", "+5,0 %"),
    ]
    note = "Fuente: Banco Central de Reserva."
    body = (
        _MENU
        + '<div id="contenido"><div class="entry">'
        + f"<h1>{_e(title)}</h1><p>{_e(intro)}</p>"
        + '<div class="table-responsive"><table class="tabla"><thead><tr>'
        + "".join(f"<th>{_e(c)}</th>" for c in head)
        + "</tr></thead><tbody>"
        + "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
        + f"</tbody></table></div><p><small>{_e(note)}</small></p>"
        + '</div><div class="widget"><h3>Lo más visto</h3><ol>'
        + '<li><a href="/n/1">Nuevo arancel consular</a></li>'
        + '<li><a href="/n/2">Feria de empleo en Santa Ana</a></li></ol></div></div>'
        + _FOOT
    )
    table = "\n".join(" ".join(r) for r in [head, *rows])
    gold = "\n\n".join([intro, table, note])
    return Page("es-table", "es", _doc("es", title, body), gold)


# --------------------------------------------------------------------------- fr: FAQ of linked questions


def _fr_faq() -> Page:
    title = "Questions fréquentes : le détachement de travailleurs"
    qa = [
        (
            "Qu'est-ce qu'un travailleur détaché ?",
            "C'est un salarié envoyé par son employeur dans un autre pays pour une durée limitée.",
        ),
        (
            "Quel salaire s'applique ?",
            "Le salaire minimum du pays d'accueil s'applique dès le premier jour.",
        ),
        (
            "Qui paie les cotisations sociales ?",
            "Elles restent dues dans le pays d'origine pendant vingt-quatre mois au plus.",
        ),
        (
            "Faut-il une déclaration préalable ?",
            "Oui, l'employeur déclare le détachement avant le début de la mission.",
        ),
        (
            "Où signaler un abus ?",
            "Auprès de l'inspection du travail du lieu où la mission est effectuée.",
        ),
    ]
    items = "".join(
        f'<div class="faq-item" id="q{i}"><h3 class="faq-q"><a href="#q{i}">{_e(q)}</a></h3>'
        f'<div class="faq-a"><p>{_e(a)}</p></div></div>'
        for i, (q, a) in enumerate(qa)
    )
    body = (
        _MENU
        + f'<div class="page"><h1>{_e(title)}</h1><div class="faq-list">{items}</div>'
        + '<p class="updated">Mis à jour le 3 mai 2024</p></div>'
        + _FOOT
    )
    gold = "\n\n".join(f"{q}\n\n{a}" for q, a in qa)
    return Page("fr-faq", "fr", _doc("fr", title, body), gold)


# --------------------------------------------------------------------------- en: digest of short items


def _en_digest() -> Page:
    title = "Migration news this week: five things to know"
    lead = "Here is what happened in labour migration this week."
    items = [
        (
            "Qatar raises the minimum wage",
            "The new rate takes effect in January and covers domestic workers.",
        ),
        (
            "Nepal opens a labour desk in Kuala Lumpur",
            "Workers can now renew documents without flying home.",
        ),
        (
            "Recruitment fees banned in Bangladesh",
            "Agencies that charge workers will lose their licence.",
        ),
        (
            "Seasonal visas extended in the UK",
            "Farms may now hire workers for nine months instead of six.",
        ),
        (
            "New helpline in Tagalog",
            "The embassy line answers calls every day from eight to eight.",
        ),
    ]
    blocks = "".join(
        f'<div class="digest-item"><h2><a href="/story/{i}">{_e(h)}</a></h2><p>{_e(t)}</p></div>'
        for i, (h, t) in enumerate(items)
    )
    body = (
        _MENU
        + f'<article class="post"><h1>{_e(title)}</h1><p class="lead">{_e(lead)}</p>'
        + f'<p class="date">20 November 2024</p>{blocks}</article>'
        + '<div class="newsletter"><p>Get this digest by email every Friday.</p>'
        + '<form><input type="email"><button>Subscribe</button></form></div>'
        + _FOOT
    )
    gold = "\n\n".join([lead, *(f"{h}\n\n{t}" for h, t in items)])
    return Page("en-digest", "en", _doc("en", title, body), gold)


# --------------------------------------------------------------------------- pt: short article beside cards


def _pt_short() -> Page:
    title = "Trabalhadores sazonais chegam para a colheita da maçã"
    paras = [
        "Cerca de trezentos trabalhadores chegaram nesta semana a Vacaria para a colheita.",
        "A prefeitura abriu um posto de atendimento com intérpretes e orientação sobre direitos.",
    ]
    cards = [
        ("Feira de empregos reúne 40 empresas", "12/03/2024"),
        ("Curso de português para imigrantes", "10/03/2024"),
        ("Nova lei sobre alojamentos rurais", "08/03/2024"),
        ("Sindicato denuncia jornada excessiva", "05/03/2024"),
        ("Consulado amplia horário", "01/03/2024"),
        ("Safra de uva termina com recorde", "27/02/2024"),
    ]
    grid = "".join(
        f'<div class="card-news"><a href="/n/{i}"><img src="/n{i}.jpg" alt=""></a>'
        f'<span class="card-date">{d}</span><h3><a href="/n/{i}">{_e(t)}</a></h3></div>'
        for i, (t, d) in enumerate(cards)
    )
    body = (
        _MENU
        + '<div class="container"><div class="noticia">'
        + f'<h1>{_e(title)}</h1><span class="data">14/03/2024</span>'
        + "".join(f"<p>{_e(p)}</p>" for p in paras)
        + f'</div><div class="cards-grid"><h2>Veja também</h2>{grid}</div></div>'
        + _FOOT
    )
    return Page("pt-short", "pt", _doc("pt", title, body), "\n\n".join(paras))


# --------------------------------------------------------------------------- de: timeline


def _de_timeline() -> Page:
    title = "Chronik: 70 Jahre Anwerbeabkommen"
    intro = "Die wichtigsten Stationen der Anwerbung ausländischer Arbeitskräfte."
    entries = [
        ("1955", "Abkommen mit Italien über die Anwerbung von Arbeitskräften."),
        ("1961", "Abkommen mit der Türkei."),
        ("1973", "Anwerbestopp nach der Ölkrise."),
        ("2020", "Das Fachkräfteeinwanderungsgesetz tritt in Kraft."),
    ]
    rows = "".join(
        f'<li class="timeline-entry"><span class="year">{y}</span> <p>{_e(t)}</p></li>'
        for y, t in entries
    )
    body = (
        _MENU
        + f'<div class="content"><h1>{_e(title)}</h1><p>{_e(intro)}</p>'
        + f'<ul class="timeline">{rows}</ul></div>'
        + _FOOT
    )
    gold = "\n\n".join([intro, "\n".join(f"{y} {t}" for y, t in entries)])
    return Page("de-timeline", "de", _doc("de", title, body), gold)


PAGES: list[Page] = [
    _en_howto(),
    _id_recipe_card(),
    _es_table(),
    _fr_faq(),
    _en_digest(),
    _pt_short(),
    _de_timeline(),
]
