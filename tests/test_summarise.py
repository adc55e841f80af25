"""Summarise stage on small invented stories."""
import pytest

from briefing.config import ConfigError, SummarySettings
from briefing.parse import load_model
from briefing.records import Article, Cluster, ParsedArticle
from briefing.summarise import SUMMARIZERS, SpacyTokenizer, summarise_cluster

WIRE = ("The regional water board approved a plan on Thursday to build a desalination plant "
        "near the port of Calverley.")
TITLE = "Water board backs Calverley desalination plant"


def article(article_id: str, body: str, title: str = TITLE) -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", title=title, body=body)


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


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def cluster_of(nlp, articles) -> Cluster:
    docs = nlp.pipe(a.text for a in articles)
    return Cluster(id="story-1", articles=[ParsedArticle(a, d) for a, d in zip(articles, docs)],
                   headline=articles[0].title if articles else "")


def assert_verbatim(cluster, summary):
    texts = {p.article.id: p.article for p in cluster.articles}
    for sentence in summary:
        assert sentence.spans
        for span in sentence.spans:
            source = texts[span.article_id]
            assert source.text[span.start:span.end] == sentence.text
            assert span.start >= source.body_start


@pytest.mark.parametrize("algorithm", sorted(SUMMARIZERS))
def test_every_algorithm_gives_verbatim_cited_sentences(nlp, algorithm):
    cluster = cluster_of(nlp, STORY)
    summary = summarise_cluster(cluster, SummarySettings(algorithm=algorithm))
    assert 2 <= len(summary) <= SummarySettings().max_sentences
    assert_verbatim(cluster, summary)
    assert len({s.text for s in summary}) == len(summary)


def test_wire_sentence_in_three_articles_appears_once_citing_all(nlp):
    cluster = cluster_of(nlp, STORY)
    summary = summarise_cluster(cluster, SummarySettings())
    carrying = [s for s in summary if s.text == WIRE]
    assert len(carrying) == 1
    assert carrying[0].article_ids == ["a", "b", "c"]


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
    summary = summarise_cluster(cluster, SummarySettings(max_sentences=20, min_sentences=20))
    texts = [s.text for s in summary]
    assert TITLE not in texts
    assert "Short line here." not in texts and "Updated." not in texts
    assert not any(t.startswith("\u201cWe have run out") for t in texts)


def test_source_order_and_length_adapts_to_story_size(nlp):
    cluster = cluster_of(nlp, STORY)
    summary = summarise_cluster(cluster, SummarySettings())
    order = {p.article.id: i for i, p in enumerate(cluster.articles)}
    keys = [(order[s.spans[0].article_id], s.spans[0].start) for s in summary]
    assert keys == sorted(keys)
    single = summarise_cluster(cluster_of(nlp, STORY[:1]), SummarySettings())
    assert len(single) == SummarySettings().min_sentences < len(summary)


def test_empty_cluster_and_tiny_articles(nlp):
    assert summarise_cluster(Cluster(id="story-1", articles=[]), SummarySettings()) == []
    one = cluster_of(nlp, [article("x", WIRE)])
    summary = summarise_cluster(one, SummarySettings())
    assert [s.text for s in summary] == [WIRE]
    assert_verbatim(one, summary)
    junk = cluster_of(nlp, [article("y", "!!!\n\n### ###", title="")])
    assert summarise_cluster(junk, SummarySettings()) == []


def test_unknown_algorithm_is_a_config_error(nlp):
    with pytest.raises(ConfigError, match="summary.algorithm"):
        summarise_cluster(cluster_of(nlp, STORY[:1]), SummarySettings(algorithm="gpt"))


def test_tokenizer_splits_plain_text_with_spacy():
    tokenizer = SpacyTokenizer()
    assert tokenizer.language == "english"
    sentences = tokenizer.to_sentences("The board met on Thursday. It approved the plant.")
    assert len(sentences) == 2
    assert tokenizer.to_words(sentences[1]) == ("It", "approved", "the", "plant")
