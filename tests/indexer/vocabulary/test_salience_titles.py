"""Salience: a title that names another country than the one the text develops."""

from __future__ import annotations

from support import country_roles as roles

from migsearch.indexer.vocabulary.salience import ABOUT, MENTIONED

HOSTAGES_TITLE = "Taliban say they freed US, Australian hostages for 3 terrorist figures"
HOSTAGES = (
    "Two hostages — an American and an Australian — who had been held by the Taliban in "
    "Afghanistan since 2016 were released Tuesday in a prisoner swap for three insurgents.\n\n"
    "The men were handed over to US forces in the country's southern Zabul province. Their "
    "release came hours after the Afghan government freed three Taliban prisoners and sent "
    "them to Qatar.\n\n"
    "Both sides said they were hopeful the swap could lead to talks between the Taliban and "
    "the Kabul government. Peace would allow for the withdrawal of US troops from "
    "Afghanistan.\n\n"
    "Secretary of State Mike Pompeo said the release gives hope for intra-Afghan peace "
    "negotiations, which the United States stands ready to support. Afghan President Ashraf "
    "Ghani said the swap would pave the way for talks.\n\n"
    'Australian Prime Minister Scott Morrison said in a statement, "We are profoundly '
    'pleased and relieved."\n\n'
    "The men were abducted in the heart of the Afghan capital in August 2016. Washington "
    "and the Taliban had been holding talks on US troops leaving Afghanistan. The war in "
    "Afghanistan has lasted 18 years, and Afghanistan's government wants a settlement."
)


def test_a_country_the_text_develops_more_than_the_title_is_about() -> None:
    """The title names the hostages' nationalities; the text is about Afghanistan, named
    more often than any country of the title, from its lead. The nationality the text
    names only so (an Australian hostage, an Australian prime minister's statement) says
    who, not where."""
    got = roles(HOSTAGES, HOSTAGES_TITLE)
    assert got["AFG"] == ABOUT and got["USA"] == ABOUT
    assert got["AUS"] == MENTIONED and got["QAT"] == MENTIONED


def test_a_title_country_stays_first_when_the_text_names_it_most() -> None:
    """A country the text names less often than the title's keeps the title's decision:
    "Investors … the US-China trade war" naming Hong Kong four times is not about it."""
    title = "Investors don't seem to know what to make of the US-China trade war"
    text = (
        "Stocks in Hong Kong fell on Monday. China said tariffs hurt both sides, and the "
        "United States said talks would go on. Hong Kong's index lost 2%.\n\n"
        "China's exports to the United States fell 16% in October. China's officials met US "
        "negotiators in Beijing. Traders in Hong Kong were cautious, and China's yuan held. "
        "The United States plans new tariffs; Hong Kong traders expect China to respond."
    )
    got = roles(text, title)
    assert got["CHN"] == ABOUT and got["USA"] == ABOUT and got["HKG"] == MENTIONED


def test_a_passing_country_of_a_short_letter_does_not_override_the_title() -> None:
    """Two names of the USA in a column of letters are not the weight that overrides a title."""
    title = "Dear Abby: Husband springs for business class flight to India"
    text = (
        "DEAR ABBY: My husband just purchased plane tickets to India. It's a 24-hour trip "
        "from the USA. He is sitting in business class while I'm in economy.\n\n"
        + "DEAR FEELING: Upgrade your seat and make clear the two of you sit together. " * 20
        + "\n\nDEAR ABBY: Our neighbours moved from the USA to our street last year. "
        + "Be kind and patient with them. " * 30
    )
    got = roles(text, title)
    assert got["IND"] == ABOUT and got["USA"] == MENTIONED


def test_a_nationality_title_is_about_when_the_text_has_no_other_country() -> None:
    """ "Thai fishermen rescued": a demonym in the title of a text on Thailand alone is
    what it is about."""
    title = "Thai fishermen rescued after storm"
    text = (
        "Twelve Thai fishermen were rescued on Sunday after their boat sank in a storm off "
        "the coast. Thai navy ships searched for two days; Thai officials said all were safe."
    )
    assert roles(text, title) == {"THA": ABOUT}


def test_origins_named_twice_in_a_short_text_do_not_override_the_title() -> None:
    """A short brief on Lebanon that names where its workers come from in a sentence and
    a table does not develop those countries."""
    title = "Domestic workers in Lebanon"
    text = (
        "Domestic workers in Lebanon\n\nFindings\n\nMigrant domestic workers from Ethiopia "
        "and the Philippines work under the kafala system.\n\nPassports are confiscated by "
        "employers\n\nCountry | Workers\nEthiopia | 150,000\nPhilippines | 25,000"
    )
    assert roles(text, title) == {"LBN": ABOUT, "ETH": MENTIONED, "PHL": MENTIONED}
