"""Summarise stage on small invented stories (and the seed pages, when the gold is there)."""
import json
import logging
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from briefing.config import ConfigError, Settings, SummarySettings
from briefing.parse import load_model
from briefing.records import Article, Cluster, ParsedArticle
from briefing.summarise import story
from briefing.summarise import (SUMMARIZERS, FastKLSummarizer, FastLexRankSummarizer,
                                FastLsaSummarizer, FastSumBasicSummarizer,
                                FastTextRankSummarizer, SpacyTokenizer, budgeted_cover, mmr,
                                needs_context,
                                rank_sentences,
                                summarise_cluster)

from .conftest import SEEDS

WIRE = ("The regional water board approved a plan on Thursday to build a desalination plant "
        "near the port of Calverley.")
TITLE = "Water board backs Calverley desalination plant"


def article(article_id: str, body: str, title: str = TITLE, published: datetime | None = None) -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", title=title, body=body,
                   published=published)


STORY = [
    article("a", f"{WIRE}\n\nThe plant will supply forty thousand homes from 2034, board chair "
                 "Ines Marlow told reporters after the vote.\n\nShe said the cost would be "
                 "shared between the board and the national infrastructure fund.\n\n"
                 "\u201cWe have run out of river water to promise anyone.\u201d\n\n"
                 "Short line here."),
    article("b", f"{WIRE} Farmers in the valley had pressed for the project for a decade.\n\n"
                 "Environmental groups warned that brine from the plant could harm the "
                 "estuary's oyster beds.\n\nThe board said it would publish a study of the "
                 "discharge before construction begins next spring."),
    article("c", f"Updated.\n\n{WIRE}\n\nOpponents plan to challenge the decision at the "
                 "planning tribunal, according to a statement from the Calverley Estuary "
                 "Trust.\n\nThe trust said the board had ignored its own consultants."),
]

#: sentences of a small invented story, for ranking on its own
SENTENCES = [
    "The council voted on Monday to close the old harbour bridge to lorries.",
    "Engineers found cracks in two of the bridge's steel supports last month.",
    "Lorry drivers will have to use the ring road, adding twenty minutes to the trip.",
    "The council said repairs to the bridge would take at least two years.",
    "Local shops fear the closure of the bridge will keep customers away.",
    "A ferry service across the harbour will run every half hour during the repairs.",
]


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def cluster_of(nlp, articles, headline: str | None = None) -> Cluster:
    docs = nlp.pipe(a.text for a in articles)
    return Cluster(id="story-1", articles=[ParsedArticle(a, d) for a, d in zip(articles, docs)],
                   headline=headline if headline is not None else (articles[0].title if articles else ""))


def assert_verbatim(cluster, summary):
    texts = {p.article.id: p.article for p in cluster.articles}
    for sentence in summary:
        assert sentence.spans
        assert len({s.article_id for s in sentence.spans}) == len(sentence.spans)
        for span in sentence.spans:
            source = texts[span.article_id]
            assert source.text[span.start:span.end] == sentence.text
            assert span.start >= source.body_start


def read_sentences(nlp, body: str, settings: SummarySettings | None = None):
    """The sentences of an article with ``body`` that may enter a summary, as the parse
    marks them once (:func:`briefing.summarise.candidates.article_sentences`)."""
    from briefing.summarise.candidates import article_sentences
    return article_sentences(cluster_of(nlp, [article("x", body)]).articles[0],
                             settings or SummarySettings())


def all_candidates(**changes) -> SummarySettings:
    """Settings under which the summary holds every candidate sentence (no word budget:
    fifty sentences)."""
    return replace(SummarySettings(), words=0, min_sentences=50, max_sentences=50, **changes)


# -- ranking engines ------------------------------------------------------------------


@pytest.mark.parametrize("algorithm", sorted(SUMMARIZERS))
def test_every_algorithm_gives_verbatim_cited_sentences(nlp, algorithm):
    cluster = cluster_of(nlp, STORY)
    summary = summarise_cluster(cluster, SummarySettings(algorithm=algorithm))
    assert 2 <= len(summary) <= SummarySettings().max_sentences
    assert_verbatim(cluster, summary)
    assert len({s.text for s in summary}) == len(summary)
    assert summary[0].text == WIRE  # opens with the lead every outlet carries


@pytest.mark.parametrize("algorithm", sorted(SUMMARIZERS))
def test_every_algorithm_really_ranks_through_the_spacy_tokenizer(algorithm):
    ranks = rank_sentences(SENTENCES, algorithm)
    assert ranks.shape == (len(SENTENCES),)
    assert np.isfinite(ranks).all()
    assert ranks.min() == 0.0 and ranks.max() == 1.0  # the sentences were told apart


def _sumy_ratings(summarizer_class, sentences) -> np.ndarray:
    tokenizer = SpacyTokenizer()
    document = ObjectDocumentModel([Paragraph([Sentence(s, tokenizer) for s in sentences])])
    summarizer = summarizer_class(lambda word: word)
    summarizer.stop_words = ["the", "of", "to", "a", "in", "will", "be"]
    infos = []
    summarizer(document, lambda found: infos.extend(found) or found)
    ratings = np.zeros(len(infos))
    for info in infos:
        ratings[info.order] = info.rating
    return ratings


class _SameEpsilonLexRank(LexRankSummarizer):
    epsilon = FastLexRankSummarizer.epsilon


class _NormalisedKL(KLSummarizer):
    """sumy's KL-Sum with every word list normalised like the sentences' (as ours is)."""

    def _get_all_words_in_doc(self, sentences):
        return [w for s in sentences for w in self._get_content_words_in_sentence(s)]

    def _get_all_content_words_in_doc(self, sentences):
        return self._get_all_words_in_doc(sentences)


@pytest.mark.parametrize("original, fast", [
    (_SameEpsilonLexRank, FastLexRankSummarizer),
    (TextRankSummarizer, FastTextRankSummarizer),
    (LsaSummarizer, FastLsaSummarizer),
    (SumBasicSummarizer, FastSumBasicSummarizer),
    (_NormalisedKL, FastKLSummarizer),
])
def test_vectorised_engines_rate_like_sumy(original, fast):
    sentences = SENTENCES + [WIRE, "The board met again on Thursday to discuss the plant."]
    expected = _sumy_ratings(original, sentences)
    got = _sumy_ratings(fast, sentences)
    if original is _SameEpsilonLexRank:  # the fast power method stops on a scaled vector
        expected, got = expected / np.linalg.norm(expected), got / np.linalg.norm(got)
    assert np.allclose(got, expected, atol=1e-6)


@pytest.mark.parametrize("algorithm", sorted(SUMMARIZERS))
@pytest.mark.parametrize("texts", [
    [],
    ["The board met."],
    ["The board met on Thursday.", "The board met on Friday."],
    ["The board met.", "The board met again.", "The board met."],  # repeats: sumy merges them
    ["It is.", "It was.", "Is it?"],  # stop words only
    ["Calverley Calverley Calverley.", "Calverley Calverley.", "Calverley!", "Calverley?"],
])
def test_ranking_is_nan_free_on_tiny_inputs(algorithm, texts):
    ranks = rank_sentences(texts, algorithm)
    assert ranks.shape == (len(texts),)
    assert np.isfinite(ranks).all()
    assert ((ranks >= 0) & (ranks <= 1)).all()


def test_unknown_algorithm_is_a_config_error(nlp):
    with pytest.raises(ConfigError, match="summary.algorithm"):
        summarise_cluster(cluster_of(nlp, STORY[:1]), SummarySettings(algorithm="gpt"))
    with pytest.raises(ConfigError, match="summary.algorithm"):
        rank_sentences(SENTENCES, "gpt")


def test_tokenizer_splits_plain_text_with_spacy():
    tokenizer = SpacyTokenizer()
    assert tokenizer.language == "english"
    sentences = tokenizer.to_sentences("The board met on Thursday. It approved the plant.")
    assert len(sentences) == 2
    assert tokenizer.to_words(sentences[1]) == ("It", "approved", "the", "plant")


# -- candidates -----------------------------------------------------------------------


def test_wire_sentence_in_three_articles_appears_once_citing_all(nlp):
    cluster = cluster_of(nlp, STORY)
    summary = summarise_cluster(cluster, SummarySettings())
    carrying = [s for s in summary if s.text == WIRE]
    assert len(carrying) == 1
    assert carrying[0].article_ids == ["a", "b", "c"]


def test_a_sentence_written_with_and_without_accents_is_one_sentence(nlp):
    """Outlets spell one name as "Grünberg" and as "Grunberg": the two copies of a lead
    are one sentence, not two in a row."""
    accented = article("a", "Kira Grünberg and Zoë Müller were hurt in Innsbruck.\n\n"
                            "The federation said both athletes were being treated in hospital.")
    plain = article("b", "Kira Grunberg and Zoe Muller were hurt in Innsbruck.\n\n"
                         "Their coach said training would resume next month in Vienna.")
    summary = summarise_cluster(cluster_of(nlp, [accented, plain]), all_candidates())
    assert sum("hurt in Innsbruck" in s.text for s in summary) == 1, [s.text for s in summary]


def test_three_lightly_edited_outlets_give_one_sentence_citing_three(nlp):
    """Three outlets run the same wire story with light edits around the shared sentence
    (other titles, an added or dropped line, the sentence run into a paragraph); a fourth
    edits the sentence itself, so it is merged but cannot be cited for it."""
    edited = WIRE.replace("on Thursday", "late on Thursday")
    outlets = [
        article("herald", f"{WIRE}\n\nThe plant will supply forty thousand homes from 2034, "
                          "the board's chair said."),
        article("post", f"{WIRE} The plant will supply 40,000 homes from 2034, the chair "
                        "said.\n\nIt is expected to cost 300 million pounds.",
                title="Calverley to get desalination plant"),
        article("times", f"Farmers in the valley had pressed for the project for a decade, "
                         f"and on Thursday they got it.\n\n{WIRE}",
                title="Desalination plant approved"),
        article("gazette", f"{edited}\n\nThe plant will supply forty thousand homes from 2034.",
                title="Board approves plant"),
    ]
    cluster = cluster_of(nlp, outlets)
    summary = summarise_cluster(cluster, all_candidates())
    assert_verbatim(cluster, summary)
    about_the_plan = [s for s in summary if "desalination plant near the port" in s.text]
    assert len(about_the_plan) == 1
    assert about_the_plan[0].text == WIRE
    assert about_the_plan[0].article_ids == ["herald", "post", "times"]
    starts = {s.article_id: s.start for s in about_the_plan[0].spans}
    assert starts["times"] > cluster.articles[2].article.body_start  # its own offset
    assert starts["herald"] == cluster.articles[0].article.body_start


def test_light_edit_is_merged_but_cited_only_where_verbatim(nlp):
    edited = WIRE.replace("on Thursday", "late on Thursday")
    articles = [STORY[0], article("d", f"{edited}\n\nA public hearing on the plant is set for "
                                       "June, the board's secretary said in a letter.")]
    cluster = cluster_of(nlp, articles)
    summary = summarise_cluster(cluster, SummarySettings())
    assert_verbatim(cluster, summary)
    leads = [s for s in summary if "desalination plant near the port" in s.text]
    assert len(leads) == 1


