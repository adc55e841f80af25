"""Cluster stage on small invented article sets."""
from dataclasses import replace
from datetime import date, datetime, timezone

import pytest

from briefing.cluster import (BLOCK_KEY_MAX_ARTICLES, _average_linkage, _candidate_pairs,
                              _linked_pairs, _resolve_date, _scored_pairs, _SparseMatrix,
                              SHARED_QUOTE_FACTOR, cluster_articles, link_earlier,
                              pair_similarities)
from briefing.config import ClusterSettings
from briefing.parse import load_model
from briefing.records import Article, Cluster, EarlierStory, ParsedArticle

def news(id_, published, title, *paragraphs):
    """An invented article; its body is the paragraphs, blank-line separated."""
    return Article(id=id_, path=f"{id_}.txt", published=published, title=title,
                   body="\n\n".join(paragraphs))


BRIDGE_A = news(
    "bridge-a", datetime(2031, 3, 4, 9, 0),
    "Harlow Street bridge collapses in Marbury, two injured",
    "The Harlow Street bridge in Marbury collapsed on Tuesday morning, injuring two drivers, "
    "Mayor Odile Frenzel said.",
    "Frenzel told reporters that engineers had flagged corrosion on the span in 2029. "
    "The Marbury fire service pulled both drivers from the river within an hour.",
    "Traffic across the Vell river is being diverted through the Quarry Lane crossing.")
BRIDGE_B = news(
    "bridge-b", datetime(2031, 3, 4, 15, 30),
    "Mayor Frenzel orders inquiry after Marbury bridge falls into river",
    "Marbury mayor Odile Frenzel has ordered an inquiry after the Harlow Street bridge "
    "fell into the Vell river, leaving two motorists hurt.",
    "Firefighters rescued the two drivers, and the city said warnings about corrosion "
    "had been raised two years ago. Drivers are being sent over Quarry Lane instead.")
BRIDGE_OTHER = news(
    "bridge-other", datetime(2031, 5, 20, 8, 0),
    "Footbridge closes in Donsworth after cracks found",
    "Officials in Donsworth closed the Elm Park footbridge on Monday after inspectors "
    "found cracks in its supports, council leader Tobias Renner said.",
    "Renner said no one was hurt and repairs would take three months. Pedestrians "
    "will use a temporary crossing near the Donsworth station.")
FOOTBALL = news(
    "football", datetime(2031, 3, 4, 20, 0),
    "Kelton Rovers beat Ashby United in cup replay",
    "Kelton Rovers reached the cup semi-final with a 2-1 win over Ashby United on "
    "Tuesday night, striker Jonas Ilves scoring twice.",
    "Ashby manager Petra Lund said her side had lacked energy after extra time.")
BAKERY = news(
    "bakery", datetime(2031, 3, 3, 12, 0),
    "Family bakery wins national bread award",
    "A family bakery in Stoke Farthing has won the national sourdough prize, judges "
    "announced on Monday.",
    "Owner Grete Hallam said the recipe came from her grandmother.")

# One governor and one topic (foreign engineers for a cracked dam), two events months
# apart with different visitors: the kind of pair readers see wrongly merged.
DAM_MARCH = news(
    "dam-march", datetime(2031, 3, 10, 10, 0),
    "Frenzel says foreign engineers needed to repair cracked Vell dam",
    "Governor Odile Frenzel said on March 10 that foreign engineers would be needed to "
    "repair the cracked Vell river dam, speaking alongside visiting Estovian minister "
    "Karel Dusek in Marbury.",
    "Dusek offered a team of forty hydraulic engineers and said Estovia would pay for "
    "their work. \"The dam cannot wait for the summer,\" Dusek said.",
    "Frenzel said the reservoir had been lowered by two metres as a precaution.")
DAM_MARCH_OTHER_WORDS = news(
    "dam-march-b", datetime(2031, 3, 10, 16, 0),
    "Estovia offers forty engineers to fix Marbury's Vell river dam",
    "Estovian minister Karel Dusek, visiting Marbury on March 10, offered forty hydraulic "
    "engineers to help mend the Vell dam, whose wall cracked last month, governor Odile "
    "Frenzel said.",
    "Estovia will cover the engineers' costs, Dusek told reporters, adding that the dam "
    "could not wait for the summer. The reservoir has already been drawn down.")
DAM_AUGUST = news(
    "dam-august", datetime(2031, 8, 22, 9, 0),
    "Frenzel open to foreign engineers at Vell dam after talks with Lindqvist",
    "Governor Odile Frenzel said on August 22 she was open to bringing foreign engineers "
    "to the Vell river dam, after meeting Nordholm's transport commissioner Annika "
    "Lindqvist in Marbury.",
    "Lindqvist said her agency could lend inspection drones and two specialists for the "
    "autumn survey. \"Nordholm has built dams like this for a century,\" Lindqvist said.")


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


