"""Canonical names shared by clustering and quotes."""
from __future__ import annotations

from briefing.names import (canonical_names, fold, is_title, looks_like_name, name_key,
                            name_tokens, natural_case, same_person)
from briefing.quotes.lexicon import ORG_WORDS, PERSON_NOUNS


def test_fold_transliterations():
    assert fold("Zelenskyy") == fold("Zelensky") == fold("Zelenskiy")
    assert fold("Sergei") == fold("Sergey")
    assert fold("Podoliak") == fold("Podolyak")
    assert fold("Müller's") == "muller"


def test_name_tokens_and_key_drop_titles():
    assert name_tokens("President Volodymyr Zelenskyy") == ["volodymyr", "zelensky"]
    assert name_key("Mr Zelensky") == name_key("VOLODYMYR Zelenskyy") == "zelensky"
    assert name_key("") == ""


def test_same_person_rules():
    assert same_person("Vladimir Zelensky", "Volodymyr Zelenskyy")
    assert same_person("Zelensky", "Volodymyr Zelenskyy")
    assert not same_person("Melania Trump", "Donald Trump")
    assert same_person("Donald Tump", "Donald Trump")
    assert not same_person("Tump", "Trump")  # one edit alone is not enough
    assert not same_person("Ann Bush", "Ann Rush")  # short names: no typo tolerance


def test_canonical_names_zelensky_spellings():
    names = canonical_names(["Zelensky", "Zelenskyy", "Vladimir Zelensky",
                             "VOLODYMYR Zelenskyy", "Volodymyr Zelenskyy"])
    assert set(names.values()) == {"Volodymyr Zelenskyy"}


def test_canonical_names_sergei_sergey():
    names = canonical_names(["Sergei Lavrov", "Sergey Lavrov", "Lavrov", "Sergey Lavrov"])
    assert set(names.values()) == {"Sergey Lavrov"}


def test_one_edit_typo_joins_the_common_spelling():
    names = canonical_names(["Donald Trump", "Trump", "Trump", "Donald Tump", "Melania Trump"])
    assert names["Donald Tump"] == names["Trump"] == "Donald Trump"
    assert names["Melania Trump"] == "Melania Trump"


def test_natural_case_keeps_acronyms():
    assert natural_case("VOLODYMYR Zelenskyy") == "Volodymyr Zelenskyy"
    assert natural_case("JD Vance") == "JD Vance"


def test_canonical_names_drop_titles_and_honorifics():
    names = canonical_names(["Sir Keir Starmer", "Keir Starmer", "Starmer", "Mr Starmer",
                             "KEIR STARMER"])
    assert set(names.values()) == {"Keir Starmer"}


def test_canonical_names_transliterated_first_and_last_names():
    names = canonical_names(["Mikhail Podoliak", "Podoliak", "Mykhailo Podolyak"])
    assert len(set(names.values())) == 1


def test_hyphens_split_for_matching_only():
    assert name_tokens("Lee Ju-yeol") == name_tokens("Lee Ju yeol") == ["lee", "ju", "yeol"]
    names = canonical_names(["Lee Ju-yeol", "Lee", "Gov. Lee Ju-yeol"])
    assert set(names.values()) == {"Lee Ju-yeol"}  # the display keeps the hyphen


def test_one_person_whatever_the_case_or_length_of_the_mention():
    names = canonical_names(["Kim Jong Un", "Kim Jong un", "Kim", "Kim Jong Un"])
    assert set(names.values()) == {"Kim Jong Un"}


def test_family_name_first_and_given_name_alone():
    assert same_person("Xi", "Xi Jinping") and same_person("Aayush", "Aayush Shamra")
    assert not same_person("Xi", "Li Qiang")


def test_titles_are_not_names():
    assert name_tokens("Chair Eun Sung-soo") == ["eun", "sung", "soo"]
    assert name_tokens("Senators Charles Grassley") == ["charles", "grassley"]
    assert name_tokens("Julie Bishop") == ["julie", "bishop"]  # a surname that spells a title
    assert name_tokens("President") == []


def test_natural_case_spells_words_as_the_article_does_and_small_words_in_lower_case():
    assert natural_case("NASA ADMINISTRATOR") == "Nasa Administrator"
    assert natural_case("NASA ADMINISTRATOR", {"nasa": "NASA"}) == "NASA Administrator"
    assert natural_case("MARINE LE PEN", {"le": "Le", "pen": "Pen"}) == "Marine Le Pen"
    assert natural_case("CHIEF OF STAFF") == "Chief of Staff"
    assert natural_case("CHARLES DE GAULLE") == "Charles de Gaulle"


def test_natural_case_keeps_dotted_capitals_and_hyphens():
    assert natural_case("U.S. Senator") == "U.S. Senator"
    assert natural_case("M.E.N. arena") == "M.E.N. arena"
    assert natural_case("YOON SUK-HEUN") == "Yoon Suk-Heun"


def test_particles_are_no_given_names():
    """"Ní Bhriain" and "von der Leyen" shorten the full name; a particle is not the
    given name that would tell two people apart."""
    assert same_person("Ní Bhriain", "Siobhán Ní Bhriain")
    assert same_person("von der Leyen", "Ursula von der Leyen")
    assert not same_person("Máire Ní Bhriain", "Siobhán Ní Bhriain")
    assert set(canonical_names(["Siobhán Ní Bhriain", "Ní Bhriain"]).values()) == {
        "Siobhán Ní Bhriain"}


def test_a_name_with_particles_looks_like_a_name():
    assert looks_like_name("Ursula von der Leyen")
    assert looks_like_name("José María Álvarez del Manzano")
    assert not looks_like_name("von der Leyen said")
    assert not looks_like_name("the ministry")


def test_a_generational_suffix_is_no_surname():
    """'Jr.' says nothing of the family: two people with it are two people, and the
    surname alone finds each."""
    assert not same_person("John G. Okafor Jr.", "Joseph R. Brennan Jr.")
    assert same_person("Okafor", "John G. Okafor Jr.")
    names = canonical_names(["Joseph R. Brennan Jr.", "John G. Okafor Jr.", "Okafor"])
    assert names["Okafor"] == names["John G. Okafor Jr."] == "John G. Okafor Jr."
    assert names["Joseph R. Brennan Jr."] == "Joseph R. Brennan Jr."


def test_a_son_is_not_his_father_of_the_same_name():
    """'Donald Okafor Jr.' and 'Donald Jr.' are the son, 'Donald J. Okafor' the father,
    and a bare 'Okafor' the one without the suffix, though the son is mentioned more."""
    assert not same_person("Donald Okafor Jr.", "Donald J. Okafor")
    assert not same_person("Donald Jr.", "Donald J. Okafor")
    assert same_person("Donald Jr.", "Donald Okafor Jr.")
    names = canonical_names(["Donald J. Okafor", "Donald Okafor Jr.", "Donald Okafor Jr.",
                             "Donald Jr.", "Okafor"])
    assert names["Okafor"] == "Donald J. Okafor"
    assert names["Donald Jr."] == "Donald Okafor Jr."


def test_title_and_role_words_are_found_by_their_folded_form():
    """fold() turns "ia" into "ya" (Podoliak, Podolyak): a title or role word spelt so is
    found all the same, singular or plural."""
    for word in ("Mediator", "Physician", "Historians", "Librarian", "Cardiologist"):
        assert is_title(word), word
    assert not is_title("Hunter")
    assert fold("official") in PERSON_NOUNS and fold("Association") in ORG_WORDS