def test_no_title_fragment_or_bare_quote(nlp):
    cluster = cluster_of(nlp, STORY)
    summary = summarise_cluster(cluster, all_candidates())
    texts = [s.text for s in summary]
    assert TITLE not in texts
    assert "Short line here." not in texts and "Updated." not in texts
    assert not any(t.startswith("\u201cWe have run out") for t in texts)


def test_only_body_prose_no_headline_caption_byline_or_appeal(nlp):
    body = ("By Jane Doe and Tom Roe, Calverley Herald.\n\n"
            f"{TITLE}.\n\n"
            f"{WIRE}\n\n"
            "Board chair Ines Marlow with engineers at the Calverley pumping station on Thursday.\n\n"
            "Engineers inspect the pumping station in Calverley. (Photo: Calverley Herald)\n\n"
            "Sign up for our morning newsletter to get the latest local news.\n\n"
            "If you value our local reporting, please consider a donation today.\n\n"
            "Editor's note: This story was updated with comment from the water board.\n\n"
            "THE BOARD WILL MEET AGAIN IN MARCH TO SET WATER PRICES FOR THE PORT.\n\n"
            "The board chair is telling friends in the valley ...\n\n"
            "Opponents of the plant say the board will have to \u2026\n\n"
            "The plant will supply forty thousand homes from 2034, the board said.")
    cluster = cluster_of(nlp, [article("x", body)])
    summary = summarise_cluster(cluster, all_candidates())
    assert [s.text for s in summary] == [
        WIRE, "The plant will supply forty thousand homes from 2034, the board said."]


def test_no_contributor_line_page_note_photo_caption_run_in_headline_or_label(nlp):
    body = (f"{WIRE}\n\n"
            "Mayor Who Backs The Plant Welcomes Vote For Desalination A mayor who backs "
            "the plant welcomed the vote on Thursday.\n\n"
            "Updated | The board will publish the full plan in the spring.\n\n"
            "Board chair Ines Marlow is pictured at the pumping station in Calverley on Thursday.\n\n"
            "The intake pipe is shown in this undated handout image released by the board.\n\n"
            "Tom Roe and Ann Lee of the Calverley Herald contributed to this report.\n\n"
            "This story has been updated to correct the name of the board chair.\n\n"
            "Transcripts are created on a rush deadline by a contractor of the station.\n\n"
            "Board chair Ines Marlow, center left, and engineer Tom Roe cut the ribbon at "
            "the pumping station.\n\n"
            "Ines Marlow (right) and Tom Roe open the valve at the pumping station.\n\n"
            "Voters on the left, right, and centre backed the plant, the poll found.\n\n"
            "An earlier version of this article gave the wrong date for the vote.\n\n"
            "The author has no business relationship with any company named here.\n\n"
            "The plant will supply forty thousand homes from 2034, the board said.\n\n"
            "Fans of the song \"Water Is The Only Thing We Need\" sang it outside the hall.")
    summary = summarise_cluster(cluster_of(nlp, [article("x", body)]), all_candidates())
    texts = [s.text for s in summary]
    assert not any("Welcomes Vote" in t or "|" in t for t in texts)  # however they split
    assert [t for t in texts if not t.startswith(("A mayor", "The board will"))] == [
        WIRE, "Voters on the left, right, and centre backed the plant, the poll found.",
        "The plant will supply forty thousand homes from 2034, the board said.",
        "Fans of the song \"Water Is The Only Thing We Need\" sang it outside the hall."]
    from briefing.summarise.candidates import _is_reporting, _opens_with_a_headline
    assert not _is_reporting(nlp("Updated | When the first settlers left the valley, they "
                                 "moved to the port."))
    assert _opens_with_a_headline(nlp("Mayor Who Backs The Plant Welcomes Vote For Desalination"))
    assert not _opens_with_a_headline(nlp("The Church of Jesus Christ of Latter-day Saints said so."))


def test_no_sentence_that_describes_a_picture_the_briefing_does_not_show(nlp):
    """A caption names a picture as its subject ("A photo from the board shows ..."), the
    page's own layout ("shown here") or a picture on the page ("this photo"); a report of
    what a photo showed stays, and so do a speaker's own "these pictures"."""
    body = (f"{WIRE}\n\n"
            "A photo from the water board shows the flooded intake pipe on Thursday.\n\n"
            "The video shown here explains how the plant will work.\n\n"
            "The engineer Tomas Reyes shared this photo of the cracked pipe with reporters.\n\n"
            "\u201cThese pictures prove the pipe was neglected for years,\u201d Reyes said.\n\n"
            "Another photo showed the pipe had cracked in two places, the inspector said.\n\n"
            "The figures show demand rising by a fifth in ten years, the board said.")
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [article("x", body)]),
                                               all_candidates())]
    assert texts == [WIRE,
                     "\u201cThese pictures prove the pipe was neglected for years,\u201d Reyes said.",
                     "Another photo showed the pipe had cracked in two places, the inspector said.",
                     "The figures show demand rising by a fifth in ten years, the board said."]


def test_no_photo_caption_telling_in_the_present_what_a_picture_shows(nlp):
    """A caption says in the present what the people in its picture do, often with a
    "during ...", an "as ..." clause, a place and a date; a report narrates in the past,
    and a present that reports ("Officials say"), plans or goes on ("is seeking") stays."""
    captions = ["Board chair Ines Marlow speaks during a news conference at the town hall "
                "in Calverley on March 4.",
                "A fisherman looks on as engineers inspect the intake pipe at the port.",
                "A girl celebrates as she watches the first water flow from the new tap.",
                "Protesters march through central Dublin on Saturday."]
    reports = ["Officials say the plant will open in 2034.",
               "The board plans to borrow the money from the national infrastructure fund.",
               "The mayor visits the plant in Calverley next week.",
               "Ines Marlow spoke during a news conference at the town hall on March 4.",
               "The board is seeking bids from builders in Spain and Italy.",
               "The mayor often speaks at meetings of the board in Dublin on Saturday mornings."]
    body = "\n\n".join([WIRE, *captions, *reports])
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [article("x", body)]),
                                               all_candidates())]
    assert texts == [WIRE, *reports]
    from briefing.captions import is_a_caption
    assert is_a_caption(nlp("German Chancellor Anna Berg looks on as the French president "
                            "addresses the media in Berlin, Germany, June 19, 2018.")[:])
    assert not is_a_caption(nlp("Apple is recalling a million phones in Germany.")[:])


def test_share_buttons_run_into_a_sentence_are_no_part_of_it(nlp):
    """A page's share buttons ("Share on Facebook ... Email") before the first sentence of
    a paragraph are left out of it; a sentence naming a network or an email stays whole."""
    body = (f"{WIRE}\n\n"
            "Share this article Share on Facebook Share on Twitter Email Environmental groups "
            "warned that brine could harm the oyster beds.\n\n"
            "SHARE COPY LINK Farmers in the valley had pressed for the project for a decade.\n\n"
            "share tweet pin email\n\n"
            "Email and phone lines to the board were busy all day, a spokesman said.\n\n"
            "Facebook share prices fell after the vote, the exchange said.")
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [article("x", body)]),
                                               all_candidates())]
    assert texts == [WIRE, "Environmental groups warned that brine could harm the oyster beds.",
                     "Farmers in the valley had pressed for the project for a decade.",
                     "Email and phone lines to the board were busy all day, a spokesman said.",
                     "Facebook share prices fell after the vote, the exchange said."]


def test_a_subordinate_clause_without_its_main_clause_is_no_summary_line(nlp):
    """"Because ..." or "While ..." standing alone says no main thing; a sentence opening
    with such a clause and going on to its main clause stays."""
    whole = ["If approved, the plant will open in 2034.",
             "Although the vote was close, the board chair called it a clear mandate.",
             "Because of the drought, the board moved the vote forward by a month.",
             "Since the board met, the price of water has doubled."]
    body = "\n\n".join([WIRE, "Because the valley may run out of river water by the end "
                          "of the decade.", "While the board met behind closed doors on "
                          "Thursday.", *whole])
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [article("x", body)]),
                                               all_candidates())]
    assert texts == [WIRE, *whole]


def test_a_sentence_cut_off_on_and_or_the_is_no_summary_line(nlp):
    """A page's markup left in the text ("and ![img](...) for more") makes the parser
    end a sentence on "and !"; a sentence ending on a preposition is whole."""
    whole = ["The board said the report was exactly what residents had asked for.",
             "The plan will be put to a vote of the whole county next spring."]
    body = "\n\n".join([WIRE, "Details of the new charges are at this link and ! For the "
                          "full timetable see the council site.", *whole])
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [article("x", body)]),
                                               all_candidates())]
    assert not any(t.rstrip("!. ").endswith(" and") for t in texts)
    assert texts[0] == WIRE and all(t in texts for t in whole)


def test_no_label_in_capitals_run_into_the_text(nlp):
    """A weather widget's "STORMY MORNING" before its forecast is not the story's opener;
    datelines and acronyms before a name are prose."""
    body = ("STORMY MORNING Heavy rain and strong winds are expected across the county "
            f"until Thursday evening.\n\n{WIRE}\n\n"
            "UN WFP Director Anna Berg said the agency would send food to the valley.\n\n"
            "NEW YORK (AP) — The board will publish the full plan in the spring.")
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [article("x", body)]),
                                               all_candidates())]
    assert not any("STORMY" in t for t in texts)
    assert texts[0] == WIRE
    assert "UN WFP Director Anna Berg said the agency would send food to the valley." in texts
    assert any(t.endswith("The board will publish the full plan in the spring.") for t in texts)


def test_a_sentence_the_parser_split_before_a_lower_case_word_is_one_candidate(nlp):
    """The small model ends a sentence after "Café" when an outlet's line stands before
    it; the lead is still a candidate, whole."""
    from spacy.tokens import Doc

    from briefing.summarise.candidates import _pieces
    words = ["Harbour", "Weekly", "\n\n", "Café", "and", "bar", "owners", "met", ".",
             "Storm", "closes", "bridge", "The", "bridge", "shut", "."]
    spaces = [True, False, False, True, True, True, True, False, True,
              True, True, True, True, True, False, False]
    starts = [True, False, False, True, True, False, False, False, False,
              True, False, False, True, False, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)
    assert [p.text for p in _pieces(doc, 0)] == [
        "Harbour Weekly", "Café and bar owners met.", "Storm closes bridge", "The bridge shut."]
    lead = ("Café and restaurant owners in Calverley gathered outside the town hall on "
            "Monday to protest against a new annual fee for outdoor seating.")
    body = (f"Calverley Examiner Weekly\n\n{lead}\n\n"
            "The fee was approved by councillors last month by 17 votes to 12.")
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [article("x", body)]),
                                               all_candidates())]
    assert texts[0] == lead


