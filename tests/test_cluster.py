"""Cluster stage on small invented article sets."""
from dataclasses import replace
from datetime import datetime

import pytest

from briefing.cluster import cluster_articles, pair_similarities
from briefing.config import ClusterSettings
from briefing.parse import load_model
from briefing.records import Article, ParsedArticle

BRIDGE_A = Article(
    id="bridge-a", path="a.txt", published=datetime(2031, 3, 4, 9, 0),
    title="Harlow Street bridge collapses in Marbury, two injured",
    body=("The Harlow Street bridge in Marbury collapsed on Tuesday morning, injuring two "
          "drivers, Mayor Odile Frenzel said.\n\n"
          "Frenzel told reporters that engineers had flagged corrosion on the span in 2029. "
          "The Marbury fire service pulled both drivers from the river within an hour.\n\n"
          "Traffic across the Vell river is being diverted through the Quarry Lane crossing."))
BRIDGE_B = Article(
    id="bridge-b", path="b.txt", published=datetime(2031, 3, 4, 15, 30),
    title="Mayor Frenzel orders inquiry after Marbury bridge falls into river",
    body=("Marbury mayor Odile Frenzel has ordered an inquiry after the Harlow Street bridge "
          "fell into the Vell river, leaving two motorists hurt.\n\n"
          "Firefighters rescued the two drivers, and the city said warnings about corrosion "
          "had been raised two years ago. Drivers are being sent over Quarry Lane instead."))
BRIDGE_OTHER = Article(
    id="bridge-other", path="c.txt", published=datetime(2031, 5, 20, 8, 0),
    title="Footbridge closes in Donsworth after cracks found",
    body=("Officials in Donsworth closed the Elm Park footbridge on Monday after inspectors "
          "found cracks in its supports, council leader Tobias Renner said.\n\n"
          "Renner said no one was hurt and repairs would take three months. Pedestrians "
          "will use a temporary crossing near the Donsworth station."))
FOOTBALL = Article(
    id="football", path="d.txt", published=datetime(2031, 3, 4, 20, 0),
    title="Kelton Rovers beat Ashby United in cup replay",
    body=("Kelton Rovers reached the cup semi-final with a 2-1 win over Ashby United on "
          "Tuesday night, striker Jonas Ilves scoring twice.\n\n"
          "Ashby manager Petra Lund said her side had lacked energy after extra time."))
BAKERY = Article(
    id="bakery", path="e.txt", published=datetime(2031, 3, 3, 12, 0),
    title="Family bakery wins national bread award",
    body=("A family bakery in Stoke Farthing has won the national sourdough prize, judges "
          "announced on Monday.\n\n"
          "Owner Grete Hallam said the recipe came from her grandmother."))


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def parse(nlp, articles):
    return [ParsedArticle(a, d) for a, d in zip(articles, nlp.pipe(a.text for a in articles))]


def membership(clusters):
    return {p.article.id: c.id for c in clusters for p in c.articles}


def test_same_event_in_different_words_is_one_story(nlp):
    clusters = cluster_articles(parse(nlp, [BRIDGE_A, BRIDGE_B, BRIDGE_OTHER, FOOTBALL, BAKERY]),
                                ClusterSettings())
    where = membership(clusters)
    assert where["bridge-a"] == where["bridge-b"]
    assert len({where["bridge-a"], where["football"], where["bakery"]}) == 3


@pytest.mark.parametrize("dated", [True, False])
def test_same_topic_other_day_other_actors_is_another_story(nlp, dated):
    articles = [BRIDGE_A, BRIDGE_B, BRIDGE_OTHER, FOOTBALL, BAKERY]
    if not dated:
        articles = [replace(a, published=None) for a in articles]
    where = membership(cluster_articles(parse(nlp, articles), ClusterSettings()))
    assert where["bridge-a"] == where["bridge-b"]
    assert where["bridge-other"] != where["bridge-a"]


def test_far_apart_publication_dates_weaken_the_link(nlp):
    later = Article(id="late", path="f.txt", title=BRIDGE_B.title, body=BRIDGE_B.body,
                    published=datetime(2031, 6, 1))
    parsed = parse(nlp, [BRIDGE_A, BRIDGE_B, later, FOOTBALL, BAKERY])
    sims = pair_similarities(parsed, ClusterSettings())
    assert sims.get((0, 2), 0.0) < sims[(0, 1)] / 2


def test_every_article_in_exactly_one_cluster_with_readable_ids(nlp):
    articles = [BRIDGE_A, BRIDGE_B, BRIDGE_OTHER, FOOTBALL, BAKERY]
    clusters = cluster_articles(parse(nlp, articles), ClusterSettings())
    ids = [p.article.id for c in clusters for p in c.articles]
    assert sorted(ids) == sorted(a.id for a in articles)
    assert [c.id for c in clusters] == [f"story-{i}" for i in range(1, len(clusters) + 1)]
    assert len(clusters[0].articles) == 2  # biggest story first
    for cluster in clusters:
        assert cluster.headline == cluster.articles[0].article.title


def test_threshold_above_any_similarity_keeps_articles_apart(nlp):
    clusters = cluster_articles(parse(nlp, [BRIDGE_A, BRIDGE_B]), ClusterSettings(threshold=1.01))
    assert len(clusters) == 2


def test_empty_and_junk_input(nlp):
    assert cluster_articles([], ClusterSettings()) == []
    junk = [Article(id="j1", path="j1", title="", body="!!! ### 123"),
            Article(id="j2", path="j2", title="", body="")]
    clusters = cluster_articles(parse(nlp, junk), ClusterSettings())
    assert sorted(p.article.id for c in clusters for p in c.articles) == ["j1", "j2"]
    assert all(len(c.articles) == 1 for c in clusters)
