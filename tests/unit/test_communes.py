"""Behaviour of name normalisation and the commune directory (on the packaged data)."""


import pytest

from flows.domain.communes import (
    Commune,
    CommuneDirectory,
    CommuneSearch,
    dept_of_insee,
    edit_distance,
    haversine_km,
    load_communes,
)
from flows.domain.textnorm import compact, normalize, strip_article

GERS = "32"


@pytest.fixture(scope="module")
def directory() -> CommuneDirectory:
    return load_communes()


def names(communes: list[Commune]) -> list[str]:
    return [c.name for c in communes]


def matched(result: CommuneSearch) -> str | None:
    return None if result.match is None else result.match.name


# --- textnorm -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Castéra-Verduzan", "castera verduzan"),
        ("AUCH", "auch"),
        ("L'Isle-Jourdain", "l isle jourdain"),
        ("L’Isle–Jourdain", "l isle jourdain"),
        ("St Clar", "saint clar"),
        ("Ste-Mère", "sainte mere"),
        ("St. Clar", "saint clar"),
        ("Schœlcher", "schoelcher"),
        ("Lætitia", "laetitia"),
        ("  Vic   Fezensac ", "vic fezensac"),
        ("Castelnau s/ Auvignon", "castelnau sur auvignon"),
        ("32000 Auch", "32000 auch"),
        ("", ""),
    ],
)
def test_normalize_folds_case_accents_punctuation_and_abbreviations(
    text: str, expected: str
) -> None:
    assert normalize(text) == expected


def test_normalize_does_not_expand_st_inside_words() -> None:
    assert normalize("Stenay") == "stenay"


def test_strip_article_drops_one_leading_article_only() -> None:
    assert strip_article("l isle jourdain") == "isle jourdain"
    assert strip_article("la romieu") == "romieu"
    assert strip_article("le") == "le"
    assert strip_article("lectoure") == "lectoure"


def test_compact_removes_spaces() -> None:
    assert compact("castera verduzan") == "casteraverduzan"


# --- helpers ------------------------------------------------------------------------------


def test_edit_distance_counts_transpositions_as_one_edit() -> None:
    assert edit_distance("auch", "auhc", 2) == 1
    assert edit_distance("lectour", "lectoure", 2) == 1
    assert edit_distance("fleurence", "fleurance", 2) == 1
    assert edit_distance("auch", "auch", 0) == 0


def test_edit_distance_stops_beyond_limit() -> None:
    assert edit_distance("auch", "toulouse", 2) == 3


def test_department_code_of_insee_code() -> None:
    assert dept_of_insee("32013") == "32"
    assert dept_of_insee("2A004") == "2A"
    assert dept_of_insee("97209") == "972"


def test_haversine_paris_toulouse_is_about_590_km() -> None:
    assert haversine_km(48.8566, 2.3522, 43.6047, 1.4442) == pytest.approx(588, abs=5)


# --- data ---------------------------------------------------------------------------------


def test_packaged_data_covers_every_current_commune(directory: CommuneDirectory) -> None:
    assert len(directory) == 34969
    gers = directory.in_department(GERS)
    assert len(gers) == 458
    assert sum(c.population for c in gers) == 192645


def test_every_gers_commune_has_a_centroid_and_a_canton(directory: CommuneDirectory) -> None:
    for c in directory.in_department(GERS):
        assert c.lat is not None and c.lon is not None
        assert c.canton_code is not None and c.canton_name is not None


def test_get_returns_full_commune(directory: CommuneDirectory) -> None:
    auch = directory.get("32013")
    assert auch is not None
    assert auch.name == "Auch"
    assert auch.dept == GERS
    assert auch.postal_codes == ("32000",)
    assert auch.population > 20000
    assert auch.lat == pytest.approx(43.65, abs=0.05)
    assert auch.lon == pytest.approx(0.58, abs=0.05)
    assert auch.canton_name is not None and auch.canton_name.startswith("Auch-")
    assert directory.get("00000") is None


def test_cantons_of_the_gers_and_aude(directory: CommuneDirectory) -> None:
    gers = directory.cantons(GERS)
    assert len(gers) == 17
    assert ("32013", "Isle-Jourdain") in gers
    assert gers == sorted(gers)
    assert len(directory.cantons("11")) == 19


def test_canton_of_a_commune(directory: CommuneDirectory) -> None:
    assert directory.canton_of("32208") == ("32014", "Lectoure-Lomagne")
    assert directory.canton_of("75056") is None  # Paris has no canton
    assert directory.canton_of("99999") is None


def test_department_names(directory: CommuneDirectory) -> None:
    assert directory.department_name("32") == "Gers"
    assert directory.department_name("31") == "Haute-Garonne"
    assert directory.department_name("2A") == "Corse-du-Sud"
    assert directory.department_name("00") is None