def test_a_quotation_in_mixed_curly_and_straight_marks_is_read_by_its_pairs(nlp):
    """A page that opens a quotation with a curly mark and closes it with a straight one
    ("“We are not sure," Lee said.") gives a quotation with its speaker, a candidate; a
    bare one so set, or one never closed, stays out."""
    said = ("\u201cWe are not sure yet what the brine will do to the oyster beds,\" the "
            "trust's director, Ann Lee, said on Friday.")
    bare = "\"We will not let the river run dry for a plant nobody asked for.\u201d"
    open_ = "\u201cThe plant will never be built here,\" Lee said, \"not while I run the trust."
    body = f"{WIRE}\n\n{said}\n\n{bare}\n\n{open_}"
    found = {s.text for s in read_sentences(nlp, body)}
    assert said in found
    assert bare not in found and not any(t.startswith("\u201cThe plant will never") for t in found)


def test_a_sentence_ended_before_an_ellipsis_is_a_candidate_without_it(nlp):
    """An outlet that sets an ellipsis after a sentence's end, as a separator ("... at
    3:00 p.m. ..."), gives the sentence whole, without the ellipsis; one cut off by an
    ellipsis, with no end mark before it, stays cut off, and out."""
    from briefing.summarise.candidates import _before_an_ellipsis, _usable
    for ended in ("The harbour board holds a hearing on the plant at 3:00 p.m.",
                  "In Calverley, such talk is so routine that it hardly warrants mention."):
        doc = nlp(f"{ended} ...")
        assert len(list(doc.sents)) == 1
        assert _before_an_ellipsis(doc[:]).text == ended
        assert _usable(_before_an_ellipsis(doc[:]).text, 10, SummarySettings())
    cut = nlp("The researchers are also investigating whether the brine could harm ...")
    assert _before_an_ellipsis(cut[:]).text == cut.text
    assert not _usable(cut.text, 10, SummarySettings())


def test_your_in_a_title_a_sentence_names_is_no_appeal_to_the_reader(nlp):
    """"Your" in title case between words in title case, inside a sentence, is a word
    of a name ("the premiere of How to Train Your Dragon 2"): the sentence (and its
    paragraph) stay candidates. Opening a sentence it still speaks to the reader."""
    named = ("At the premiere of How to Train Your Dragon 2 in Calverley, the actress did "
             "not notice the man at first.")
    after = "The man was grabbed by security guards and arrested on the spot."
    appeal = "Your Weekend Guide has everything that is on in Calverley this week."
    body = f"{WIRE}\n\n{named} {after}\n\n{appeal}"
    found = {s.text for s in read_sentences(nlp, body)}
    assert named in found and after in found
    assert appeal not in found


def test_a_number_is_one_of_a_sentences_words(nlp):
    """A sentence of min_words words, one of them a number ("... called 911 immediately."),
    is long enough; a shorter one is not."""
    six = "The harbour master called 911 immediately."
    body = f"{WIRE}\n\n{six}\n\nShe was 42.\n\nThe plant opens in 2034."
    found = {s.text for s in read_sentences(nlp, body, SummarySettings(min_words=6))}
    assert six in found
    assert "She was 42." not in found and "The plant opens in 2034." not in found


def test_a_quotation_in_single_marks_the_parser_cut_is_rejoined(nlp):
    """A quotation in single marks the parser cut at its full stop is one piece again:
    with its speaker it is a candidate, whole; without one it is a bare quote, and its
    later sentence ("... the river is dry.’") is no candidate on its own."""
    said = ("\u2018We ran out of water by seven in the morning. Nobody came to help us,\u2019 "
            "the harbour master said on Friday.")
    bare = ("\u2018We cannot promise water to anyone in the valley this year. The river "
            "is already dry in places and the reservoir is low.\u2019")
    body = f"{WIRE}\n\n{said}\n\n{bare}"
    found = {s.text for s in read_sentences(nlp, body)}
    assert said in found
    assert not any("river is already dry" in t or "Nobody came" in t and t != said
                   for t in found)


def test_you_inside_a_quotation_in_single_marks_is_the_speakers_not_an_appeal(nlp):
    """"You" in a quotation set in single marks is the speaker's word, as in double
    marks: the sentence stays a candidate. "You" outside it, in the page's own words,
    is still an appeal to the reader (apostrophes open no quotation)."""
    quoted = ("One angler, Ann Lee, wrote on her blog that the board told her: \u2018Don\u2019t "
              "worry if you lose your mooring, we will find you another.\u2019")
    straight = "'You will have water by 2034' was the promise the board made to the town."
    appeal = ("The farmers' union says the board's 'plan' will cost you more than it "
              "saves in the long run.")
    body = f"{WIRE}\n\n{quoted}\n\n{straight}\n\n{appeal}"
    found = {s.text for s in read_sentences(nlp, body)}
    assert quoted in found and straight in found
    assert appeal not in found


def test_a_quotation_in_single_marks_opens_a_sentence_with_its_speaker_not_without(nlp):
    """British outlets set a quotation in single marks: one with its speaker after it is
    a candidate (its apostrophes no end of it), leaning on the sentence before when the
    speaker is only "he"; one with no speaker is a bare quote and stays out."""
    said = ("\u2018As the port\u2019s oldest employer, safety is our first concern,\u2019 the "
            "Calverley Harbour Trust said in a statement on Friday.")
    by_him = "\u2018We cannot wait another decade for the water,\u2019 he said after the vote."
    bare = "\u2018There is nothing left in the river to give anyone this summer.\u2019"
    body = f"{WIRE}\n\n{said}\n\n{by_him}\n\n{bare}"
    found = {s.text: s for s in read_sentences(nlp, body)}
    assert said in found and found[said].needs_context and not found[said].refers_back
    assert by_him in found and found[by_him].refers_back
    assert bare not in found


def test_a_sentence_in_brackets_is_a_candidate_without_them_and_opens_no_summary(nlp):
    """A whole sentence set in round brackets ("(The plant will be the region's
    first.)") is a candidate, its brackets left out; it is an aside on the sentence
    before, so it leans on it. A credit or a note in brackets has no end mark inside and
    stays out."""
    aside = "The plant will be the first of its kind on the northern coast."
    body = (f"{WIRE} ({aside})\n\nThe plan was drawn up by engineers at the port. "
            "(Ann Lee/Calverley Herald)\n\n(Reporting by Ann Lee; Editing by Tom Roe)")
    found = {s.text: s for s in read_sentences(nlp, body)}
    assert aside in found and found[aside].needs_context
    assert not any("Ann Lee" in t or "(" in t for t in found)
    cluster = cluster_of(nlp, [article("x", body)])
    summary = summarise_cluster(cluster, all_candidates())
    texts = [s.text for s in summary]
    assert aside in texts and texts[0] == WIRE
    assert_verbatim(cluster, summary)


def test_a_sentence_ending_in_a_quotation_closed_after_a_space_is_ended(nlp):
    """Some outlets set a space between a quotation's end mark and its closing mark
    ('... to \u201cStay positive. \u201d'): the sentence is ended, and a candidate; a bare
    quotation so set is still no candidate."""
    ended = ("Abbott, stung by the outcry that followed his message, told his supporters "
             "on Tuesday to \u201cStay positive. \u201d")
    bare = "\u201cWe sat back and said, \u2018Well, what was happening in June?\u2019 \u201d"
    body = (f"{WIRE}\n\n{ended}\n\n{bare}\n\n"
            "The board will meet again in March to choose a builder for the plant.")
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [article("x", body)]),
                                               all_candidates())]
    assert ended in texts
    assert not any(t.startswith("\u201cWe sat back") for t in texts)


def test_a_sentence_the_parser_split_after_an_end_mark_before_a_lower_case_word_is_one(nlp):
    """The parser ends a sentence at a quoted question's mark before its speaker
    ("“Is it safe?”" | "a fan asked.") or at an abbreviation's full stop ("Harbour Inc." |
    "more time ..."): no sentence opens in lower case, so the two are one candidate; a
    capital after a full stop still opens the next."""
    from spacy.tokens import Doc

    from briefing.summarise.candidates import _pieces
    words = ["\u201c", "Is", "it", "safe", "?", "\u201d", "a", "fan", "asked", ".",
             "The", "deal", "gives", "Harbour", "Inc.", "more", "time", ".",
             "Ray", "left", "."]
    spaces = [False, True, True, False, False, True, True, True, False, True,
              True, True, True, True, True, True, False, True, True, False, False]
    starts = [True, False, False, False, False, False, True, False, False, False,
              True, False, False, False, False, True, False, False, True, False, False]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)
    assert [p.text for p in _pieces(doc, 0)] == [
        "\u201cIs it safe?\u201d a fan asked.", "The deal gives Harbour Inc. more time.",
        "Ray left."]


@pytest.mark.parametrize("dateline", ["CALVERLEY (Harbour Wire) - ", "CALVERLEY, Ont., Feb. 25 (HW) -- ",
                                      "CALVERLEY\u2014", "(Harbour Wire) -- ",
                                      "CALVERLEY, 1 December 2026 - ",
                                      "CALVERLEY, 2 December 2026 /PRNewswire/ -- ",  # a release
                                      "15:05 - ", "9.30am GMT \u2014 "])  # a live blog's times
def test_a_lead_is_quoted_without_its_dateline(nlp, dateline):
    cluster = cluster_of(nlp, [article("a", f"{dateline}{WIRE}\n\nThe plant will supply forty "
                                            "thousand homes from 2034, the board said.")])
    summary = summarise_cluster(cluster, SummarySettings(words=100))
    assert summary[0].text == WIRE
    assert_verbatim(cluster, summary)


@pytest.mark.parametrize("dateline", ["Calverley (AFP) - ", "Port of Calverley (Reuters) - ",
                                      "Calverley Bay (KHTV) - "])
def test_a_lead_is_quoted_without_a_title_case_dateline(nlp, dateline):
    """The place in title case, its agency in brackets: a dateline all the same, which
    the parser leaves in the sentence when a name follows it."""
    lead = ("Board chair Ines Marlow said on Thursday that the regional water board would "
            "build a desalination plant near the port of Calverley.")
    cluster = cluster_of(nlp, [article("a", f"{dateline}{lead}\n\nThe plant will supply forty "
                                            "thousand homes from 2034, the board said.")])
    summary = summarise_cluster(cluster, SummarySettings(words=100))
    assert summary[0].text == lead
    assert_verbatim(cluster, summary)


def test_a_press_release_lead_the_parser_splits_at_its_dateline_still_opens(nlp):
    """The parser ends a sentence after "/PRNewswire/"; the lead after the dash is the
    news and opens the summary."""
    lead = ("Kellhaven Airport today announced that Atlantic Air will operate a new daily "
            "service to Lisbon from 1 March 2027, the airport's first direct link to Portugal.")
    body = (f"KELLHAVEN, 2 December 2026 /PRNewswire/ -- {lead}\n\nThe route will be flown "
            "with a 180-seat Airbus A320neo and is expected to carry about 120,000 passengers "
            "in its first year.\n\nTickets go on sale on Friday.")
    cluster = cluster_of(nlp, [article("a", body)])
    summary = summarise_cluster(cluster, SummarySettings(words=100))
    assert summary[0].text == lead
    assert_verbatim(cluster, summary)