@pytest.mark.parametrize("dated", [True, False])
def test_same_figure_same_topic_other_visitor_months_apart_is_another_story(nlp, dated):
    articles = [DAM_MARCH, DAM_MARCH_OTHER_WORDS, DAM_AUGUST, FOOTBALL, BAKERY]
    if not dated:  # then only the dates the text gives and the actors tell them apart
        articles = [replace(a, published=None) for a in articles]
    where = membership(cluster_articles(parse(nlp, articles), ClusterSettings()))
    assert where["dam-march"] == where["dam-march-b"]
    assert where["dam-august"] != where["dam-march"]


def test_lead_dates_resolve_against_publication():
    tuesday = date(2031, 3, 4)
    assert _resolve_date("Friday", tuesday) == (date(2031, 2, 28), True)
    assert _resolve_date("Tuesday", tuesday) == (tuesday, True)
    assert _resolve_date("next Friday", tuesday) == (date(2031, 3, 7), True)
    assert _resolve_date("yesterday", tuesday) == (date(2031, 3, 3), True)
    assert _resolve_date("December 30", date(2032, 1, 2)) == (date(2031, 12, 30), True)
    assert _resolve_date("9 December 2024", None) == (date(2024, 12, 9), True)
    assert _resolve_date("December 9", None)[1] is False  # no year to be had
    assert _resolve_date("Friday", None) is None  # a weekday needs a publication date
    assert _resolve_date("February 30", tuesday) is None


def test_a_weekday_ahead_is_the_next_one():
    from briefing.cluster import _event_date
    nlp = load_model()
    thursday = date(2031, 3, 6)
    monday = datetime(2031, 3, 10, tzinfo=timezone.utc).timestamp() / 86400
    for lead in ("The swing bridge will close from Monday for six weeks of repairs.",
                 "The swing bridge will close from next Monday for six weeks of repairs.",
                 "The swing bridge is to close on Monday for six weeks of repairs."):
        assert _event_date(nlp(lead), 0, 400, thursday)[0] == monday, lead
    closed = _event_date(nlp("The swing bridge closed on Monday after cracks were found."),
                         0, 400, thursday)[0]
    assert closed == datetime(2031, 3, 3, tzinfo=timezone.utc).timestamp() / 86400  # the last


@pytest.mark.parametrize("first, second, published", [
    ("on Tuesday morning", "on Friday", datetime(2031, 3, 4, 18, 0)),  # Tuesday vs Feb 28
    ("on March 4", "on August 11", None),
])
def test_different_days_in_the_leads_weaken_the_link(nlp, first, second, published):
    a = replace(BRIDGE_A, published=published, body=BRIDGE_A.body.replace("on Tuesday morning", first))
    b = replace(BRIDGE_B, published=published, body=BRIDGE_B.body.replace(
        "has ordered an inquiry", "said " + second + " that she had ordered an inquiry"))
    same_b = replace(b, body=b.body.replace(second, first))
    apart = pair_similarities(parse(nlp, [a, b, FOOTBALL, BAKERY]), ClusterSettings())
    together = pair_similarities(parse(nlp, [a, same_b, FOOTBALL, BAKERY]), ClusterSettings())
    assert apart.get((0, 1), 0.0) < together[(0, 1)] * 0.75


def clusters_of(nlp, groups):
    return [Cluster(id=f"story-{i}", articles=parse(nlp, g), headline=g[0].title)
            for i, g in enumerate(groups, 1)]


def test_continuing_story_keeps_earlier_id_and_start(nlp):
    clusters = clusters_of(nlp, [[BRIDGE_B], [FOOTBALL]])
    earlier = [EarlierStory(id="2031-03-03/story-4", since=date(2031, 3, 3),
                            titles=[BRIDGE_A.title], texts=[BRIDGE_A.body]),
               EarlierStory(id="2031-03-03/story-1", since=date(2031, 3, 1),
                            titles=[BAKERY.title], texts=[BAKERY.body])]
    linked = link_earlier(clusters, earlier, ClusterSettings())
    assert [c.id for c in linked] == ["2031-03-03/story-4", "story-2"]
    assert linked[0].developing_since == date(2031, 3, 3)
    assert linked[1].developing_since is None
    assert linked[0].articles == clusters[0].articles and linked[0].headline == clusters[0].headline
    assert clusters[0].id == "story-1" and clusters[0].developing_since is None  # inputs kept


def test_an_earlier_story_continues_once_and_new_ids_stay_unique(nlp):
    clusters = clusters_of(nlp, [[BRIDGE_A], [BRIDGE_OTHER], [BAKERY]])
    earlier = [EarlierStory(id="story-3", since=date(2031, 3, 2),
                            titles=[BRIDGE_B.title], texts=[BRIDGE_B.body])]
    linked = link_earlier(clusters, earlier, ClusterSettings())
    assert [c.developing_since for c in linked] == [date(2031, 3, 2), None, None]
    ids = [c.id for c in linked]
    assert ids[0] == "story-3" and len(set(ids)) == 3


