"""Pages in German, French, Spanish and Indonesian with known main text, for
``bench/extraction.py``: a check on pages the extractor was never tuned on.

Written for this project (text and markup are its own, MIT like the rest):
each page is a small article about labour migration set in the markup of a
kind of site — a news site with an advertising slot and related teasers, a
report page with a table and lists, a forum thread whose posts are in boxes
classed "comment", a recipe with ingredients and numbered steps, a short
article beside five teasers, a blog post with figure captions and reader
comments, a question-and-answer page. The gold text is what a reader would
call the page's content: headings, list items, table cells and captions
inside it, never menus, footers, teasers, cookie banners or reader comments
under an article.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass

__all__ = ["PAGES", "Page"]


@dataclass(frozen=True)
class Page:
    id: str
    lang: str
    html: str
    gold: str


def _e(text: str) -> str:
    return _html.escape(text, quote=True)


def _shell(lang: str, title: str, site: str, body: str, nav: list[str], footer: str) -> str:
    links = "".join(f'<li><a href="/{i}">{_e(n)}</a></li>' for i, n in enumerate(nav))
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_e(title)} | {_e(site)}</title>"
        f'<meta property="og:site_name" content="{_e(site)}"></head><body>'
        f'<header class="site-header"><a class="logo" href="/">{_e(site)}</a>'
        f'<nav class="main-nav"><ul>{links}</ul></nav></header>'
        f"{body}"
        f'<footer class="site-footer"><p>{_e(footer)}</p></footer></body></html>'
    )


def _teasers(items: list[tuple[str, str]], cls: str = "teaser") -> str:
    return "".join(
        f'<div class="{cls}"><h3><a href="/t/{i}">{_e(t)}</a></h3><p>{_e(b)}</p></div>'
        for i, (t, b) in enumerate(items)
    )


# --------------------------------------------------------------------------- de: news


_DE_TITLE = "Saisonarbeit in der Landwirtschaft: Neue Regeln für Erntehelfer"
_DE_PARAS = [
    "Ab dem kommenden Frühjahr gelten für Saisonarbeitskräfte aus Drittstaaten neue Regeln. "
    "Arbeitgeber müssen vor der Einreise einen schriftlichen Vertrag in einer Sprache "
    "vorlegen, die die Beschäftigten verstehen.",
    "Gewerkschaften begrüßen die Änderung, weisen aber darauf hin, dass Kontrollen auf den "
    "Höfen bisher selten sind. Im vergangenen Jahr prüfte die Finanzkontrolle Schwarzarbeit "
    "weniger als drei Prozent der Betriebe mit Saisonkräften.",
]
_DE_SECTION = (
    "Was sich für die Unterkünfte ändert",
    [
        "Auch die Unterbringung wird strenger geregelt. Die Kosten für ein Bett in einer "
        "Sammelunterkunft dürfen nicht mehr direkt vom Lohn abgezogen werden, wenn sie den "
        "ortsüblichen Mietpreis übersteigen.",
    ],
    [
        "Mindestens acht Quadratmeter Wohnfläche pro Person",
        "Abschließbare Schränke für persönliche Dokumente",
        "Kostenlose Beratung in der Muttersprache",
    ],
)
_DE_LAST = (
    "Beratungsstellen in Brandenburg und Niedersachsen berichten, dass viele Erntehelfer "
    "ihre Pässe beim Arbeitgeber abgeben mussten. Das ist bereits heute verboten."
)
_DE_CAPTION = "Erntehelferinnen auf einem Spargelfeld bei Beelitz im April."


def _de_news() -> Page:
    sec_title, sec_paras, sec_list = _DE_SECTION
    body = (
        '<div class="cookie-banner"><p>Wir verwenden Cookies, um unser Angebot zu verbessern.</p></div>'
        '<main class="page"><div class="layout">'
        '<article class="article">'
        f'<h1 class="article-title">{_e(_DE_TITLE)}</h1>'
        '<p class="byline">Von Anna Keller · 12. März 2024</p>'
        f'<figure class="lead-image"><img src="/a.jpg" alt=""><figcaption>{_e(_DE_CAPTION)}</figcaption></figure>'
        + "".join(f"<p>{_e(p)}</p>" for p in _DE_PARAS)
        + '<div class="ad-slot"><span>Anzeige</span></div>'
        f'<section class="has-ads"><h2>{_e(sec_title)}</h2>'
        + "".join(f"<p>{_e(p)}</p>" for p in sec_paras)
        + "<ul>"
        + "".join(f"<li>{_e(i)}</li>" for i in sec_list)
        + "</ul></section>"
        f"<p>{_e(_DE_LAST)}</p>"
        '<div class="share-tools"><a href="#">Teilen</a> <a href="#">Drucken</a></div>'
        "</article>"
        '<aside class="sidebar"><h2>Meistgelesen</h2>'
        + _teasers(
            [
                ("Pflegekräfte aus Vietnam: Die ersten hundert Tage", "Ein Besuch in Leipzig."),
                ("Mindestlohn steigt erneut", "Was Beschäftigte jetzt wissen müssen."),
            ]
        )
        + "</aside></div></main>"
    )
    gold = "\n\n".join(
        [
            _DE_CAPTION,
            *_DE_PARAS,
            sec_title,
            *sec_paras,
            "\n".join(sec_list),
            _DE_LAST,
        ]
    )
    html = _shell(
        "de",
        _DE_TITLE,
        "Tagesblatt",
        body,
        ["Politik", "Wirtschaft", "Regionales", "Kultur"],
        "© 2024 Tagesblatt Verlag. Impressum · Datenschutz",
    )
    return Page("de-news", "de", html, gold)


# --------------------------------------------------------------------------- fr: report page


_FR_TITLE = "Migration de main-d'œuvre en Afrique de l'Ouest : chiffres clés 2023"
_FR_INTRO = (
    "Ce rapport présente les principales tendances de la migration de main-d'œuvre dans les "
    "pays de la CEDEAO. Il s'appuie sur les enquêtes nationales auprès des ménages et sur les "
    "registres administratifs des ministères du Travail."
)
_FR_H2A = "Principaux résultats"
_FR_LIST = [
    "La Côte d'Ivoire accueille près d'un tiers des travailleurs migrants de la région.",
    "Les femmes représentent 42 % des migrants, surtout dans le commerce et le travail domestique.",
    "Les transferts de fonds dépassent l'aide publique au développement dans cinq pays.",
]
_FR_H2B = "Travailleurs migrants par pays de destination"
_FR_TABLE = [
    ("Pays", "Travailleurs migrants", "Part des femmes"),
    ("Côte d'Ivoire", "1 250 000", "39 %"),
    ("Nigéria", "820 000", "45 %"),
    ("Ghana", "410 000", "47 %"),
]
_FR_CAPTION = "Tableau 1 : travailleurs migrants par pays, estimations 2023."
_FR_END = (
    "Les auteurs recommandent d'harmoniser les statistiques et de renforcer la portabilité "
    "des droits à la sécurité sociale entre les États membres."
)


def _fr_report() -> Page:
    rows = "".join(
        "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in _FR_TABLE
    )
    body = (
        '<div id="breadcrumb"><a href="/">Accueil</a> › <a href="/pub">Publications</a></div>'
        '<div id="content" class="region-content"><div class="node node-publication">'
        f"<h1>{_e(_FR_TITLE)}</h1>"
        '<div class="field field-date">Publié le 4 juillet 2023</div>'
        f'<div class="field-body"><p>{_e(_FR_INTRO)}</p>'
        f"<h2>{_e(_FR_H2A)}</h2><ol>"
        + "".join(f"<li>{_e(i)}</li>" for i in _FR_LIST)
        + f"</ol><h2>{_e(_FR_H2B)}</h2>"
        f'<table class="data"><caption>{_e(_FR_CAPTION)}</caption><tbody>{rows}</tbody></table>'
        f"<p>{_e(_FR_END)}</p></div>"
        '<div class="field field-downloads"><a href="/r.pdf">Télécharger le rapport (PDF, 2 Mo)</a></div>'
        "</div></div>"
        '<div id="sidebar-second" class="region-sidebar"><div class="block block-related">'
        "<h2>Publications associées</h2><ul>"
        '<li><a href="/p/1">Recrutement équitable : guide pratique</a></li>'
        '<li><a href="/p/2">Protection sociale des travailleurs migrants</a></li></ul></div></div>'
    )
    table_text = "\n".join(" ".join(row) for row in _FR_TABLE)
    gold = "\n\n".join(
        [_FR_INTRO, _FR_H2A, "\n".join(_FR_LIST), _FR_H2B, _FR_CAPTION, table_text, _FR_END]
    )
    html = _shell(
        "fr",
        _FR_TITLE,
        "Observatoire régional des migrations",
        body,
        ["Accueil", "Publications", "Données", "Contact"],
        "Observatoire régional des migrations — Dakar. Mentions légales.",
    )
    return Page("fr-report", "fr", html, gold)


# --------------------------------------------------------------------------- es: forum


_ES_TITLE = "¿Cómo renovar el permiso de trabajo temporal en Chile?"
_ES_POSTS = [
    (
        "mariana_lp",
        "Hola a todos. Llegué a Santiago hace un año con una visa de trabajo temporal y vence "
        "el mes que viene. Mi empleador dice que él no tiene que hacer nada. ¿Alguien sabe qué "
        "documentos piden para renovarla y cuánto tarda el trámite?",
    ),
    (
        "jorge.v",
        "Yo la renové en marzo. Necesitas el contrato vigente, el certificado de antecedentes y "
        "las últimas tres liquidaciones de sueldo. La solicitud se hace en línea y a mí me "
        "tardaron unas seis semanas en responder.",
    ),
    (
        "ana_migra",
        "Ojo con los plazos: hay que presentarla antes de que venza la visa. Mientras esperas la "
        "respuesta puedes seguir trabajando con el comprobante de la solicitud, así que guárdalo "
        "bien y muéstraselo a tu empleador si te lo pide.",
    ),
]


def _es_forum() -> Page:
    posts = "".join(
        f'<div class="comment comment-post" id="post-{i}">'
        f'<div class="comment-meta"><span class="author">{_e(u)}</span> · hace {i + 2} días</div>'
        f'<div class="comment-content"><p>{_e(t)}</p></div>'
        f'<div class="comment-actions"><a href="#">Responder</a> <a href="#">Citar</a></div></div>'
        for i, (u, t) in enumerate(_ES_POSTS)
    )
    body = (
        '<div class="forum-wrap"><div class="breadcrumbs"><a href="/">Foros</a> › Trabajo y papeles</div>'
        f'<h1 class="thread-title">{_e(_ES_TITLE)}</h1>'
        f'<div class="comments thread">{posts}</div>'
        '<div class="pagination"><a href="?p=1">1</a> <a href="?p=2">2</a> <a href="?p=2">Siguiente</a></div>'
        '<div class="related-threads"><h3>Temas similares</h3><ul>'
        '<li><a href="/t/9">Visa de residencia para familiares</a></li>'
        '<li><a href="/t/8">Cotizaciones de salud siendo extranjero</a></li></ul></div></div>'
    )
    gold = "\n\n".join(t for _, t in _ES_POSTS)
    html = _shell(
        "es",
        _ES_TITLE,
        "Foro Migrantes",
        body,
        ["Foros", "Noticias", "Guías", "Ingresar"],
        "Foro Migrantes · Normas del foro · Privacidad",
    )
    return Page("es-forum", "es", html, gold)


# --------------------------------------------------------------------------- id: recipe


_ID_TITLE = "Resep rendang padang untuk keluarga pekerja migran di rantau"
_ID_INTRO = (
    "Banyak pekerja migran Indonesia di Hong Kong dan Taiwan memasak rendang pada hari libur "
    "untuk mengobati rindu kampung halaman. Resep ini memakai bahan yang mudah ditemukan di "
    "pasar Asia di luar negeri."
)
_ID_INGREDIENTS = [
    "1 kg daging sapi bagian paha",
    "1 liter santan kental",
    "5 lembar daun jeruk",
    "2 batang serai, memarkan",
    "Bumbu halus: bawang merah, bawang putih, cabai merah, jahe, lengkuas",
]
_ID_STEPS = [
    "Tumis bumbu halus bersama serai dan daun jeruk hingga harum.",
    "Masukkan daging sapi, aduk sampai berubah warna.",
    "Tuang santan, masak dengan api kecil sambil terus diaduk selama tiga jam.",
    "Masak terus hingga kuah mengering dan daging berwarna cokelat gelap.",
]
_ID_TIP = "Tips: rendang lebih enak jika didiamkan semalam sebelum disajikan."


def _id_recipe() -> Page:
    body = (
        '<div class="container"><div class="row"><div class="col-main">'
        '<div class="post-header">'
        f'<h1 class="entry-title">{_e(_ID_TITLE)}</h1>'
        '<div class="entry-meta">Diposting oleh Sri Wahyuni · 20 Januari 2024</div></div>'
        f'<div class="entry-content"><p>{_e(_ID_INTRO)}</p>'
        '<div class="recipe-card"><h2 class="recipe-title">Bahan</h2>'
        '<ul class="ingredients">'
        + "".join(f'<li class="ingredient">{_e(i)}</li>' for i in _ID_INGREDIENTS)
        + '</ul><h2 class="recipe-title">Cara membuat</h2><ol class="steps instructions">'
        + "".join(f'<li class="step">{_e(s)}</li>' for s in _ID_STEPS)
        + "</ol>"
        f'<div class="recipe-notes tip-box"><p>{_e(_ID_TIP)}</p></div></div></div>'
        '<div class="post-tags">Tag: <a href="/t/resep">resep</a> <a href="/t/bmi">BMI</a></div>'
        '<div class="comments-area"><h3>2 komentar</h3>'
        '<div class="comment"><p>Terima kasih resepnya, Mbak!</p></div>'
        '<div class="comment"><p>Di Taipei serai mahal, bisa diganti?</p></div></div>'
        "</div>"
        '<div class="col-side widget-area"><div class="widget"><h3>Resep populer</h3><ul>'
        '<li><a href="/r/1">Soto ayam</a></li><li><a href="/r/2">Nasi uduk</a></li></ul></div></div>'
        "</div></div>"
    )
    gold = "\n\n".join(
        [
            _ID_INTRO,
            "Bahan",
            "\n".join(_ID_INGREDIENTS),
            "Cara membuat",
            "\n".join(_ID_STEPS),
            _ID_TIP,
        ]
    )
    html = _shell(
        "id",
        _ID_TITLE,
        "Dapur Rantau",
        body,
        ["Beranda", "Resep", "Cerita", "Kontak"],
        "Dapur Rantau © 2024. Semua hak dilindungi.",
    )
    return Page("id-recipe", "id", html, gold)


# --------------------------------------------------------------------------- de: short + teasers


_DE2_TITLE = "Pflegekräfte: Anerkennung soll schneller gehen"
_DE2_PARAS = [
    "Die Anerkennung ausländischer Berufsabschlüsse in der Pflege soll künftig höchstens drei "
    "Monate dauern. Das sieht ein Entwurf vor, den das Arbeitsministerium am Dienstag vorgestellt hat.",
    "Bisher warten Pflegekräfte aus den Philippinen, Indien oder Tunesien oft ein Jahr und "
    "länger auf eine Entscheidung. Kliniken und Heime fordern seit Langem einfachere Verfahren.",
]
_DE2_TEASERS = [
    (
        "Fachkräfteeinwanderung: Was das neue Gesetz ändert",
        "Ein Überblick über die Punktekarte und die Chancenkarte.",
    ),
    (
        "Pflegeheime suchen Personal im Ausland",
        "Wie Betreiber in Kerala und Manila um Beschäftigte werben.",
    ),
    (
        "Sprachkurse: Wartelisten werden länger",
        "Volkshochschulen melden Rekordnachfrage bei Deutschkursen.",
    ),
    ("Anerkennungsstellen überlastet", "In manchen Bundesländern stapeln sich die Anträge."),
    (
        "Gesundheitsberufe: Zahlen und Fakten",
        "Wie viele ausländische Pflegekräfte in Deutschland arbeiten.",
    ),
]


def _de_short() -> Page:
    body = (
        '<div class="wrapper"><div class="content-area">'
        f'<article class="story"><h1>{_e(_DE2_TITLE)}</h1>'
        '<div class="story-meta"><time datetime="2024-05-14">14.05.2024</time></div>'
        + "".join(f"<p>{_e(p)}</p>" for p in _DE2_PARAS)
        + "</article>"
        '<section class="more-stories"><h2>Mehr zum Thema</h2>'
        + _teasers(_DE2_TEASERS, "story-teaser")
        + "</section></div></div>"
    )
    html = _shell(
        "de",
        _DE2_TITLE,
        "Nachrichten am Morgen",
        body,
        ["Start", "Politik", "Gesundheit"],
        "Nachrichten am Morgen · Kontakt · Impressum",
    )
    return Page("de-short", "de", html, "\n\n".join(_DE2_PARAS))


# --------------------------------------------------------------------------- fr: blog


_FR2_TITLE = "Dans les serres d'Almería, les saisonnières marocaines"
_FR2_PARAS = [
    "Chaque printemps, des milliers de femmes marocaines partent travailler dans les serres "
    "andalouses. Elles sont recrutées dans le cadre d'un programme de migration circulaire "
    "signé entre le Maroc et l'Espagne.",
    "Les contrats prévoient un logement et le billet de retour, mais plusieurs ouvrières "
    "racontent des heures supplémentaires non payées et des retenues sur salaire.",
    "Une association de Huelva propose désormais des permanences juridiques en arabe et en "
    "darija, le dimanche après la messe, dans une salle prêtée par la paroisse.",
]
_FR2_CAPTION = "Sous les serres, la température dépasse souvent 40 degrés en mai."
_FR2_QUOTE = "« On nous a promis huit heures par jour, on en fait souvent dix », explique Fatima."


def _fr_blog() -> Page:
    body = (
        '<div id="page" class="site"><div id="primary" class="content-area">'
        '<main id="main" class="site-main"><article class="post type-post">'
        f'<header class="entry-header"><h1 class="entry-title">{_e(_FR2_TITLE)}</h1>'
        '<span class="posted-on">3 juin 2022</span></header>'
        '<div class="entry-content">'
        f"<p>{_e(_FR2_PARAS[0])}</p>"
        f'<figure class="wp-block-image"><img src="/s.jpg" alt=""><figcaption>{_e(_FR2_CAPTION)}</figcaption></figure>'
        f"<p>{_e(_FR2_PARAS[1])}</p>"
        f"<blockquote><p>{_e(_FR2_QUOTE)}</p></blockquote>"
        f"<p>{_e(_FR2_PARAS[2])}</p>"
        '<div class="sharedaddy"><h3>Partager :</h3><a href="#">Facebook</a> <a href="#">X</a></div>'
        "</div></article>"
        '<div id="comments" class="comments-area"><h2 class="comments-title">3 réflexions</h2>'
        '<ol class="comment-list"><li class="comment"><p>Merci pour ce reportage, très juste.</p></li>'
        '<li class="comment"><p>Ma cousine y travaille, c\'est exactement ça.</p></li>'
        '<li class="comment"><p>Il faudrait en parler à la télévision.</p></li></ol></div>'
        "</main></div>"
        '<aside id="secondary" class="widget-area"><section class="widget"><h2>Articles récents</h2>'
        '<ul><li><a href="/a">Les aides à domicile philippines à Paris</a></li></ul></section></aside></div>'
    )
    gold = "\n\n".join([_FR2_PARAS[0], _FR2_CAPTION, _FR2_PARAS[1], _FR2_QUOTE, _FR2_PARAS[2]])
    html = _shell(
        "fr",
        _FR2_TITLE,
        "Carnets de route",
        body,
        ["Accueil", "Reportages", "À propos"],
        "Fièrement propulsé par WordPress",
    )
    return Page("fr-blog", "fr", html, gold)


# --------------------------------------------------------------------------- es: Q&A


_ES2_TITLE = "Preguntas frecuentes sobre el reclutamiento internacional"
_ES2_QA = [
    (
        "¿Puede una agencia cobrarme por conseguirme un empleo?",
        "No. Según los principios de contratación equitativa, los trabajadores no deben pagar "
        "comisiones ni gastos de contratación. Esos costos corresponden al empleador.",
    ),
    (
        "¿Qué hago si me retienen el pasaporte?",
        "Retener los documentos de identidad de un trabajador es ilegal en la mayoría de los "
        "países. Puedes pedir ayuda al consulado o a una organización de apoyo a migrantes.",
    ),
    (
        "¿Debo firmar el contrato antes de viajar?",
        "Sí. Exige un contrato escrito, en un idioma que entiendas, con el salario, el horario "
        "y la duración del empleo antes de salir de tu país.",
    ),
]


def _es_faq() -> Page:
    qa = "".join(f"<dt>{_e(q)}</dt><dd><p>{_e(a)}</p></dd>" for q, a in _ES2_QA)
    body = (
        '<div class="main-container"><div class="sidebar-left menu-lateral"><ul>'
        '<li><a href="/a">Derechos laborales</a></li><li><a href="/b">Contratación</a></li>'
        '<li><a href="/c">Remesas</a></li></ul></div>'
        f'<div class="main-content"><h1>{_e(_ES2_TITLE)}</h1>'
        f'<dl class="faq">{qa}</dl>'
        '<div class="newsletter-signup"><h3>Suscríbete a nuestro boletín</h3>'
        "<p>Recibe cada mes las novedades sobre migración laboral.</p></div></div></div>"
    )
    gold = "\n\n".join(x for pair in _ES2_QA for x in pair)
    html = _shell(
        "es",
        _ES2_TITLE,
        "Red de Apoyo al Trabajador Migrante",
        body,
        ["Inicio", "Guías", "Contacto"],
        "Red de Apoyo al Trabajador Migrante, 2024.",
    )
    return Page("es-faq", "es", html, gold)


# --------------------------------------------------------------------------- id: news + table


_ID2_TITLE = "Penempatan pekerja migran ke Korea Selatan naik tajam"
_ID2_PARAS = [
    "Jumlah pekerja migran Indonesia yang berangkat ke Korea Selatan melalui skema "
    "antarpemerintah naik hampir dua kali lipat dibanding tahun lalu.",
    "Sebagian besar bekerja di sektor manufaktur dan perikanan. Pemerintah mengingatkan calon "
    "pekerja agar tidak membayar biaya penempatan kepada calo.",
]
_ID2_TABLE = [
    ("Sektor", "2022", "2023"),
    ("Manufaktur", "8.100", "14.900"),
    ("Perikanan", "1.200", "2.600"),
]
_ID2_H2 = "Syarat mendaftar"
_ID2_LIST = ["Berusia 18 sampai 39 tahun", "Lulus tes bahasa Korea", "Sehat jasmani dan rohani"]


def _id_news() -> Page:
    rows = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in _ID2_TABLE)
    body = (
        '<div class="main"><div class="read__content">'
        f'<h1 class="read__title">{_e(_ID2_TITLE)}</h1>'
        '<div class="read__time">Kompas Rantau - 8 Februari 2024, 10:15 WIB</div>'
        f"<p>{_e(_ID2_PARAS[0])}</p>"
        '<div class="ads-inline"><p>ADVERTISEMENT</p></div>'
        f"<p>{_e(_ID2_PARAS[1])}</p>"
        f"<table><tbody>{rows}</tbody></table>"
        f"<h2>{_e(_ID2_H2)}</h2><ul>" + "".join(f"<li>{_e(i)}</li>" for i in _ID2_LIST) + "</ul>"
        '<div class="read__also"><strong>Baca juga:</strong> <a href="/x">Gaji pekerja di Taiwan naik</a></div>'
        "</div>"
        '<div class="terpopuler"><h3>Terpopuler</h3><ol>'
        '<li><a href="/1">Harga beras naik lagi</a></li><li><a href="/2">Jadwal mudik 2024</a></li>'
        "</ol></div></div>"
    )
    gold = "\n\n".join(
        [
            _ID2_PARAS[0],
            _ID2_PARAS[1],
            "\n".join(" ".join(r) for r in _ID2_TABLE),
            _ID2_H2,
            "\n".join(_ID2_LIST),
        ]
    )
    html = _shell(
        "id",
        _ID2_TITLE,
        "Kabar Rantau",
        body,
        ["Beranda", "Nasional", "Ekonomi"],
        "Kabar Rantau © 2024",
    )
    return Page("id-news", "id", html, gold)


PAGES: list[Page] = [
    _de_news(),
    _de_short(),
    _fr_report(),
    _fr_blog(),
    _es_forum(),
    _es_faq(),
    _id_recipe(),
    _id_news(),
]