def test_words_in_capitals_and_a_dash_opening_a_sentence_are_no_dateline():
    from briefing.datelines import WIRE_DATELINE
    for text in ("US-China talks - what we know", "NATO - the alliance said", "THE identity of"):
        assert WIRE_DATELINE.match(text) is None


def test_a_place_in_title_case_opens_a_dateline_only_with_its_agency_in_brackets():
    """"Vatican City (AFP) - ", "Rio de Janeiro (Reuters) — ": a wire dateline, whatever
    the place's case; a name and a bracket in an ordinary sentence is none."""
    from briefing.datelines import dateline_length
    for dateline in ("Vatican City (AFP) - ", "Rio de Janeiro (Reuters) \u2014 ",
                     "Calverley (KDKA) \u2014 ", "Springfield, Ill. (AP) -- ",
                     "Port-au-Prince (AFP) \u2013 "):
        text = dateline + "Pope Francis said the talks would resume."
        assert dateline_length(text) == len(dateline), dateline
    for text in ("Smith (R-Texas) - The senator said the bill would fail.",
                 "Vatican City (AFP) - said the talks would resume.",  # no sentence after it
                 "Calverley Harbour Trust (CHT) - The trust said it would appeal.",
                 "The Vatican (AFP) said - Pope Francis would travel.",
                 "Calverley (AFP) said the talks would resume."):  # no dash
        assert dateline_length(text) == 0, text


def test_a_sentence_the_parser_split_at_an_abbreviated_title_is_one_candidate(nlp):
    """The small model ends a sentence at "Sens." or "Govs." before the names they
    title; the sentence is one candidate, whole, and a full stop ending a sentence before
    a capital stays an end."""
    from briefing.summarise.candidates import _pieces
    doc = nlp("Republican Sens. Ann Lee and Tom Ray voted against the harbour bill on "
              "Tuesday. The bill was backed by Govs. Jan Dale and Ada Brun, who said it "
              "would pass. Ray spoke to the press. Reporters waited.")
    assert [p.text for p in _pieces(doc, 0)] == [
        "Republican Sens. Ann Lee and Tom Ray voted against the harbour bill on Tuesday.",
        "The bill was backed by Govs. Jan Dale and Ada Brun, who said it would pass.",
        "Ray spoke to the press.", "Reporters waited."]


def test_a_sentence_the_parser_split_inside_a_name_is_one_candidate(tmp_path):
    """A press release's "About" paragraph: the parser ends a sentence inside the
    company's name ("Norvale" | "Biotech is ..."): the summary never shows it cut."""
    from briefing.summarise.candidates import story_candidates
    release = tmp_path / "release.md"
    release.write_text(
        "# Norvale Biotech announces positive Phase III results for NVB-217 in heart failure"
        "\n\nNorvale Biotech\n1 December 2026\n\n"
        "KELLHAVEN, 1 December 2026 - Norvale Biotech today announced that its "
        "investigational therapy NVB-217 met its primary endpoint in the CARDIA-3 Phase III "
        "trial, reducing hospitalisations for heart failure by 28 percent compared with "
        "placebo.\n\nCARDIA-3 enrolled 4,200 patients with chronic heart failure at 310 sites "
        "in eleven countries. Patients were followed for a median of 24 months. The safety "
        "profile of NVB-217 was consistent with earlier studies.\n\n"
        "\"These results give real hope to patients living with heart failure,\" said Dr "
        "Samuel Ortega, Chief Executive Officer of Norvale Biotech. \"We look forward to "
        "sharing the full data with the scientific community.\"\n\n"
        "Norvale Biotech plans to submit a marketing authorisation application to the "
        "European Medicines Agency in the first quarter of 2027.\n\n"
        "About Norvale Biotech\nNorvale Biotech is a research-driven company based in "
        "Kellhaven developing treatments for cardiovascular disease. For more information "
        "visit www.norvale.example.\n\nMedia contact: press@norvale.example, +353 1 555 0100\n",
        encoding="utf-8")
    # as the page reads without cleaning (which now drops the "About" section): the
    # split is the parser's, on this text
    title, body = release.read_text(encoding="utf-8").split("\n\n", 1)
    body = "\n\n".join(line for line in body.splitlines() if line.strip())
    page = Article(id="release", path=str(release), title=title.lstrip("# "), body=body)
    cluster = Cluster(id="c", articles=[ParsedArticle(page, load_model()(page.text))],
                      headline=page.title)
    texts = [c.text for c in story_candidates(cluster, SummarySettings(), SpacyTokenizer())]
    assert not [t for t in texts if t.startswith("Biotech")], texts
    assert ("Norvale Biotech is a research-driven company based in Kellhaven developing "
            "treatments for cardiovascular disease.") in texts


def test_no_story_link_with_its_title_said_twice(nlp):
    """However long its teaser (past CAPTION_WORDS, where a paragraph counts as prose)."""
    link = ("Harbour Fire Displaces 18 People Harbour Fire Displaces 18 People A fire "
            "destroyed several homes in the harbour district this morning. The fire "
            "service said nobody was hurt, and that the cause of the fire was not yet known. "
            "Crews from three stations fought the fire for more than four hours before it was "
            "brought under control, and the road to the harbour stayed closed until noon.")
    body = f"{WIRE}\n\n{link}\n\nThe plant will supply forty thousand homes from 2034."
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [article("x", body)]),
                                               all_candidates())]
    assert texts == [WIRE, "The plant will supply forty thousand homes from 2034."]
    from briefing.summarise.candidates import _repeats_its_opening
    assert not _repeats_its_opening("The board, the board said, will meet again on Monday.")
    assert not _repeats_its_opening("Very, very few times has the board met on a Monday.")


def test_caps_per_article_and_per_cluster(nlp):
    cluster = cluster_of(nlp, STORY)
    firsts = summarise_cluster(cluster, all_candidates(per_article=1))
    assert sorted(s.text for s in firsts) == [WIRE]  # every article's first usable sentence
    capped = summarise_cluster(cluster, all_candidates(per_cluster=4))
    assert 1 <= len(capped) <= 4
    everything = summarise_cluster(cluster, all_candidates())
    assert len(everything) > len(capped)


def test_no_seeds_page_furniture(nlp, seeds_gold):
    from briefing.pipeline import load_articles
    cleaned = load_articles([SEEDS], Settings())
    raw = [article(p.stem, p.read_text(encoding="utf-8"), title="") for p in sorted(SEEDS.glob("*.txt"))]
    for articles in (cleaned, raw):  # furniture left in: summarising must still skip it
        cluster = cluster_of(nlp, articles, headline="")
        summary = summarise_cluster(cluster, all_candidates(per_cluster=1000))
        assert len(summary) > 10
        assert_verbatim(cluster, summary)
        for line in seeds_gold["must_not_appear"]:
            assert not any(line.strip() in s.text or s.text in line for s in summary), line


# -- choice, order and length ---------------------------------------------------------


def test_lead_prior_prefers_the_first_sentence(nlp):
    sentences = SENTENCES[3:] + SENTENCES[:3]
    cluster = cluster_of(nlp, [article("x", "\n\n".join(sentences), title="Bridge closure")])
    summary = summarise_cluster(cluster, SummarySettings(lead_weight=0.9, support_weight=0.0))
    assert summary[0].text == sentences[0]


def test_mmr_skips_a_sentence_that_repeats_a_chosen_one():
    salience = np.array([1.0, 0.8, 0.6])
    similarity = np.array([[1.0, 0.9, 0.1], [0.9, 1.0, 0.1], [0.1, 0.1, 1.0]])
    can_open = np.ones(3, dtype=bool)
    assert mmr(salience, similarity, 2, 0.7, can_open) == [0, 2]
    assert mmr(salience, similarity, 2, 1.0, can_open) == [0, 1]
    assert mmr(salience, similarity, 2, 0.7, np.array([False, True, True]))[0] == 1


def test_budgeted_cover_takes_most_new_weight_per_word_within_the_budget():
    incidence = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=bool)
    weights = np.array([0.4, 0.3, 0.2, 0.1])
    ones = np.ones(4)
    costs = np.array([10, 20, 10, 30])
    anyone = np.ones(4, dtype=bool)
    # unit 1 repeats unit 0 (nothing new once 0 is in); unit 3 does not fit after 0 and 2
    assert budgeted_cover(incidence, weights, ones, costs, 40, 10, anyone) == [0, 2]
    assert budgeted_cover(incidence, weights, ones, costs, 50, 10, anyone) == [0, 2, 3]
    assert budgeted_cover(incidence, weights, ones, costs, 50, 1, anyone) == [0]  # the cap
    assert budgeted_cover(incidence, weights, ones, costs, 5, 10, anyone) == []  # nothing fits
    # the prior scales the gain; the opener must be able to open
    assert budgeted_cover(incidence, weights, np.array([1, 1, 5, 1]), costs, 40, 10, anyone)[0] == 2
    opener = np.array([False, True, False, False])
    assert budgeted_cover(incidence, weights, ones, costs, 40, 10, opener)[0] == 1
    allowed = np.array([False, True, True, True])
    assert 0 not in budgeted_cover(incidence, weights, ones, costs, 60, 10, anyone, allowed)
    # a unit left out may still follow the unit it refers back to, once that is chosen
    unless_after = np.array([True, True, True, False])
    assert 3 not in budgeted_cover(incidence, weights, ones, costs, 60, 10, anyone, unless_after)
    assert budgeted_cover(incidence, weights, ones, costs, 60, 10, anyone, unless_after,
                          {2: {3}}) == [0, 2, 3]
    assert 3 not in budgeted_cover(incidence, weights, ones, costs, 60, 10, anyone,
                                   np.array([True, True, False, False]), {2: {3}})


def test_budgeted_cover_takes_one_of_two_sentences_that_make_the_same_point():
    incidence = np.array([[1, 1, 0], [0, 1, 1], [0, 0, 1]], dtype=bool)
    weights = np.array([0.5, 0.3, 0.2])
    ones, costs, anyone = np.ones(3), np.array([10, 10, 10]), np.ones(3, dtype=bool)
    # unit 1 adds new weight after unit 0, but says what unit 0 says in other words
    same = np.array([[1.0, 0.7, 0.1], [0.7, 1.0, 0.1], [0.1, 0.1, 1.0]])
    assert budgeted_cover(incidence, weights, ones, costs, 30, 10, anyone) == [0, 1]
    assert budgeted_cover(incidence, weights, ones, costs, 30, 10, anyone,
                          similarity=same) == [0, 2]


def test_a_paraphrase_of_a_summary_sentence_stays_out(nlp):
    first = article("a1", "Rivermouth's swing bridge is to close for six weeks from Monday for "
                    "urgent repairs to corroded piers, the council said on Friday. Traffic will "
                    "be sent over the Quarry Lane crossing, adding ten minutes to most trips.")
    second = article("a2", "Engineers will shut the Rivermouth swing bridge for six weeks "
                     "starting Monday because of corroded support piers. Ferry crossings will "
                     "run every twenty minutes while the bridge is closed, the operator said.")
    cluster = cluster_of(nlp, [first, second])
    summary = summarise_cluster(cluster, replace(SummarySettings(), words=200))
    texts = [s.text for s in summary]
    assert sum(("swing bridge" in t) for t in texts) == 1, texts
    assert len(texts) >= 2  # the others still fill the budget
    assert_verbatim(cluster, summary)