def test_no_earlier_stories_or_threshold_out_of_reach(nlp):
    clusters = clusters_of(nlp, [[BRIDGE_A, BRIDGE_B]])
    assert [c.id for c in link_earlier(clusters, [], ClusterSettings())] == ["story-1"]
    assert link_earlier([], [], ClusterSettings()) == []
    earlier = [EarlierStory(id="old", since=date(2031, 3, 1), titles=[BRIDGE_A.title],
                            texts=[BRIDGE_A.body])]
    strict = ClusterSettings(continuity_threshold=1.01)
    assert link_earlier(clusters, earlier, strict)[0].developing_since is None
    junk = [EarlierStory(id="junk", since=date(2031, 3, 1), titles=[""], texts=["", "!!! 123"])]
    assert link_earlier(clusters, junk, ClusterSettings())[0].id == "story-1"


def test_headline_is_a_title_even_when_the_most_central_article_has_none(nlp):
    untitled = replace(BRIDGE_A, id="untitled", title="")
    clusters = cluster_articles(parse(nlp, [untitled, BRIDGE_B, FOOTBALL, BAKERY]), ClusterSettings())
    bridge = next(c for c in clusters if len(c.articles) == 2)
    assert bridge.articles[0].article.id == "untitled"  # published first, as central as B
    assert bridge.headline == BRIDGE_B.title


def test_a_real_headline_beats_a_lead_taken_for_a_title():
    """A record titled by its first sentence (no title of its own) gives no headline
    while another article of the story has one."""
    from briefing.cluster import story_title
    lead = ("The Veloria stock exchange fell 3.4% on Thursday after the central bank's "
            "surprise rate rise.")
    untitled = replace(BRIDGE_A, id="record", title=lead)
    titled = replace(BRIDGE_B, title="Veloria stocks slide after rate rise")
    assert story_title([untitled, titled]) == "Veloria stocks slide after rate rise"
    assert story_title([untitled]) == lead  # the lead, when it is all there is


@pytest.mark.parametrize("line", ["actor_mismatch_factor = 1.5", "text_date_factor = -0.1",
                                  "continuity_threshold = -1", "lead_chars = 0"])
def test_cluster_settings_out_of_range_are_refused(tmp_path, line):
    from briefing.config import ConfigError, load_settings
    path = tmp_path / "briefing.toml"
    path.write_text(f"[cluster]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cluster." + line.split()[0]):
        load_settings(path)


def test_leaving_out_pairs_no_strong_chain_joins_changes_no_cluster(nlp):
    articles = [BRIDGE_A, BRIDGE_B, BRIDGE_OTHER, FOOTBALL, BAKERY, DAM_MARCH,
                DAM_MARCH_OTHER_WORDS, DAM_AUGUST]
    parsed = parse(nlp, articles)
    settings = ClusterSettings()
    every = pair_similarities(parsed, settings)
    linked = _linked_pairs(len(parsed), *_scored_pairs(parsed, settings), settings.threshold)
    assert set(linked) < set(every)  # some pairs are left out, those kept are unchanged
    assert all(linked[pair] == every[pair] for pair in linked)

    def groups(sims):
        return sorted(sorted(g) for g in _average_linkage(len(parsed), sims, settings.threshold))
    assert groups(linked) == groups(every)
    assert len(groups(every)) < len(articles)  # and some articles were merged


def _term_rows(count, shared_by):
    """``count`` rows of one unique term each, the first ``shared_by`` also sharing one."""
    return _SparseMatrix([{f"unique{i}": 1.0, **({"zorblatt": 1.0} if i < shared_by else {})}
                          for i in range(count)])