def test_commune_merged_since_2018_keeps_a_centroid_from_its_former_code(
    directory: CommuneDirectory,
) -> None:
    conques = directory.get("12218")  # renumbered when its chef-lieu changed
    assert conques is not None and conques.lat is not None and conques.canton_code is not None


# --- search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("auch", "Auch"),
        ("AUCH", "Auch"),
        ("Lectoure", "Lectoure"),
        ("lectoure", "Lectoure"),
        ("St Clar", "Saint-Clar"),
        ("saint clar", "Saint-Clar"),
        ("Castera Verduzan", "Castéra-Verduzan"),
        ("casteraverduzan", "Castéra-Verduzan"),
        ("Isle Jourdain", "L'Isle-Jourdain"),
        ("l'isle jourdain", "L'Isle-Jourdain"),
        ("Romieu", "La Romieu"),
        ("32000", "Auch"),
        ("32000 Auch", "Auch"),
        ("Auch 32000", "Auch"),
        ("32700 lectoure", "Lectoure"),
        ("32013", "Auch"),
    ],
)
def test_search_finds_exact_names_postal_codes_and_insee_codes(
    directory: CommuneDirectory, query: str, expected: str
) -> None:
    result = directory.search(query, GERS)
    assert matched(result) == expected
    assert result.approximate is False


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Lectour", "Lectoure"),
        ("Condomm", "Condom"),
        ("Fleurence", "Fleurance"),
        ("isle jourdin", "L'Isle-Jourdain"),
    ],
)
def test_search_corrects_small_typos_and_says_so(
    directory: CommuneDirectory, query: str, expected: str
) -> None:
    result = directory.search(query, GERS)
    assert matched(result) == expected
    assert result.approximate is True


def test_typo_close_to_several_names_gives_suggestions(directory: CommuneDirectory) -> None:
    result = directory.search("Mirandes", GERS)
    assert result.match is None
    assert names(result.suggestions)[:2] == ["Mirande", "Mirannes"]  # population breaks the tie


def test_shared_postal_code_gives_suggestions_by_population(directory: CommuneDirectory) -> None:
    result = directory.search("32700", GERS)
    assert result.match is None
    assert result.suggestions[0].name == "Lectoure"
    populations = [c.population for c in result.suggestions]
    assert populations == sorted(populations, reverse=True)
    assert len(result.suggestions) == 6


def test_limit_caps_suggestions(directory: CommuneDirectory) -> None:
    assert len(directory.search("32700", GERS, limit=3).suggestions) == 3
    assert len(directory.search("32700", GERS, limit=20).suggestions) == 11


def test_prefix_offers_the_longer_name(directory: CommuneDirectory) -> None:
    result = directory.search("Vic", GERS)
    assert result.match is None
    assert names(result.suggestions)[0] == "Vic-Fezensac"
    assert "Vic-Fezensac" in names(directory.search("Vic", None, limit=10).suggestions)


def test_unfinished_name_lists_candidates(directory: CommuneDirectory) -> None:
    result = directory.search("Mira", GERS)
    assert result.match is None
    assert {"Mirande", "Miradoux", "Mirannes"} <= set(names(result.suggestions))


def test_last_word_of_a_name_is_suggested(directory: CommuneDirectory) -> None:
    assert names(directory.search("Verduzan", GERS).suggestions) == ["Castéra-Verduzan"]


def test_name_from_another_department_is_reported_outside(directory: CommuneDirectory) -> None:
    result = directory.search("Toulouse", GERS)
    assert result.match is None  # Toujouse (Gers) is only a suggestion, not a guess
    assert names(result.outside) == ["Toulouse"]
    assert result.outside[0].dept == "31"
    assert "Toujouse" in names(result.suggestions)


def test_postal_code_from_another_department_is_reported_outside(
    directory: CommuneDirectory,
) -> None:
    result = directory.search("31000", GERS)
    assert result.match is None
    assert names(result.outside) == ["Toulouse"]


def test_search_across_france_without_department(directory: CommuneDirectory) -> None:
    assert matched(directory.search("Toulouse")) == "Toulouse"
    assert matched(directory.search("2A004")) == "Ajaccio"


def test_homonyms_across_france_are_suggestions(directory: CommuneDirectory) -> None:
    result = directory.search("L'Isle-Jourdain")
    assert result.match is None
    assert {c.dept for c in result.suggestions} == {"32", "86"}
    assert result.suggestions[0].dept == "32"  # the larger one first


def test_department_number_in_query_narrows_search(directory: CommuneDirectory) -> None:
    result = directory.search("L'Isle-Jourdain (32)")
    assert matched(result) == "L'Isle-Jourdain"
    assert result.match is not None and result.match.dept == "32"


def test_former_commune_name_suggests_the_commune_it_joined(
    directory: CommuneDirectory,
) -> None:
    result = directory.search("Béon", "01")
    assert "Culoz-Béon" in names(result.suggestions)