def test_a_back_reference_only_right_after_what_it_refers_to(nlp):
    act = ("Board chair Ines Marlow said on Thursday that the plant would be built on the "
           "old gasworks site beside the port.")
    back = "The decision angered residents of the harbour district, who had wanted a park."
    filler = ["Engineers said the site would need two years of cleaning before any work.",
              "The port authority has owned the old gasworks site since 1981, records show.",
              "Residents of the harbour district have campaigned for a park since 2015."]
    first = article("x", "\n\n".join([WIRE, act, back]),
                    published=datetime(2026, 3, 5, 12, tzinfo=timezone.utc))
    second = article("y", "\n\n".join(filler), title="Gasworks site chosen",
                     published=datetime(2026, 3, 5, 9, tzinfo=timezone.utc))
    cluster = cluster_of(nlp, [first, second])
    texts = [s.text for s in summarise_cluster(cluster, SummarySettings(words=200))]
    assert_verbatim(cluster, summarise_cluster(cluster, SummarySettings(words=200)))
    # the earlier article's sentences come before it in time order, but not between them
    assert back in texts and texts[texts.index(back) - 1] == act
    # the sentence it refers to was shown in an earlier briefing: it is left out too
    again = [s.text for s in summarise_cluster(cluster, SummarySettings(words=200), shown=[act])]
    assert act not in again and back not in again and filler[0] in again
    # without a budget (MMR picks a count) it comes after every other sentence
    counted = summarise_cluster(cluster, replace(SummarySettings(), words=0, min_sentences=5,
                                                 max_sentences=5))
    assert back not in [s.text for s in counted]


def test_budgeted_cover_names_someone_in_full_before_a_short_form():
    incidence = np.array([[1, 0, 0], [0, 1, 0], [0, 0, 1]], dtype=bool)
    weights = np.array([0.3, 0.6, 0.1])
    ones, costs, anyone = np.ones(3), np.array([10, 15, 10]), np.ones(3, dtype=bool)
    # unit 1 says "Whitcombe said ..."; unit 2 names Sarah Whitcombe in full, adding little
    names = ([frozenset(), frozenset({"Sarah Whitcombe"}), frozenset()],
             [frozenset(), frozenset(), frozenset({"Sarah Whitcombe"})])
    assert budgeted_cover(incidence, weights, ones, costs, 35, 10, anyone) == [1, 0, 2]
    # the two are taken together, the one naming her first
    assert budgeted_cover(incidence, weights, ones, costs, 35, 10, anyone, names=names) == [0, 2, 1]
    assert budgeted_cover(incidence, np.array([0.1, 0.6, 0.1]), ones, costs, 35, 10, anyone,
                          names=names) == [2, 1, 0]  # the two are worth more than unit 0 now
    # no room for the two: the short form stays out
    assert budgeted_cover(incidence, weights, ones, costs, 24, 10, anyone, names=names) == [0, 2]
    assert 1 not in budgeted_cover(incidence, weights, ones, costs, 35, 2, anyone, names=names)


def test_who_a_sentence_names_in_full_and_by_a_short_form_only():
    from briefing.summarise.candidates import Candidate
    from briefing.summarise.story import people_named

    def said(text, people=(), proper=()):
        return Candidate(0, text, 0, False, [], people=people, proper=proper)

    candidates = [
        said("Scott Routley, 39, was asked questions in a scanner.", ("Scott Routley",),
             ("Scott Routley",)),
        said("Mr Routley was injured in a crash.", ("Routley",), ("Mr Routley",)),
        # the parser took the surname for an organisation: the run of proper nouns counts
        said("Routley's family said he was calm.", (), ("Routley",)),
        said("Prof Owen said Routley chose his answers.", ("Owen", "Routley"), ("Prof Owen", "Routley")),
        said("Adrian Owen led the team.", ("Adrian Owen",), ("Adrian Owen",)),
        # a word of the story in capitals is no given name ("the battleship Musashi")
        said("Battleship Musashi sank in 1944, and the battleship was found.",
             ("Battleship Musashi",), ("Battleship Musashi",)),
        said("The Musashi lies a kilometre down.", (), ("Musashi",)),
    ]
    short, full = people_named(candidates, [[i] for i in range(len(candidates))])
    assert full[0] == {"Scott Routley"} and short[0] == set()
    assert short[1] == short[2] == {"Scott Routley"} and full[1] == full[2] == set()
    # a post says who he is; Routley is still a short form there
    assert full[3] == {"Adrian Owen"} and short[3] == {"Scott Routley"}
    assert short[5] == short[6] == full[5] == set()
    # the headline above the summary names him in full: nobody waits for him
    short, _ = people_named(candidates, [[i] for i in range(len(candidates))],
                            "Scott Routley answers from a vegetative state")
    assert short[1] == short[2] == set() and short[3] == set()


def test_a_person_is_named_in_full_before_a_short_form_or_not_by_it(nlp):
    full = ("Board chair Sarah Whitcombe said the plant would be built on the old gasworks site "
            "beside the port.")
    short = ("Whitcombe said the desalination plant would supply forty thousand homes in the "
             "valley from 2034 onwards, and the board would pay for the pipes to every town.")
    other = ["Engineers said the gasworks site would need two years of cleaning before work.",
             "The port authority has owned the gasworks site since 1981, its records show."]
    first = article("x", "\n\n".join([WIRE, short, other[0]]),
                    published=datetime(2026, 3, 5, 9, tzinfo=timezone.utc))
    second = article("y", "\n\n".join([WIRE, other[1], full]), title="Gasworks site chosen",
                     published=datetime(2026, 3, 5, 12, tzinfo=timezone.utc))
    cluster = cluster_of(nlp, [first, second])
    for words in (60, 80, 200):
        summary = summarise_cluster(cluster, SummarySettings(words=words))
        texts = [s.text for s in summary]
        assert_verbatim(cluster, summary)
        assert short not in texts or (full in texts and texts.index(full) < texts.index(short)), texts
    # in time order the short form (the earlier article) would come first
    assert [t for t in texts if t in (full, short)] == [full, short]
    # named in full in the headline above the summary, the short form needs no introduction
    assert short in [s.text for s in summarise_cluster(
        cluster_of(nlp, [first], headline="Sarah Whitcombe backs the Calverley plant"),
        SummarySettings(words=60))]
    assert short not in [s.text for s in summarise_cluster(
        cluster_of(nlp, [first, second], headline="Calverley backs the plant"),
        SummarySettings(words=60))]


def test_a_quotation_read_on_past_its_first_sentence_leans_on_its_speaker(nlp):
    body = ("\u201cWe cannot give up the valley farms,\u201d the board chair said on Thursday.\n\n"
            "\u201cThe river is now too low in summer for any farm. We do not have the water "
            "to save them.\n\n"
            "The board will vote on a desalination plant for the valley next month.")
    cluster = cluster_of(nlp, [article("x", body)])
    texts = [s.text for s in summarise_cluster(cluster, SummarySettings(words=200))]
    assert "We do not have the water to save them." not in texts
    assert "The board will vote on a desalination plant for the valley next month." in texts


def test_a_quotation_of_several_sentences_with_its_speaker_is_one_candidate(nlp):
    """The parser cuts a quotation at its full stops; rejoined, the whole quotation and
    its named speaker are one sentence of the summary, its marks balanced. One not closed
    on its line (it runs on into the next paragraph) stays out, as a fragment."""
    whole = ("\u201cThe river is now too low in summer for any farm. We do not have the "
             "water to save them,\u201d board chair Ines Marlow said on Thursday.")
    body = (f"{WIRE}\n\n{whole}\n\n"
            "\u201cThe valley cannot wait another decade. The farms will close first.\n\n"
            "The board will vote on a desalination plant for the valley next month.")
    cluster = cluster_of(nlp, [article("x", body)])
    summary = summarise_cluster(cluster, all_candidates())
    texts = [s.text for s in summary]
    assert whole in texts
    assert not any("another decade" in t or "farms will close" in t for t in texts)
    assert not any(t.count("\u201c") != t.count("\u201d") for t in texts)
    assert_verbatim(cluster, summary)


@pytest.mark.parametrize("named, pronoun, other", [
    ("Event organiser Liam Hughes said the lights drew a record crowd to the harbour.",
     "\u201cWe ran out of hot chocolate by seven o'clock,\u201d he said.",
     "Councillor Bridget Foley said the council would fund the lights again next year."),
    # "She said that ..." after someone else's words would give hers to them
    ("Minister Sara Ortiz said the government would open an inquiry into the alerts.",
     "She said that the inquiry would report within three months.",
     "Mayor Luis Pardo said the town would need weeks to clear the mud from its "
     "streets and schools."),
])
def test_words_said_by_a_pronoun_follow_the_sentence_naming_the_speaker(nlp, named, pronoun,
                                                                         other):
    cluster = cluster_of(nlp, [article("x", "\n\n".join([WIRE, named, pronoun, other]))])
    texts = [s.text for s in summarise_cluster(cluster, SummarySettings(words=200))]
    assert pronoun in texts and texts[texts.index(pronoun) - 1] == named
    # the sentence naming them was shown before: "he" would be whoever came last
    again = [s.text for s in summarise_cluster(cluster, SummarySettings(words=200),
                                               shown=[named])]
    assert pronoun not in again and other in again


def test_when_the_lead_was_shown_before_the_summary_still_opens_on_its_own(nlp):
    # the lead was in yesterday's briefing: the opener is the next sentence that says
    # something by itself, not one that leans on the missing lead ("He said ...")
    leaning = ("He said the desalination plant near the port of Calverley would be "
               "built by the regional water board within four years.")
    alone = ("Farmers in the valley had pressed the regional water board for a plant "
             "for a decade.")
    cluster = cluster_of(nlp, [article("x", "\n\n".join([WIRE, leaning, alone]))])
    for settings in (SummarySettings(words=200), SummarySettings(words=0)):
        summary = summarise_cluster(cluster, settings, shown=[WIRE])
        assert summary and summary[0].text == alone, [s.text for s in summary]
        assert needs_context(nlp(leaning)[:])


def test_a_story_told_over_days_opens_with_what_is_new(nlp):
    monday = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    first = article("mon", WIRE + "\n\nThe plant will supply forty thousand homes from 2034, "
                    "the board said.", published=monday)
    later_lead = ("Engineers began drilling test wells for the Calverley desalination plant "
                  "on Wednesday, two days after the water board approved it.")
    later = article("wed", later_lead + "\n\nThe regional water board approved a plan on "
                    "Thursday to build a desalination plant near the port of Calverley.",
                    title="Drilling starts at Calverley plant site",
                    published=monday + timedelta(days=2))
    cluster = cluster_of(nlp, [first, later])
    summary = summarise_cluster(cluster, SummarySettings(words=200))
    assert summary[0].text == later_lead
    assert [s.text for s in summary][1] == WIRE  # then the rest in time order
    assert_verbatim(cluster, summary)
    same_day = cluster_of(nlp, [first, replace(later, published=monday + timedelta(hours=3))])
    assert summarise_cluster(same_day, SummarySettings(words=200))[0].text == WIRE
    from briefing.cluster import story_title
    assert story_title([first, later]) == "Drilling starts at Calverley plant site"
    assert story_title([first, replace(later, published=None)]) == TITLE
    assert story_title([first, replace(later, title="")]) == TITLE


