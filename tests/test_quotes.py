"""Quote extraction: one test per construction, on sentences written for the tests."""
from __future__ import annotations

import pytest

from briefing.parse import load_model
from briefing.quotes import extract_quotes, find_quote_spans, quote_table
from briefing.records import Article, ParsedArticle, Quote


@pytest.fixture(scope="module")
def nlp():
    return load_model()


@pytest.fixture(scope="module")
def quotes_of(nlp):
    def run(body: str, title: str = "") -> list[Quote]:
        article = Article(id="a1", path="a1.txt", title=title, body=body)
        return extract_quotes(ParsedArticle(article, nlp(article.text)))
    return run


def only(quotes: list[Quote], containing: str) -> Quote:
    found = [q for q in quotes if containing in q.text]
    assert len(found) == 1, [q.text for q in quotes]
    return found[0]


def test_speaker_after_direct_quote(quotes_of):
    q = only(quotes_of('"The bridge will reopen in May," Anna Kowalski said.'), "bridge")
    assert (q.speaker, q.text, q.kind) == ("Anna Kowalski", "The bridge will reopen in May,",
                                           "direct")
    assert q.mention is not None and q.mention.text == "Anna Kowalski"


def test_colon_introduction_with_role(quotes_of):
    q = only(quotes_of('Mayor Tom Okafor said: "We will not raise taxes this year."'), "taxes")
    assert q.speaker == "Tom Okafor"
    assert q.text == "We will not raise taxes this year."
    assert q.kind == "direct" and q.role == "Mayor"


def test_speaker_inside_split_quote(quotes_of):
    quotes = quotes_of('Maria Lopez captained the side. "We are ready," she said, '
                       '"and we will win the final."')
    first, second = only(quotes, "ready"), only(quotes, "final")
    assert first.speaker == second.speaker == "Maria Lopez"
    assert first.mention.text == "she" and first.kind == second.kind == "direct"


def test_inverted_attribution(quotes_of):
    q = only(quotes_of('"The budget is balanced," said Finance Minister Karl Berg.'), "budget")
    assert q.speaker == "Karl Berg" and q.text == "The budget is balanced,"
    assert q.role == "Finance Minister"


def test_multi_sentence_quote(quotes_of):
    q = only(quotes_of('Coach Ben Adler said: "We tried. We failed. We will try again."'),
             "tried")
    assert q.text == "We tried. We failed. We will try again." and q.speaker == "Ben Adler"


def test_quote_continued_in_next_paragraph(quotes_of):
    body = ('"The factory will close in March," said Ruth Meyer, the plant manager. '
            '"Nobody wanted this outcome for the town.\n\n'
            '"We looked at every option before deciding."')
    quotes = quotes_of(body)
    assert only(quotes, "Nobody wanted").speaker == "Ruth Meyer"
    follow = only(quotes, "every option")
    assert follow.speaker == "Ruth Meyer" and follow.kind == "direct"


def test_mismatched_quote_marks(quotes_of):
    body = ("Inspector Paul Dunne spoke to reporters on Friday. "
            "\"The talks collapsed because nobody trusted the mediator,' he said.")
    q = only(quotes_of(body), "talks collapsed")
    assert q.speaker == "Paul Dunne"
    assert q.text == "The talks collapsed because nobody trusted the mediator,"


def test_curly_single_quotes(quotes_of):
    q = only(quotes_of("‘Every school will get a new roof by winter,’ Ines Duarte said."),
             "roof")
    assert q.speaker == "Ines Duarte" and q.kind == "direct"


@pytest.mark.parametrize("body", [
    "Police chief Dan Ortiz said that the suspect had fled north.",
    "Police chief Dan Ortiz said the suspect had fled north.",
])
def test_reported_speech_with_and_without_that(quotes_of, body):
    q = only(quotes_of(body), "suspect")
    assert (q.speaker, q.text, q.kind) == ("Dan Ortiz", "the suspect had fled north",
                                           "indirect")


def test_according_to(quotes_of):
    q = only(quotes_of("According to Lena Fischer, the museum will open in June."), "museum")
    assert q.speaker == "Lena Fischer" and q.text == "the museum will open in June"
    assert q.cue == "According to"


@pytest.mark.parametrize("body, content, cue", [
    ("Senator Paul Grant accused the company of hiding the losses.",
     "the company of hiding the losses", "accused"),
    ("Paul Grant warned that the river could flood the lower town.",
     "the river could flood the lower town", "warned"),
    ("Paul Grant insisted the vote had been fair.", "the vote had been fair", "insisted"),
    ("Paul Grant called for an inquiry into the crash.", "an inquiry into the crash",
     "called for"),
    ("Paul Grant denied that he had met the buyers.", "he had met the buyers", "denied"),
    ("Paul Grant admitted the figures were wrong.", "the figures were wrong", "admitted"),
    ("Paul Grant stressed that the clinic would stay open.", "the clinic would stay open",
     "stressed"),
    ("Paul Grant told the Daily Ledger that he would not resign.", "he would not resign",
     "told"),
])
def test_speech_act_verbs(quotes_of, body, content, cue):
    q = only(quotes_of(body), content.split()[1])
    assert (q.speaker, q.text, q.cue, q.kind) == ("Paul Grant", content, cue, "indirect")