@pytest.mark.parametrize("query", ["", "   ", "-", "zzzzzzzz", "99999"])
def test_nonsense_finds_nothing(directory: CommuneDirectory, query: str) -> None:
    result = directory.search(query, GERS)
    assert result.match is None
    assert result.suggestions == []


# --- nearest ------------------------------------------------------------------------------


def test_nearest_maps_a_location_to_its_commune(directory: CommuneDirectory) -> None:
    found = directory.nearest(43.6465, 0.5855, GERS)
    assert found is not None
    commune, km = found
    assert commune.name == "Auch"
    assert km < 3


def test_nearest_without_department_reveals_a_location_outside(
    directory: CommuneDirectory,
) -> None:
    toulouse = (43.6047, 1.4442)
    anywhere = directory.nearest(*toulouse)
    in_gers = directory.nearest(*toulouse, dept=GERS)
    assert anywhere is not None and in_gers is not None
    assert anywhere[0].name == "Toulouse"
    assert in_gers[0].dept == GERS
    assert in_gers[1] > anywhere[1] + 10


def test_nearest_across_france_agrees_with_brute_force(directory: CommuneDirectory) -> None:
    for lat, lon in [(48.85, 2.35), (43.3, 5.4), (42.7, 9.45), (50.6, 3.06), (14.6, -61.07)]:
        found = directory.nearest(lat, lon)
        assert found is not None
        brute = min(
            (haversine_km(lat, lon, c.lat, c.lon), c.insee)
            for c in (directory.get(i) for i in _all_insee(directory))
            if c is not None and c.lat is not None and c.lon is not None
        )
        assert found[1] <= brute[0] + 1e-9


def test_nearest_uses_former_communes_of_a_merger(directory: CommuneDirectory) -> None:
    found = directory.nearest(45.8565, 5.7524)  # centre of Béon, part of Culoz-Béon since 2019
    assert found is not None and found[0].name == "Culoz-Béon"


def test_nearest_in_unknown_department_is_none(directory: CommuneDirectory) -> None:
    assert directory.nearest(43.6, 0.5, "00") is None


def _all_insee(directory: CommuneDirectory) -> list[str]:
    depts = {"75", "13", "2B", "59", "972"}
    return [c.insee for d in depts for c in directory.in_department(d)]


# --- small directory built by hand ---------------------------------------------------------


def _tiny() -> CommuneDirectory:
    def commune(insee: str, name: str, postal: str, pop: int) -> Commune:
        return Commune(
            insee, name, dept_of_insee(insee), (postal,), pop, 43.0, 0.5, "32001", "Canton"
        )

    return CommuneDirectory(
        [commune("32001", "Alpha", "32100", 10), commune("32002", "Alphas", "32100", 50)],
        {"32001": ("Canton", "32")},
        {"32": "Gers"},
    )


def test_directory_can_be_built_from_plain_values() -> None:
    tiny = _tiny()
    assert len(tiny) == 2
    assert matched(tiny.search("alpha", "32")) == "Alpha"
    assert names(tiny.search("32100", "32").suggestions) == ["Alphas", "Alpha"]
    assert tiny.cantons("32") == [("32001", "Canton")]


def test_load_communes_is_cached() -> None:
    assert load_communes() is load_communes()


# --- names said in a sentence ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("commune de Marciac", "Marciac"),
        ("ville d'Auch", "Auch"),
        ("mairie de Lectoure", "Lectoure"),
        ("Samatan, Gers", "Samatan"),
        ("Lectoure, Gers, France", "Lectoure"),
        ("Barcelonne-du-Gers", "Barcelonne-du-Gers"),
    ],
)
def test_a_name_wrapped_in_words_is_still_found(
        directory: CommuneDirectory, query: str, expected: str) -> None:
    result = directory.search(query, GERS)
    assert result.match is not None
    assert result.match.name == expected


def test_a_made_up_suffix_suggests_the_shorter_name(directory: CommuneDirectory) -> None:
    result = directory.search("Condom-en-Armagnac", GERS)
    assert result.match is None
    assert [c.name for c in result.suggestions] == ["Condom"]


def test_filler_words_alone_find_nothing(directory: CommuneDirectory) -> None:
    result = directory.search("commune de", GERS)
    assert result.match is None and result.suggestions == []


def test_a_commune_of_another_departement_with_its_name_is_shown_as_outside(
        directory: CommuneDirectory) -> None:
    result = directory.search("Toulouse, Haute-Garonne", GERS)
    assert result.match is None
    assert [c.name for c in result.outside] == ["Toulouse"]


def test_a_whole_paragraph_is_not_taken_for_a_commune(directory: CommuneDirectory) -> None:
    paragraph = "Nous habitons une petite maison au bord du chemin de Marciac " * 40
    assert directory.search(paragraph) == CommuneSearch()
    assert directory.search(paragraph, GERS) == CommuneSearch()