def test_a_sentence_a_recent_briefing_showed_gives_way_in_a_story_not_linked_to_it(nlp):
    from datetime import date

    from briefing.config import Settings
    from briefing.pipeline import build_stories
    from briefing.records import EarlierStory
    background = "The plant will supply forty thousand homes from 2034, the board said."
    body = "\n\n".join([WIRE, background, "Engineers said the site would need two years "
                         "of cleaning before any work could begin on the plant."])
    parsed = cluster_of(nlp, [article("x", body)]).articles
    other = EarlierStory(id="2026-03-01-story-4", since=date(2026, 3, 1), titles=["Bakery wins"],
                         texts=["A bakery in the old town won a prize for its rye bread."],
                         shown=["A bakery in the old town won a prize.", background])
    [story] = build_stories(parsed, Settings(), earlier=[other])
    assert story.cluster.developing_since is None  # not linked to the earlier story
    texts = [s.text for s in story.summary]
    assert background not in texts and WIRE in texts
    [fresh] = build_stories(parsed, Settings())
    assert background in [s.text for s in fresh.summary]


def test_mmr_prefers_an_outlet_not_yet_cited():
    salience = np.array([1.0, 0.8, 0.75])
    similarity = np.full((3, 3), 0.1) + 0.9 * np.eye(3)
    can_open = np.ones(3, dtype=bool)
    sources = [frozenset({0}), frozenset({0}), frozenset({1})]
    assert mmr(salience, similarity, 2, 0.7, can_open) == [0, 1]
    assert mmr(salience, similarity, 2, 0.7, can_open, sources) == [0, 2]


def test_opens_with_what_happened_then_runs_in_time_order(nlp):
    day = lambda d: datetime(2026, 3, d, 9, tzinfo=timezone.utc)  # noqa: E731
    articles = [
        article("late", f"{WIRE}\n\nThe board said the plant would open in 2034, when the "
                        "old reservoir is due to be drained.", published=day(12)),
        article("early", "Calverley's water board published plans for a desalination plant to "
                         "serve the growing port town.\n\nFarmers in the valley had pressed for "
                         "the project for a decade.", published=day(10)),
        article("undated", "Environmental groups warned that brine from the plant could harm "
                           "the estuary's oyster beds."),
    ]
    cluster = cluster_of(nlp, articles)
    summary = summarise_cluster(cluster, all_candidates(lead_weight=0.5, support_weight=0.0,
                                                        algorithm="lexrank"))
    assert summary[0].text == WIRE  # the story's most central lead, not the earliest line
    rest = [s.spans[0].article_id for s in summary[1:]]
    assert rest == sorted(rest, key=["early", "late", "undated"].index)
    early = [s.text for s in summary if s.spans[0].article_id == "early"]
    assert early == sorted(early, key=articles[1].text.index)  # source order within an article


def test_does_not_open_with_a_dangling_pronoun(nlp):
    body = ("He said the water board would vote again next week on the desalination plant.\n\n"
            "Board chair Ines Marlow said the vote on the Calverley desalination plant was "
            "delayed by a week.\n\nThey said the plant would supply water to the port.")
    cluster = cluster_of(nlp, [article("x", body)])
    summary = summarise_cluster(cluster, SummarySettings(lead_weight=0.6))
    assert summary[0].text.startswith("Board chair Ines Marlow")
    # with nothing better, a pronoun-led sentence may still open
    only = cluster_of(nlp, [article("y", body.split("\n\n")[0])])
    assert [s.text for s in summarise_cluster(only, SummarySettings())] == [body.split("\n\n")[0]]


def test_opens_with_a_lead_even_when_a_later_sentence_is_more_central(nlp):
    lead = "Storms closed the Calverley ferry on Sunday after waves damaged its pier."
    central = ("The ferry, the pier and the harbour road stay closed while the pier, the "
               "ferry and the road are inspected.")
    body = "\n\n".join([lead, SENTENCES[0], SENTENCES[2], central,
                         "The ferry pier will be inspected by harbour engineers this week.",
                         "The harbour road to the ferry pier was also closed on Sunday."])
    cluster = cluster_of(nlp, [article("x", body, title="Ferry closed")])
    summary = summarise_cluster(cluster, SummarySettings(lead_weight=0.1, support_weight=0.0))
    assert summary[0].text == lead
    assert central in [s.text for s in summary]  # ranked high, but not the opener


@pytest.mark.parametrize("text, leans", [
    ("He said the vote on the plant was close.", True),
    ("That number is down from 1.2 million a few years ago.", True),
    ("But the board said the plant would still open in 2034.", True),
    ("\u201cWe are delighted,\u201d the chair said after the vote.", True),
    ("This week the board voted to approve the plant.", False),
    ("The board voted on Thursday to approve the plant.", False),
    ("On the same day, the regulator said it would review the plant.", True),
    ("The latter said the plant would need a new permit.", True),
    ("The same regulator fined the firm in 2019, records show.", True),
    ("The board said the plant would be the same size as the old one.", False),
    ("Marlow's statement echoes talks held earlier this year in the capital.", True),
    ("The move comes after weeks of talks between the board and the council.", True),
    ("On Friday, the decision was criticised by the council's planning chief.", True),
    ("The statement from the regulator said nothing about the plant's permit.", False),
    ("The decision to close the plant was taken on Friday by the board.", False),
    ("Until then, buses will replace the trains between the two towns.", True),
    ("Since then, no train has run on the line between the two towns.", True),
    ("At that point the board will vote again on the plant's permit.", True),
    ("Before that, the line was closed for a month for repairs.", True),
    ("Until Monday, buses will replace the trains between the two towns.", False),
    ("Now that the line is closed, buses run between the two towns.", False),
    ("The council said the decision would be reviewed in the spring.", False),
    ("A statement was read out to the council by the board chair on Friday.", False),
    ("In fact, 71% of the valley's farms have lost their wells since 2019.", True),
    ("As a result, the harbour road will stay closed until the spring.", True),
    ("In addition to the plant, the board approved two new reservoirs.", False),
])
def test_sentences_that_lean_on_the_one_before(nlp, text, leans):
    assert needs_context(nlp(text)[:]) is leans


def test_without_a_word_budget_length_adapts_to_story_size(nlp):
    counted = SummarySettings(words=0)
    cluster = cluster_of(nlp, STORY)
    summary = summarise_cluster(cluster, counted)
    single = summarise_cluster(cluster_of(nlp, STORY[:1]), counted)
    assert len(single) == counted.min_sentences < len(summary)
    assert len(summarise_cluster(cluster, replace(counted, min_sentences=1, max_sentences=1))) == 1


def words_of(summary) -> int:
    return sum(len(s.text.split()) for s in summary)


@pytest.mark.parametrize("budget", [20, 40, 60, 100])
def test_word_budget_is_filled_with_whole_sentences_and_never_exceeded(nlp, budget):
    cluster = cluster_of(nlp, STORY)
    summary = summarise_cluster(cluster, SummarySettings(words=budget))
    assert summary and words_of(summary) <= budget
    assert_verbatim(cluster, summary)
    shortest_left = min((len(c.split()) for c in _usable_sentences(cluster)
                         if c not in {s.text for s in summary}), default=budget + 1)
    # it stops only when no sentence left would fit (each of these adds new words)
    assert (words_of(summary) + shortest_left > budget
            or len(summary) == SummarySettings().max_sentences)


def _usable_sentences(cluster):
    return {s.text for s in summarise_cluster(cluster, all_candidates())}


def test_a_bigger_budget_says_more_and_max_sentences_stays_a_cap(nlp):
    cluster = cluster_of(nlp, STORY)
    short = summarise_cluster(cluster, SummarySettings(words=25))
    long = summarise_cluster(cluster, SummarySettings(words=120))
    assert words_of(short) <= 25 < words_of(long) <= 120
    assert len(summarise_cluster(cluster, SummarySettings(words=120, max_sentences=2))) == 2


def test_budget_coverage_prefers_what_several_outlets_report(nlp):
    """Three outlets report the closure and the repairs; one side detail is only in one.
    With room for two sentences the summary covers the shared event, not the aside."""
    closure = "The council closed the harbour bridge to lorries on Monday after engineers found cracks."
    articles = [
        article("a", f"{closure}\n\nRepairs to the harbour bridge will take two years, the council said.",
                title="Bridge shut"),
        article("b", "Engineers found cracks in the harbour bridge, and the council closed it to "
                     "lorries on Monday.\n\nThe council said repairs to the bridge would take two "
                     "years.\n\nA local bakery has started selling bridge-shaped biscuits to mark "
                     "the occasion.", title="Harbour bridge closed"),
        article("c", "Lorries can no longer cross the harbour bridge, closed on Monday when "
                     "engineers found cracks.\n\nRepairs to the cracked bridge will take two years.",
                title="Lorries banned from bridge"),
    ]
    cluster = cluster_of(nlp, articles)
    summary = summarise_cluster(cluster, SummarySettings(words=32))
    assert_verbatim(cluster, summary)
    texts = " ".join(s.text for s in summary)
    assert "biscuits" not in texts
    assert "closed" in texts and "two years" in texts


def test_empty_cluster_and_tiny_articles(nlp):
    assert summarise_cluster(Cluster(id="story-1", articles=[]), SummarySettings()) == []
    one = cluster_of(nlp, [article("x", WIRE)])
    for algorithm in SUMMARIZERS:
        summary = summarise_cluster(one, SummarySettings(algorithm=algorithm))
        assert [s.text for s in summary] == [WIRE]
        assert_verbatim(one, summary)
    two = cluster_of(nlp, [article("x", WIRE), article("y", SENTENCES[0], title="")])
    for algorithm in SUMMARIZERS:
        assert len(summarise_cluster(two, SummarySettings(algorithm=algorithm))) == 2
    junk = cluster_of(nlp, [article("y", "!!!\n\n### ###", title="")])
    assert summarise_cluster(junk, SummarySettings()) == []


# -- what's new -----------------------------------------------------------------------


def test_sentences_shown_before_give_way_to_new_ones(nlp):
    cluster = cluster_of(nlp, STORY)
    first = summarise_cluster(cluster, SummarySettings())
    assert first[0].text == WIRE
    shown = [s.text for s in first]
    again = summarise_cluster(cluster, SummarySettings(), shown=shown)
    assert again and not {s.text for s in again} & set(shown)
    assert_verbatim(cluster, again)


def test_near_duplicates_of_shown_sentences_give_way_too(nlp):
    cluster = cluster_of(nlp, STORY)
    shown = [WIRE.replace("on Thursday", "late on Thursday")]
    summary = summarise_cluster(cluster, SummarySettings(), shown=shown)
    assert WIRE not in [s.text for s in summary]