def test_mixed_quote(quotes_of):
    q = only(quotes_of('Paul Grant said the plan was "a disaster for farmers" and should go.'),
             "plan")
    assert q.kind == "mixed" and q.speaker == "Paul Grant"
    assert q.text.startswith("the plan was \"a disaster for farmers\"")


def test_apposition_gives_role(quotes_of):
    q = only(quotes_of("Nora Quinn, a nurse at the clinic, said the ward was full."), "ward")
    assert q.speaker == "Nora Quinn" and "nurse" in (q.role or "")


def test_pronoun_resolved_by_gender(quotes_of):
    body = ("Anna Kowalski opened the meeting. She thanked the staff. "
            "Peter Brandt spoke next, and he looked tired. "
            "She said the vote would be delayed.")
    q = only(quotes_of(body), "vote")
    assert q.speaker == "Anna Kowalski" and q.mention.text == "She"


def test_description_resolved_by_role_words(quotes_of):
    body = ("Chilean Foreign Minister Elena Soto met Peruvian President Jorge Vidal in Lima. "
            "The foreign minister said the border would stay open.")
    q = only(quotes_of(body), "border")
    assert q.speaker == "Elena Soto" and q.mention.text == "The foreign minister"


def test_leader_description(quotes_of):
    body = ("Peruvian President Jorge Vidal met Chilean Foreign Minister Elena Soto in Lima. "
            "The Peruvian leader said trade would double.")
    assert only(quotes_of(body), "trade").speaker == "Jorge Vidal"


def test_unattributed_paragraph_keeps_previous_speaker(quotes_of):
    body = '"We will rebuild the school," Mayor Tom Okafor said.\n\n"It will take two years."'
    q = only(quotes_of(body), "two years")
    assert q.speaker == "Tom Okafor" and q.cue == "" and q.mention is None


@pytest.mark.parametrize("body, speaker", [
    ("The Kremlin said the talks had been productive.", "Kremlin"),
    ("Downing Street said the prime minister would travel to Paris.", "Downing Street"),
    ("Earlier on Monday, The Times reported that the deal was close.", "The Times"),
])
def test_organisation_speakers(quotes_of, body, speaker):
    quotes = quotes_of(body)
    assert [q.speaker for q in quotes] == [speaker]


@pytest.mark.parametrize("body", [
    'The so-called "peace plan" was published on Friday.',
    'She watched "The Last Harbour" twice last winter.',
    'The mood in the "green zone" was calm all week.',
])
def test_scare_quotes_and_titles_are_not_quotes(quotes_of, body):
    assert quotes_of(body) == []


def test_headline_quote_offsets_into_article_text(quotes_of, nlp):
    title = "Mayor Okafor says taxes will stay flat"
    quotes = quotes_of("The council met on Tuesday.", title=title)
    q = only(quotes, "taxes")
    assert q.text == "taxes will stay flat" and q.start == title.index("taxes")
    assert q.speaker == "Okafor"


def test_hostile_input_does_not_raise(quotes_of):
    assert isinstance(quotes_of('"""\'\'\u201c\u201d\n\n\u2018 " \' said said :'), list)
    assert find_quote_spans("", 100) == []


def test_quote_table_merges_outlets_and_canonicalises_speakers():
    a1 = Article(id="a1", path="a1.txt", title="t", body="b")
    a2 = Article(id="a2", path="a2.txt", title="t", body="b")
    quotes = [
        Quote("a1", "We will not give up our land,", 10, 40, "Zelensky", "said", "direct"),
        Quote("a2", "We will not give up our land.", 5, 35, "Volodymyr Zelenskyy", "said",
              "direct", role="Ukrainian President"),
        Quote("a2", "the talks were useful", 50, 71, "Sergei Lavrov", "said", "indirect"),
        Quote("a1", "a meeting is possible", 60, 81, "Zelenskyy", "said", "indirect"),
    ]
    rows = quote_table(quotes, [a1, a2])
    assert [r.speaker for r in rows] == ["Volodymyr Zelenskyy", "Volodymyr Zelenskyy",
                                         "Sergei Lavrov"]
    merged = rows[0]
    assert merged.article_ids == ["a1", "a2"] and len(merged.spans) == 2
    assert merged.role == "Ukrainian President"
    assert rows[1].role == "Ukrainian President"


def test_quote_table_keeps_different_statements_apart():
    a1 = Article(id="a1", path="a1.txt", title="t", body="b")
    quotes = [Quote("a1", "prices will fall next year", 0, 26, "Ada Brown", "said", "indirect"),
              Quote("a1", "wages will rise next spring", 30, 57, "Ada Brown", "said",
                    "indirect")]
    assert len(quote_table(quotes, [a1])) == 2