@pytest.mark.parametrize("shared_by, pairs", [(100, 100 * 99 // 2), (101, 0), (40, 40 * 39 // 2)])
def test_a_key_pairs_no_more_articles_than_the_cap_however_big_the_day(shared_by, pairs):
    # at 900 articles the cap is BLOCK_KEY_MAX_ARTICLES (100), not 4 x sqrt(900) = 120
    assert BLOCK_KEY_MAX_ARTICLES == 100
    found = _candidate_pairs(_term_rows(900, shared_by), _SparseMatrix([{}] * 900), 900)
    assert found.nnz == pairs
    assert (found.nonzero()[0] < found.nonzero()[1]).all()  # each pair once, i < j


def test_a_statement_both_articles_quote_word_for_word_raises_their_similarity(nlp, monkeypatch):
    """The same words from the same mouth: strong evidence of one event (a flood story
    told by two outlets around two different officials was split, both quoting the prime
    minister's "No family will be left alone in this town")."""
    import briefing.cluster as cluster

    def similarity(quote: str) -> float:
        said = f"\n\n\u201c{quote},\u201d Frenzel told reporters at the river."
        pair = [replace(BRIDGE_A, body=BRIDGE_A.body + said),
                replace(DAM_MARCH, body=DAM_MARCH.body + said)]
        return pair_similarities(parse(nlp, pair), ClusterSettings()).get((0, 1), 0.0)

    statement = "No family will be left alone in this town, whatever it costs"
    shared = similarity(statement)
    monkeypatch.setattr(cluster, "SHARED_QUOTE_FACTOR", 1.0)
    assert shared == pytest.approx(similarity(statement) * SHARED_QUOTE_FACTOR) and shared > 0
    monkeypatch.undo()
    # five words alone are a stock phrase, not one statement
    stock = similarity("No family will be left")
    monkeypatch.setattr(cluster, "SHARED_QUOTE_FACTOR", 1.0)
    assert stock == pytest.approx(similarity("No family will be left"))


STANDFIRST = ("Marbury mayor Odile Frenzel has ordered an inquiry after the Harlow Street bridge "
              "fell into the Vell river on Tuesday, leaving two motorists hurt and the city "
              "without its main crossing")


def test_a_standfirst_in_a_titles_place_is_no_headline():
    """A 31-word standfirst taken for an article's title: another article's headline of at
    most 20 words is the story's, else the standfirst's opening clause, verbatim."""
    from briefing.cluster import _first_line, story_title
    long = replace(BRIDGE_B, title=STANDFIRST)
    assert story_title([long, BRIDGE_A]) == BRIDGE_A.title
    assert story_title([long]) == ("Marbury mayor Odile Frenzel has ordered an inquiry after the "
                                   "Harlow Street bridge fell into the Vell river on Tuesday")
    # no clause boundary outside a quotation: the title is shown whole, not cut mid-phrase
    quoted = ("Mayor Frenzel promised ‘a full, open and independent inquiry into the collapse of "
              "the Harlow Street bridge over the Vell river’ to residents in Marbury")
    assert story_title([replace(BRIDGE_B, title=quoted)]) == quoted
    # nor inside an aside a comma opens: the main clause would be left unsaid
    aside = ("Marbury council said that, after months of delay and two public consultations, "
             "the Harlow Street bridge would be rebuilt by the spring")
    assert story_title([replace(BRIDGE_B, title=aside)]) == aside
    assert story_title([replace(BRIDGE_B, title="Mayor Frenzel promised ‘a full, open inquiry’ "
                                "to Marbury residents after the Harlow Street bridge fell into "
                                "the Vell river on Tuesday")]) == (
        "Mayor Frenzel promised ‘a full, open inquiry’ to Marbury residents")
    # an untitled article lends its lead's opening clause, not 120 characters cut anywhere
    assert _first_line(STANDFIRST + ". The city will rebuild it.") == (
        "Marbury mayor Odile Frenzel has ordered an inquiry after the Harlow Street bridge "
        "fell into the Vell river on Tuesday")


def test_an_untitled_story_is_headlined_by_its_first_line_however_it_is_read():
    """No article has a title: the story's headline is the first article's first line,
    cut at a clause boundary, whether the story is clustered (a build) or read by path
    (``briefing summarise``); a drop cap set on a line of its own joins its word."""
    from briefing.cluster import story_headline
    untitled = replace(BRIDGE_B, title="", body=STANDFIRST + ". The city will rebuild it.")
    assert story_headline([untitled, replace(BRIDGE_A, title="")]) == (
        "Marbury mayor Odile Frenzel has ordered an inquiry after the Harlow Street bridge "
        "fell into the Vell river on Tuesday")
    assert story_headline([untitled, BRIDGE_A]) == BRIDGE_A.title
    capped = replace(untitled, body="T\nhe Harlow Street bridge fell into the Vell river.")
    assert story_headline([capped]) == "The Harlow Street bridge fell into the Vell river."
    assert story_headline([]) == ""


@pytest.mark.parametrize("opening", ["T\n\nh", "Updated 6.15pm\n\nT\nh", "By Ann Lee\n\nT\n\nh"])
def test_an_untitled_storys_first_line_is_no_dateline_byline_or_drop_cap(opening):
    """The line a text opens with that is no headline (a dateline's label and time, a
    byline) leaves the headline to the next; a drop cap a blank line sets apart from its
    word joins it."""
    from briefing.cluster import story_headline
    body = opening + "e Harlow Street bridge fell into the Vell river.\n\nNo one was hurt."
    assert story_headline([replace(BRIDGE_B, title="", body=body)]) == (
        "The Harlow Street bridge fell into the Vell river.")