def test_when_everything_was_shown_the_summary_stays_short(nlp):
    cluster = cluster_of(nlp, STORY)
    shown = [s.text for s in summarise_cluster(cluster, all_candidates())]
    summary = summarise_cluster(cluster, SummarySettings(), shown=shown)
    assert len(summary) == SummarySettings().min_sentences
    assert_verbatim(cluster, summary)
    ignored = summarise_cluster(cluster, SummarySettings(), shown=["", "   ", "Unrelated words."])
    assert ignored == summarise_cluster(cluster, SummarySettings())


def test_settings_accept_every_engine_and_no_other():
    for name in SUMMARIZERS:
        assert SummarySettings(algorithm=name).problems() == {}
    assert "algorithm" in SummarySettings(algorithm="gpt").problems()
    assert "max_sentences" in SummarySettings(min_sentences=4, max_sentences=3).problems()


# -- briefing summarise ---------------------------------------------------------------

BRIDGE = [
    ("Bridge shut", "The council closed the harbour bridge to lorries on Monday after engineers "
                    "found cracks in two of its steel supports.\n\nRepairs to the harbour bridge "
                    "will take at least two years, the council said in a statement.\n\nA ferry "
                    "across the harbour will run every half hour while the bridge is shut."),
    ("Harbour bridge closed", "Lorry drivers will have to use the ring road, adding twenty minutes "
                              "to the trip, after the council closed the harbour bridge on Monday."
                              "\n\nLocal shops fear the closure of the bridge will keep customers "
                              "away for the two years of repairs."),
]


def write_story(folder, pages) -> list:
    folder.mkdir()
    for n, (title, body) in enumerate(pages, 1):
        (folder / f"page{n}.txt").write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return sorted(folder.glob("*.txt"))


#: the invented pages are shorter than a real article: keep them from the stub rule
SHORT_PAGES = "[limits]\nmin_article_words = 10\n"


@pytest.fixture
def two_stories(tmp_path, monkeypatch):
    water = write_story(tmp_path / "water", [(a.title, a.body) for a in STORY])
    bridge = write_story(tmp_path / "bridge", BRIDGE)
    (tmp_path / "briefing.toml").write_text(SHORT_PAGES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # read as ./briefing.toml, as every command reads it
    return tmp_path, water, bridge


def run_summarise(capsys, *argv) -> tuple[int, str, str]:
    from briefing.cli import main
    code = main(["summarise", *map(str, argv)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_summarise_json_gives_one_story_per_path_with_verbatim_spans(capsys, two_stories):
    from briefing.config import load_settings
    from briefing.pipeline import load_articles
    root, water, bridge = two_stories
    code, out, _ = run_summarise(capsys, root / "water", bridge[0], "--json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == [str(root / "water"), str(bridge[0])]
    assert doc[str(bridge[0])]["headline"] == "Bridge shut"
    assert doc[str(root / "water")]["headline"] == TITLE
    settings = load_settings(root / "briefing.toml")
    for path, story in doc.items():
        texts = {a.id: a.text for a in load_articles([path], settings)}
        assert story["summary"]
        for sentence in story["summary"]:
            assert set(sentence) == {"text", "article_ids", "spans"}
            assert sentence["article_ids"] == list(dict.fromkeys(s["article_id"] for s in sentence["spans"]))
            for span in sentence["spans"]:
                assert set(span) == {"article_id", "start", "end"}
                assert texts[span["article_id"]][span["start"]:span["end"]] == sentence["text"]
    bridge_ids = {i for s in doc[str(bridge[0])]["summary"] for i in s["article_ids"]}
    assert bridge_ids == {"page1"}  # the file alone is the story, not its folder
    water_ids = {i for s in doc[str(root / "water")]["summary"] for i in s["article_ids"]}
    assert water_ids <= {"page1", "page2", "page3"} and len(water_ids) >= 2


@pytest.mark.parametrize("words", [15, 30, 60])
def test_summarise_respects_the_word_budget(capsys, two_stories, words):
    root, _, _ = two_stories
    code, out, _ = run_summarise(capsys, root / "water", root / "bridge", "--json", "--words", words)
    assert code == 0
    for story in json.loads(out).values():
        assert story["summary"]
        assert sum(len(s["text"].split()) for s in story["summary"]) <= words


def test_summarise_sentence_cap_and_plain_output(capsys, two_stories):
    root, _, _ = two_stories
    code, out, _ = run_summarise(capsys, root / "water", "--sentences", 1, "--words", 200)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{root / 'water'}: {TITLE}"
    assert len(lines) == 2 and lines[1].startswith("  - ") and lines[1].endswith("]")


def test_summarise_rejects_a_bad_budget_and_reports_a_path_without_summary(capsys, two_stories, tmp_path):
    root, _, _ = two_stories
    with pytest.raises(SystemExit) as stopped:
        run_summarise(capsys, root / "water", "--words", 5)
    assert stopped.value.code == 2
    assert "--words: 'summary.words' must be 0 (no budget) or between 10" in capsys.readouterr().err
    for sentences in (0, 101):
        with pytest.raises(SystemExit) as stopped:
            run_summarise(capsys, root / "water", "--sentences", sentences)
        assert stopped.value.code == 2
        assert (f"briefing: error: --sentences: 'summary.max_sentences' must be between 1 and "
                f"100, got {sentences}\n") == capsys.readouterr().err
    junk = tmp_path / "junk.txt"
    junk.write_text("Share\n\nAdvertisement\n", encoding="utf-8")
    code, out, err = run_summarise(capsys, root / "bridge", junk, "--json")
    assert code == 1
    assert json.loads(out)[str(junk)] == {"headline": "", "summary": []}
    assert f"no summary for {junk}" in err
    code, _, _ = run_summarise(capsys, junk)
    assert code == 3  # nothing could be done


def test_a_story_told_only_in_briefs_is_summarised_from_them(capsys, caplog, tmp_path, monkeypatch):
    """Stubs stay out of a story that has a full article, but a story whose every article
    is under limits.min_article_words is summarised from those briefs, not left empty;
    a short platform notice is still no article."""
    briefs = write_story(tmp_path / "briefs", BRIDGE)
    mixed = write_story(tmp_path / "mixed", [BRIDGE[0], (STORY[0].title, STORY[0].body)])
    notice = tmp_path / "notice.txt"
    notice.write_text("Access denied\n\nPlease enable JavaScript to view this page. "
                      "JavaScript is required for this site.\n", encoding="utf-8")
    (tmp_path / "briefing.toml").write_text(f"[limits]\nmin_article_words = {len(STORY[0].body.split()) - 5}\n",
                                            encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert all(len(p.read_text().split()) < len(STORY[0].body.split()) - 5 for p in briefs)
    code, out, err = run_summarise(capsys, tmp_path / "briefs", tmp_path / "mixed", notice, "--json")
    assert code == 1  # the notice gave no summary
    doc = json.loads(out)
    told = doc[str(tmp_path / "briefs")]["summary"]
    assert told and {i for s in told for i in s["article_ids"]} <= {"page1", "page2"}
    assert {i for s in doc[str(tmp_path / "mixed")]["summary"] for i in s["article_ids"]} == {"page2"}
    assert doc[str(notice)] == {"headline": "", "summary": []}
    assert f"no summary for {notice}" in err
    # the log says what happened once, and never "dropped" of a brief the story uses
    logged = [r.getMessage() for r in caplog.records]
    assert not any("dropped" in m and "/briefs/" in m for m in logged)
    assert sum("summarised from these 2 briefs" in m for m in logged) == 1
    assert sum(str(notice) in m and "notice" in m for m in logged) == 1
    assert any(f'mixed/page1.txt "{BRIDGE[0][0]}": dropped: stub' in m for m in logged)


def test_a_lead_taken_for_the_title_may_enter_the_summary_but_a_headline_may_not(nlp):
    lead = ("The regional water board approved a plan on Thursday to build a desalination "
            "plant near the port of Calverley, ending a decade of drought rows.")
    untitled = article("x", "The plant will supply forty thousand homes from 2034, the board "
                            "said.", title=lead)
    headline = article("y", "The plant will supply forty thousand homes from 2034, the board "
                            "said.", title="Board Approves Calverley Desalination Plant Near The Port.")
    summary = summarise_cluster(cluster_of(nlp, [untitled]), all_candidates())
    assert [s.text for s in summary][:1] == [lead]
    assert summary[0].spans[0].start == 0  # cited where it stands: the article's first line
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [headline]), all_candidates())]
    assert headline.title not in texts


def test_a_reader_appeal_in_a_long_paragraph_costs_only_its_own_sentence(nlp):
    prose = ["Farmers told the board that the valley had waited a decade for fresh water.",
             "Fishermen warned that brine from the plant could harm the estuary's oyster beds.",
             "Engineers said construction of the intake pipes would begin next spring.",
             "The mayor of Calverley called the vote a turning point for the port town.",
             "Two unions asked for the jobs at the plant to be offered to local workers first."]
    appeal = "If you want to comment on the plan, write to the board by March."
    short = article("s", f"{WIRE}\n\nEngineers toured the site. {appeal}")
    long = article("l", f"{WIRE}\n\n{' '.join(prose)} {appeal}")
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [short]), all_candidates())]
    assert texts == [WIRE]  # a short paragraph holding an appeal is furniture whole
    texts = [s.text for s in summarise_cluster(cluster_of(nlp, [long]), all_candidates())]
    assert appeal not in texts and set(prose) <= set(texts)


