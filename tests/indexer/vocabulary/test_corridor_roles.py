"""Roles of places in a clause (corridor_roles.py), seen through the corridors they give."""

from __future__ import annotations

import pytest

from migsearch.indexer.vocabulary.corridor_roles import lists, role
from migsearch.indexer.vocabulary.corridors import find_corridors
from migsearch.indexer.vocabulary.country_tagger import scan_places


def test_a_list_in_brackets_takes_the_role_of_the_words_before_it() -> None:
    text = "Cases were submitted for resettlement to three States (Canada, Norway and Sweden)."
    places = list(scan_places(text))
    assert [m.code for m in places] == ["CAN", "NOR", "SWE"]
    assert lists(places, text) == [[0, 1, 2]]
    assert role(places[0], text, 0, len(text), False) == "destination"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a departure leaves the country people are in, for the one they go to
        (
            "Refugees registered in Kenya were submitted for resettlement to 4 countries "
            "(Australia, Canada, Norway and Sweden).",
            ["KEN-AUS", "KEN-CAN", "KEN-NOR", "KEN-SWE"],
        ),
        ("Asylum seekers detained in Libya were evacuated to Rwanda.", ["LBY-RWA"]),
        # without a place they go to, the place they are in stays where they are
        ("Resettlement places are needed for refugees stranded in Libya.", []),
        # not a departure: being in a place and being sent to a camp keep their roles
        ("Sudanese refugees in Chad were moved to a new camp.", ["SDN-TCD"]),
    ],
)
def test_a_departure_starts_where_people_are(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # people of one country named in another live abroad, without a word of migration
        ("Vaccines were given to Afghans in Pakistan and Iran.", ["AFG-PAK", "AFG-IRN"]),
        # "Swiss" is an adjective as often as a people: it says nothing of moving
        ("In Viet Nam, a loan from the Swiss Development Agency built an embankment.", []),
        # an adjective is no people
        ("Afghan officials met in Pakistan.", []),
    ],
)
def test_a_people_in_the_plural_is_on_the_move(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a government acting on people from elsewhere acts where they are
        ("The Government of Egypt grants Syrian refugee children access to schools.", ["SYR-EGY"]),
        ("Peruvian immigration authorities will admit Venezuelan nationals.", ["VEN-PER"]),
        # … and one that returns them sends them from there
        ("The Government of Kenya authorized return convoys to Somalia.", ["KEN-SOM"]),
        # … but not one that only helps returnees where they are
        (
            "The Government of India proposes to build housing in Rakhine State for "
            "returning people.",
            [],
        ),
        # a donor is no host
        ("The Government of Norway funded programmes for Syrian refugees.", []),
        # a destination the clause states wins over the government
        ("The Government of Norway resettled Syrian refugees in Canada.", ["SYR-CAN"]),
        # a government that reports people crossing into another country sees them leave
        # its own
        (
            "Colombian authorities also reported that some 200,000 have crossed into Ecuador.",
            ["COL-ECU"],
        ),
        # … not into its own, nor when the clause says where they come from
        ("Ecuadorian authorities reported that 200,000 people crossed into Ecuador.", []),
        (
            "Colombian authorities reported that 20,000 Venezuelans crossed into Ecuador.",
            ["VEN-ECU"],
        ),
    ],
)
def test_a_government_is_where_its_migrants_are(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a facility's acronym between a word of direction and a place, or in a list
        (
            "Refugees held in Libya were evacuated to ETM Niger.",
            ["LBY-NER"],
        ),
        (
            "Asylum seekers were evacuated from Libya to Niger (200), Italy (41) and the "
            "ETC Romania (26).",
            ["LBY-NER", "LBY-ITA", "LBY-ROU"],
        ),
    ],
)
def test_an_acronym_before_a_place_keeps_its_role(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # a move only wished or planned leads nowhere, not even to the text's country
        ("The border is closed to Palestinian refugees wishing to enter Jordan.", ("JOR",), []),
        ("Many Afghan refugees plan to travel to Turkey.", ("IRN",), []),
        # … and one people try, seek or look to make
        (
            "Thousands of migrants from Ethiopia travel to Yemen, others looking to reach "
            "Saudi Arabia.",
            (),
            ["ETH-YEM"],
        ),
        # a move made is read as before, and asylum sought in a place is sought there
        ("Palestinian refugees entered Jordan.", ("JOR",), ["PSE-JOR"]),
        ("Syrians seeking asylum in Germany waited for months.", (), ["SYR-DEU"]),
    ],
)
def test_a_wished_move_is_no_corridor(text: str, homes: tuple[str, ...], want: list[str]) -> None:
    assert find_corridors(text, homes=homes).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Chad has been welcoming Sudanese refugees for ten years.", ["SDN-TCD"]),
        ("Turkey, for its part, was sheltering 3.3 million Syrians.", ["SYR-TUR"]),
        ("Uganda, home to 1,400,000 refugees from South Sudan, asked for help.", ["SSD-UGA"]),
        ("Syrian refugees hosted by Lebanon face eviction.", ["SYR-LBN"]),
        ("Syrian refugees across Lebanon face poverty.", ["SYR-LBN"]),
        ("Venezuelan migrants and refugees within Peru.", ["VEN-PER"]),
        ("Kenya's Dadaab camps host 200,000 Somali refugees.", ["SOM-KEN"]),
        ("Uganda's refugee population includes 900,000 South Sudanese.", ["SSD-UGA"]),
        ("Cox's Bazar, Bangladesh, hosts a million Rohingya.", ["MMR-BGD"]),
        # "which" after a country is the country
        ("Jordan, which hosts 660,000 registered Syrian refugees, needs support.", ["SYR-JOR"]),
        ("Poland took in more than a million Ukrainian refugees.", ["UKR-POL"]),
        ("Germany granted asylum to Syrians.", ["SYR-DEU"]),
        ("Pakistan is home to 1.4 million registered Afghan refugees.", ["AFG-PAK"]),
        ("South Africa is a destination for migrants from Zimbabwe.", ["ZWE-ZAF"]),
        ("Thailand employs some 2 million migrant workers from Myanmar.", ["MMR-THA"]),
        ("Migrant workers from Myanmar make up most of Thailand's fishing crews.", ["MMR-THA"]),
        # a country's effort to take people in, after a list of them too
        (
            "The efforts made by the countries of the region, notably Lebanon, Jordan and "
            "Egypt, to accommodate Syrian refugees.",
            ["SYR-LBN", "SYR-JOR", "SYR-EGY"],
        ),
        ("Turkey continues to host 3.6 million Syrian refugees.", ["SYR-TUR"]),
        ("Donors asked Kenya to host a conference on Somali refugees.", []),
        # a home to no number of people is a place, not a host
        ("Uganda, home to the source of the Nile, hosts a summit on Sudanese trade.", []),
    ],
)
def test_a_country_that_hosts_is_where_people_are(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # an ethnic group named like a nationality has moved nowhere, when the text says so
        ("Ethnic Indians in Singapore celebrated Deepavali.", []),
        ("The Chinese minority in Indonesia is large.", []),
        ("A Syrian refugee of Palestinian descent lives in Lebanon.", ["SYR-LBN"]),
        # two demonyms as one name: the people are the first country's
        ("Malaysian Chinese workers moved to Singapore.", ["MYS-SGP"]),
        ("Syrian Palestinian refugees fled to Lebanon.", ["SYR-LBN"]),
        # without a word of ancestry, a people in the plural still lives abroad
        ("Indians in Singapore sent money home.", ["IND-SGP"]),
    ],
)
def test_ancestry_is_no_move(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Syrian registered refugees live in Jordan.", ["SYR-JOR"]),
        ("Cambodian female migrant workers in Thailand.", ["KHM-THA"]),
        ("Afghan undocumented returnees arrived from Iran.", ["IRN-AFG"]),
        ("Venezuelan asylum claims in Brazil doubled.", ["VEN-BRA"]),
    ],
)
def test_a_word_of_status_between_demonym_and_mover(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Indian-born nurses work in the UK.", ["IND-GBR"]),
        ("A migrant worker born in Myanmar died in Thailand.", ["MMR-THA"]),
    ],
)
def test_where_people_were_born_is_where_they_come_from(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Violence led almost 200 Congolese to seek asylum in South Sudan.", ["COD-SSD"]),
        ("Thousands of Sudanese fled to Chad.", ["SDN-TCD"]),
        # said of people, and a disembarkation is an arrival
        ("Most arrivals in Italy were Tunisian.", ["TUN-ITA"]),
        (
            "Some 6,551 refugees and migrants were disembarked in Libya. The majority of "
            "those disembarked were Eritrean.",
            ["ERI-LBY"],
        ),
        ("The boats were Libyan.", []),
        ("Uganda now hosts more than 1 million South Sudanese.", ["SSD-UGA"]),
        ("Sudan hosts over one million refugees, mostly South Sudanese.", ["SSD-SDN"]),
        # a noun after it makes the demonym an adjective
        ("He paid 200 Congolese francs in Uganda to migrants.", []),
        ("In Panama, 24 Venezuelan (13 women and 11 men) had access to the service.", ["VEN-PAN"]),
        ("In Uganda, he paid 200 Congolese (CDF) francs to migrants.", []),
        # the subject of a verb of people on the move
        (
            "The flow monitoring point in Abyei, where South Sudanese are registered upon "
            "arrival into Sudan, has closed.",
            ["SSD-SDN"],
        ),
        ("Sudanese who fled to Chad need water.", ["SDN-TCD"]),
        ("Chinese are investing in Zambia.", []),
    ],
)
def test_a_counted_demonym_is_people(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("The Philippines deploys nurses to the United Kingdom.", ["PHL-GBR"]),
        ("Nepal sends workers to Malaysia and the Gulf.", ["NPL-MYS", "NPL-GCC"]),
        ("India is the top source of migrants to the UAE.", ["IND-ARE"]),
        ("Bangladesh is among the top countries of origin of migrants in Qatar.", ["BGD-QAT"]),
        # a people followed by "deported" was deported: it deported no one
        ("Guatemalans deported by Mexico arrived home.", ["MEX-GTM"]),
        # sending no people is no corridor
        ("Turkey sent aid to Syrians in Idlib.", []),
    ],
)
def test_a_country_that_sends_people_is_where_they_come_from(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Haitians expelled from the Dominican Republic crossed at Ouanaminthe.", ["DOM-HTI"]),
        ("The Dominican Republic expelled thousands of Haitians.", ["DOM-HTI"]),
        # a government that sends people back sends them from its country
        ("Lebanese authorities deported Syrian refugees.", ["LBN-SYR"]),
        ("The Government of Kenya has forcibly returned Somali refugees.", ["KEN-SOM"]),
        ("The Government of Somalia welcomed returning Somali refugees.", []),
    ],
)
def test_an_expulsion_is_a_return(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Peru introduced a humanitarian visa for Venezuelans.", ["VEN-PER"]),
        ("Thailand announced new rules for Myanmar migrant workers.", ["MMR-THA"]),
        # a people is no government, and a donor hosts no one
        ("Venezuelans began arriving.", []),
        ("Japan announced funding for Rohingya refugees.", []),
    ],
)
def test_a_country_taking_a_measure_acts_where_people_are(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Vietnamese victims of trafficking in the UK were identified.", ["VNM-GBR"]),
        ("Burundian refugees in Nyarugusu camp, Tanzania, need shelter.", ["BDI-TZA"]),
        # a town named before its country is no camp: the comma may start a new subject
        ("In Gaza, Germany is continuing its support to Palestine refugees.", []),
    ],
)
def test_trafficking_victims_and_camps_named_before_their_country(
    text: str, want: list[str]
) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # a return named after a plan is no return that happens
        (
            "Myanmar and Bangladesh signed an arrangement on the return of refugees to Myanmar.",
            ("BGD",),
            [],
        ),
        ("Plans for the voluntary return of refugees to Burundi were discussed.", ("TZA",), []),
        (
            "Refugees will need information to make their own choices on voluntary return to "
            "Myanmar.",
            ("BGD",),
            [],
        ),
        ("So far, 676 individuals have returned to Somalia.", ("YEM",), ["YEM-SOM"]),
        # … nor one people are only interested in
        (
            "Partners reported refugees and migrants increased interest on returning to Venezuela.",
            ("PER",),
            [],
        ),
        ("Refugees expressed an interest in return to Burundi.", ("TZA",), []),
    ],
)
def test_a_planned_return_is_no_return(text: str, homes: tuple[str, ...], want: list[str]) -> None:
    assert find_corridors(text, homes=homes).values == want


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # who acts on people "by" them has moved nowhere
        (
            "Meanwhile, a Rohingya labourer employed by a Bangladeshi man died after a slope "
            "failed.",
            ("BGD",),
            ["MMR-BGD"],
        ),
        ("Syrian refugees were welcomed by Turkish families.", (), []),
        ("A Bangladeshi man was employed in Malaysia.", (), ["BGD-MYS"]),
    ],
)
def test_a_people_acting_on_movers_is_no_origin(
    text: str, homes: tuple[str, ...], want: list[str]
) -> None:
    assert find_corridors(text, homes=homes).values == want


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # a return to a place from where people had fled to
        (
            "7,000 people who had fled towards Rwanda are beginning to return to Goma.",
            ("COD",),
            ["COD-RWA", "RWA-COD"],
        ),
        ("Refugees who had fled to Uganda returned to South Sudan.", (), ["UGA-SSD"]),
        ("Refugees who fled to Uganda have not returned.", (), []),
        # the examples of the countries that send people back
        (
            "Several countries continue to return people to Haiti in large numbers, notably "
            "the Dominican Republic, the United States, and the Bahamas, as well as the British "
            "overseas territory of Anguilla.",
            ("HTI",),
            ["DOM-HTI", "USA-HTI", "BHS-HTI"],
        ),
        ("Refugees returned to Somalia, notably to Mogadishu and Kismayo.", (), []),
    ],
)
def test_a_return_leaves_where_people_had_fled_to_or_were_sent_from(
    text: str, homes: tuple[str, ...], want: list[str]
) -> None:
    assert find_corridors(text, homes=homes).values == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a conflict's country, in a clause that says where people go, is where they leave
        (
            "Intercommunal conflict in Sudan leads to massive displacements of refugees into "
            "eastern Chad.",
            ["SDN-TCD"],
        ),
        ("The fighting in South Sudan has driven a million refugees into Uganda.", ["SSD-UGA"]),
        ("Insecurity in Burkina Faso pushed 20,000 refugees to Niger.", ["BFA-NER"]),
        # … not where people merely are, nor where they go themselves
        ("Refugees in Kenya are affected by the conflict in Somalia.", []),
        ("Migrants travelled to Libya despite the fighting in Libya.", []),
        # … and without a place people go to, no one goes where the conflict is
        (
            "The representative of the United States said Americans were impatient with the "
            "conflict in Afghanistan.",
            [],
        ),
        ("Venezuelans living in Colombia fear the violence in Colombia.", ["VEN-COL"]),
    ],
)
def test_a_conflict_is_where_people_leave(text: str, want: list[str]) -> None:
    assert find_corridors(text).values == want


@pytest.mark.parametrize(
    "text",
    [
        "In Brazil some 15,000 of all Venezuelan asylum-claims have been lodged in Roraima.",
        "In Brazil some 15,000 of all Venezuelan asylum claims have been lodged in Roraima.",
    ],
)
def test_asylum_claims_name_where_people_come_from_hyphenated_or_not(text: str) -> None:
    assert find_corridors(text).values == ["VEN-BRA"]


@pytest.mark.parametrize(
    ("text", "homes", "want"),
    [
        # "the <demonym> people" is a whole nation, which moves nowhere
        (
            "The British people stand by those affected by conflict and famine in South Sudan.",
            ("SDN",),
            [],
        ),
        (
            "At a press conference in Riyadh, officials discussed how to relieve the suffering "
            "of the Yemeni people.",
            (),
            [],
        ),
        # … while a people named without "the", or said to move, is on the move
        ("Displaced Syrian people arrived in Turkey.", (), ["SYR-TUR"]),
        ("The Syrian people who fled to Jordan need support.", (), ["SYR-JOR"]),
    ],
)
def test_a_nation_is_no_people_on_the_move(
    text: str, homes: tuple[str, ...], want: list[str]
) -> None:
    assert find_corridors(text, homes=homes).values == want