@pytest.mark.parametrize("line, key", [
    ("words = 5", "summary.words"), ("words = 5000", "summary.words"),
    ("words = -1", "summary.words"), ("bigram_share = 1.5", "summary.bigram_share"),
    ("prior_weight = -1", "summary.prior_weight"),
])
def test_summary_budget_settings_are_range_checked(tmp_path, line, key):
    from briefing.config import load_settings
    config = tmp_path / "briefing.toml"
    config.write_text(f"[summary]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_settings(config)
    config.write_text("[summary]\nwords = 0\n", encoding="utf-8")
    assert load_settings(config).summary.words == 0


def test_a_word_pair_weighs_by_its_articles_and_every_outlets_copy() -> None:
    """Three outlets' copies of one sentence (one unit) outweigh a pair one article
    repeats: support ** 1.5 times the copies, so 3 ** 1.5 * 3 against 1 * 2."""
    from briefing.summarise.candidates import Candidate
    from briefing.summarise.story import concept_weights

    def candidate(article: int, *pairs: tuple[str, str]) -> Candidate:
        return Candidate(article, "text", 0, False, [], frozenset(pairs), 5)
    shared, local = ("troop", "withdraw"), ("press", "confer")
    candidates = [candidate(0, shared, local), candidate(1, shared), candidate(2, shared),
                  candidate(0, local)]
    incidence, weights = concept_weights(candidates, [[0], [1, 2], [3]], bigram_share=1.0)
    assert incidence.shape == (3, 2) and incidence[0].all()
    [shared_column] = np.flatnonzero(incidence[1])
    [local_column] = np.flatnonzero(incidence[2])
    assert shared_column != local_column
    assert weights[shared_column] / weights[local_column] == pytest.approx(3 ** 1.5 * 3 / 2)
    assert weights.sum() == pytest.approx(1.0)


def test_a_sentence_quoting_a_named_voice_is_preferred(nlp, monkeypatch):
    from briefing.summarise import story
    plain = "Farm wells across the valley ran dry this summer, the board said in its report."
    quoted = "\u201cThe valley has run out of river water,\u201d board chair Ines Marlow said."
    body = "\n\n".join([WIRE, plain, quoted, "Farmers in the valley had pressed for the plant."])
    cluster = cluster_of(nlp, [article("x", body)])
    settings = SummarySettings(words=len(WIRE.split()) + 15)
    texts = [s.text for s in summarise_cluster(cluster, settings)]
    assert texts == [WIRE, quoted]
    monkeypatch.setattr(story, "QUOTATION_BONUS", 0.0)  # the earlier sentence, without it
    assert [s.text for s in summarise_cluster(cluster, settings)] == [WIRE, plain]


#: a story two outlets lead with (the vote) and a press office tells from its own side
#: ("has received the proposal"), in a shorter lead sharing many of the words
VOTE_STORY = [
    article('gazette', (
        'Port Carrick County Council voted on Monday night to build a €40 million tidal '
        'barrier across the mouth of the harbour, a week after Storm Ophelia flooded more '
        'than 300 homes and businesses along the quays.\n\n'
        'The motion passed by 27 votes to 9 after a four-hour debate in the council '
        'chamber, which was packed with residents who had been forced from their homes by '
        'the floodwater.\n\n'
        '"We cannot ask the people of the quays to bail out their kitchens every winter," '
        'said Mayor Ana Ruiz. "This barrier is the single most important thing this council'
        ' will build in a generation."\n\n'
        "Tom Keane, the council's chief engineer, told councillors that construction could "
        'begin in the spring of 2027 and would take about three years. He said the barrier '
        'would be designed to withstand a one-in-200-year storm surge, allowing for a rise '
        'in sea level of half a metre.\n\n'
        'Opposition councillor Siobhán Ní Bhriain said the cost had been underestimated. '
        '"Every project of this kind in Europe has come in over budget, and the people of '
        'this county will pay for it through their property tax," she said.\n\n'
        'The Office of Public Works is expected to fund 80 per cent of the cost, with the '
        "remainder coming from the council's capital budget. A public consultation on the "
        'design will open in January.\n\n'
        "Residents on Merchant's Quay said they welcomed the decision but feared for the "
        'coming winter. "Three years is a long time when the water is at your door," said '
        'Mary Fahy, who runs a café on the quay and whose premises flooded twice last '
        'month.\n\n'
        'Ruiz said temporary flood defences, including demountable barriers and additional '
        'pumps, would be in place before Christmas.'
    ), title='Council approves €40m flood barrier for Port Carrick'),
    article('office', (
        "The Office of Public Works has received Port Carrick County Council's proposal for"
        ' a €40 million tidal barrier at the harbour mouth and will assess it under the '
        'national Flood Relief Programme.\n\n'
        '"The OPW recognises the severe damage caused by Storm Ophelia on the quays, and we'
        ' will examine the council\'s proposal carefully," said Fergal Moran, a spokesman '
        'for the OPW.\n\n'
        'Minister of State for the OPW, Aoife Brennan, said funding decisions would be made'
        ' in the first quarter of 2027. "No community should have to live with the threat '
        'of flooding every winter," she said.\n\n'
        'The OPW has funded 80 per cent of the cost of similar schemes in Clonmel, Fermoy '
        "and Mallow. An assessment of the barrier's design, cost and environmental impact "
        'will be completed by March.'
    ), title='OPW statement on Port Carrick tidal barrier proposal'),
    article('times', (
        'Councillors in Port Carrick have backed a €40 million tidal barrier for the '
        'harbour, days after Storm Ophelia left the quays under a metre of water and forced'
        ' the evacuation of more than 300 homes and businesses.\n\n'
        'The council voted 27 to 9 in favour of the plan on Monday evening.\n\n'
        'Mayor Ana Ruiz told the meeting: “We cannot ask the people of the quays to bail '
        'out their kitchens every winter.” She added that the barrier was “the single most '
        'important thing this council will build in a generation”.\n\n'
        'The council’s chief engineer, Tom Keane, said work could start in spring 2027. “If'
        ' the consultation goes to plan, we will have machines on the harbour wall within '
        'eighteen months,” he said.\n\n'
        'But Siobhán Ní Bhriain, a Green Party councillor who voted against the motion, '
        'warned that the price would rise. “Every project of this kind in Europe has come '
        'in over budget,” she said.\n\n'
        'The Office of Public Works is expected to pay for most of the barrier. Fergal '
        'Moran, a spokesman for the OPW, said the office would “examine the council’s '
        'proposal carefully” and respond before the end of January.\n\n'
        'Businesses on the quays have estimated their losses from last month’s flooding at '
        'more than €6 million.'
    ), title='Storm-hit quays to get tidal barrier as council backs €40m plan'),
]


def test_opens_with_what_the_outlets_lead_with_not_one_outlets_side(nlp, monkeypatch):
    cluster = cluster_of(nlp, VOTE_STORY)
    settings = SummarySettings(words=40)
    opener = summarise_cluster(cluster, settings)[0]
    assert opener.text.startswith(("Port Carrick County Council voted", "Councillors in Port Carrick"))
    assert_verbatim(cluster, [opener])
    monkeypatch.setattr(story, "LEAD_AGREEMENT", 0.0)  # the lead agreement is what does it
    assert summarise_cluster(cluster, settings)[0].text.startswith("The Office of Public Works")


def test_summarise_reads_a_file_of_nested_paths_once_in_the_deepest(capsys, two_stories,
                                                                     caplog):
    """`summarise water water/bridge`: a file belongs to the deepest PATH holding it (a
    file given itself most of all), read once, in one story; a PATH given again under
    another spelling is the same story, told once."""
    import shutil
    from briefing.config import load_settings
    from briefing.pipeline import path_clusters
    root, water, bridge = two_stories
    shutil.move(root / "bridge", root / "water" / "bridge")
    settings = load_settings(root / "briefing.toml")

    def stories(*paths):
        return {path: sorted(p.article.path for p in cluster.articles)
                for path, cluster in path_clusters(list(paths), settings).items()}

    own = [f"water/{p.name}" for p in water]
    inner = [f"water/bridge/{p.name}" for p in bridge]
    assert stories("water", "water/bridge") == {"water": own, "water/bridge": inner}
    assert stories("water/bridge", "water") == {"water/bridge": inner, "water": own}
    assert stories("water", "water/bridge/page1.txt", "water/bridge") == {
        "water": own, "water/bridge/page1.txt": inner[:1], "water/bridge": inner[1:]}
    with caplog.at_level(logging.WARNING, logger="briefing.pipeline"):
        assert stories("water", "./water/") == {"water": sorted(inner + own)}
    assert "./water/: the same input as water: summarised once" in caplog.text
    code, out, _ = run_summarise(capsys, "water", "water/bridge", "--json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["water", "water/bridge"]
    assert {i for s in doc["water/bridge"]["summary"] for i in s["article_ids"]} <= {
        "page1", "page2"}
    assert {i for s in doc["water"]["summary"] for i in s["article_ids"]} <= {
        "page1", "page2", "page3"}


def test_summarise_headlines_an_untitled_story_by_its_first_line(capsys, tmp_path,
                                                               monkeypatch):
    """A story none of whose articles has a title (each file opens with its lead, too
    long for a headline) is shown under its first line, as a built briefing shows it,
    not under an empty headline."""
    lead = ("Harbour pilots in Kellhaven said on Monday they would strike next week unless "
            "the port raised its pay offer, which the union called an insult to crews who "
            "worked through the winter storms, the worst the port has seen in forty years.")
    folder = tmp_path / "pilots"
    folder.mkdir()
    (folder / "page1.txt").write_text(f"{lead}\n\nThe port said talks would resume on "
                                      "Thursday.\n", encoding="utf-8")
    (tmp_path / "briefing.toml").write_text(SHORT_PAGES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_summarise(capsys, "pilots", "--json")
    assert code == 0
    assert json.loads(out)["pilots"]["headline"] == (
        "Harbour pilots in Kellhaven said on Monday they would strike next week unless the "
        "port raised its pay offer")


def test_two_leads_giving_one_figure_in_other_words_are_one_fact(nlp):
    wire = ("The Bank of Veloria on Wednesday raised its benchmark rate to 5.25 per cent, its "
            "biggest increase in a decade.")
    ledger = ("The Bank of Veloria raised its main interest rate by half a percentage point to "
              "5.25% on Wednesday, surprising economists who had expected a smaller increase.")
    rest = ("Governor Ilse Marchetti said inflation, which reached 7.8% in October, was still "
            "far too high.")
    other = "Economists said the rise would hit borrowers with loans on variable rates."
    cluster = cluster_of(nlp, [article("w", f"{wire}\n\n{rest}", title="Rates up"),
                               article("l", f"{ledger}\n\n{other}", title="Rates up")])
    texts = [s.text for s in summarise_cluster(cluster, SummarySettings(words=200))]
    assert (wire in texts) != (ledger in texts), texts
    assert rest in texts


def test_every_part_the_ablation_table_switches_is_there_to_switch():
    """scripts/eval_summaries.py --ablation sets "module.CONSTANT" parts: a constant moved
    or renamed would make its row measure nothing (or stop the run)."""
    import importlib.util
    path = SEEDS.parent / "scripts" / "eval_summaries.py"
    spec = importlib.util.spec_from_file_location("eval_summaries", path)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    for changes in script.ABLATION.values():
        with script.patched(changes) as settings:
            assert set(settings) <= {f.name for f in SummarySettings.__dataclass_fields__.values()}


def test_the_budget_counts_the_words_shown_not_one_outlets_longer_copy(nlp):
    """Two outlets carry a sentence a third lengthened: the summary shows the widely
    carried one, so that one's words are what the budget counts."""
    lead = "The harbour board voted on Monday to close the old pier to visitors for repairs."
    cracks = "Engineers found deep cracks in three of the pier's oak supports during an inspection last month."
    longer = ("Engineers found deep cracks in three of the pier's oak supports during a routine "
              "inspection carried out by the board last month.")
    articles = [article("a", f"{lead}\n\n{cracks}", title="Pier to close"),
                article("b", f"{lead}\n\n{cracks}", title="Old pier shut for repairs"),
                article("c", f"{lead}\n\n{longer}", title="Pier closes")]
    cluster = cluster_of(nlp, articles)
    budget = len(lead.split()) + len(cracks.split())
    assert len(longer.split()) > len(cracks.split())
    summary = summarise_cluster(cluster, SummarySettings(words=budget))
    assert [s.text for s in summary] == [lead, cracks]
    assert [s.article_id for s in summary[1].spans] == ["a", "b"]
