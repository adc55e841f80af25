"""Rank stage and the front page: importance order, key voices, budgets, junk never leads."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path


from briefing.config import FrontPageSettings, RankSettings, RenderSettings, Settings
from briefing.rank import (carried_copies, importance, key_voices, plan_front_page, rank_stories,
                           signals, voice_quality, word_count)
from briefing.records import (Article, Briefing, Cluster, ParsedArticle, QuoteRow, Span, Story,
                              SummarySentence)

NOON = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)


def article(id_: str, publisher: str | None, body: str = "Something happened today.",
            hours_ago: float = 0, title: str | None = None) -> Article:
    return Article(id=id_, path=f"in/{id_}.txt", title=title or f"Title {id_}", body=body,
                   publisher=publisher, published=NOON - timedelta(hours=hours_ago))


def sentence(a: Article, text: str | None = None) -> SummarySentence:
    text = text or a.body
    start = a.text.index(text)
    return SummarySentence(text, [Span(a.id, start, start + len(text))])


def row(speaker: str, text: str, kind: str = "direct", articles: tuple[Article, ...] = ()) -> QuoteRow:
    return QuoteRow(speaker=speaker, role=None, text=text, kind=kind, cue="said",
                    spans=[Span(a.id, 0, len(text)) for a in articles])


def story(id_: str, articles: list[Article], quotes: list[QuoteRow] = (), headline: str = "",
          summary: list[SummarySentence] | None = None) -> Story:
    cluster = Cluster(id=id_, articles=[ParsedArticle(a, None) for a in articles],
                      headline=headline or articles[0].title)
    return Story(cluster=cluster, summary=summary if summary is not None else
                 [sentence(a) for a in articles[:1]], quotes=list(quotes))


# ---------------------------------------------------------------- ranking

def test_a_story_carried_by_four_outlets_outranks_one_carried_by_one() -> None:
    wide = story("wide", [article(f"w{i}", f"Outlet {i}", hours_ago=6) for i in range(4)])
    # the single-outlet story is newer and has more articles of its own outlet
    narrow = story("narrow", [article(f"n{i}", "Solo Post") for i in range(3)],
                   quotes=[row("Ann Byrne", "We will rebuild the wall before the winter storms")])
    ranked = rank_stories([narrow, wide], RankSettings())
    assert [s.id for s in ranked] == ["wide", "narrow"]
    assert [s.rank for s in ranked] == [1, 2]
    assert ranked[0].signals.outlet_count == 4 and ranked[1].signals.outlet_count == 1
    assert ranked[0].score > ranked[1].score


def test_outlets_count_republishers_and_web_sites_and_each_undated_file_alone() -> None:
    wire = article("a", "Wire Service")
    wire.also_carried_by = {"Coast Herald": "https://herald.example/a", "Bay News": None}
    site = article("b", None)
    site.url = "https://www.example.org/x"
    local = article("c", None)
    parts = signals(story("s", [wire, site, local]), None)
    assert parts.outlet_count == 5  # wire, two republishers, example.org, the local file
    assert parts.recency == 0.5      # no window: recency says nothing


def test_a_date_without_a_time_scores_its_day_not_its_midnight() -> None:
    early, late = article("e", "A", hours_ago=4), article("l", "B")
    today, yesterday, undated = article("t", "C"), article("y", "D"), article("u", "E")
    today.published = NOON.date()
    yesterday.published = (NOON - timedelta(days=1)).date()
    undated.published = None
    stories = [story(a.id, [a]) for a in (early, late, today, yesterday, undated)]
    recency = {s.id: s.signals.recency for s in rank_stories(stories, RankSettings())}
    # the window is 08:00 to 12:00 of the day the council's statement is dated: it may have
    # come out at any time of it, so it scores the middle, as an undated article does
    assert recency == {"e": 0.0, "l": 1.0, "t": 0.5, "y": 0.0, "u": 0.5}


def test_a_wire_story_the_store_keeps_as_one_article_ranks_as_its_four_copies_do() -> None:
    # a build from files holds four copies of a wire story; the store keeps one article
    # and names the three outlets that republished it: both rank it the same
    statement = "The harbour wall will be rebuilt before the winter storms"
    files = [article(f"w{i}", f"Outlet {i}") for i in range(4)]
    as_files = story("files", files, quotes=[row("Ann Byrne", statement, articles=tuple(files))])
    kept = article("k", "Outlet 0")
    kept.also_carried_by = {"Outlet 1": None, "Outlet 2": "https://two.example/w", "Outlet 3": None,
                            "outlet 0": None}  # its own outlet is no republisher
    as_stored = story("stored", [kept], quotes=[row("Ann Byrne", statement, articles=(kept,))])
    other = story("other", [article(f"o{i}", "Solo Post") for i in range(2)])
    for wire in (as_files, as_stored):
        parts = signals(wire, None)
        assert (parts.outlet_count, parts.article_count) == (4, 4)
        assert parts.articles == 0.75 and parts.substance == 0.6 * 0.5 + 0.4 * 0.5
    assert signals(as_stored, None) == signals(as_files, None)
    # its statement is as good a key voice either way
    assert voice_quality(as_stored.quotes[0], carried_copies(as_stored)) == voice_quality(
        as_files.quotes[0], carried_copies(as_files)) > voice_quality(as_stored.quotes[0])
    assert [s.id for s in rank_stories([other, as_stored], RankSettings())] == ["stored", "other"]


def test_weights_decide_and_ties_break_deterministically() -> None:
    old = story("old", [article("o", "A", hours_ago=20)], headline="Beta")
    new = story("new", [article("n", "B", hours_ago=0)], headline="Alpha")
    assert [s.id for s in rank_stories([old, new], RankSettings())] == ["new", "old"]
    no_recency = RankSettings(recency=0)
    # equal on every other signal: the newer one still wins the tie, then the headline
    assert [s.id for s in rank_stories([old, new], no_recency)] == ["new", "old"]
    twins = [story("z", [article("z1", "A")], headline="Same"),
             story("y", [article("y1", "B")], headline="Same")]
    assert [s.id for s in rank_stories(twins, RankSettings())] == ["y", "z"]
    assert [s.id for s in rank_stories(list(reversed(twins)), RankSettings())] == ["y", "z"]


def test_a_rerun_ranks_below_a_new_story_and_new_facts_lift_a_developing_one() -> None:
    rerun = story("rerun", [article("r", "A")])
    rerun.cluster.developing_since = NOON.date()
    fresh = story("fresh", [article("f", "B")])
    shown = {"rerun": [rerun.summary[0].text]}
    ranked = rank_stories([rerun, fresh], RankSettings(), shown)
    assert [s.id for s in ranked] == ["fresh", "rerun"]
    assert ranked[1].signals.novelty == 0.0 and ranked[0].signals.novelty == 1.0
    assert rank_stories([rerun], RankSettings(), {})[0].signals.novelty == 1.0  # all new facts


def test_named_speakers_and_shared_statements_add_substance() -> None:
    a, b = article("a", "A"), article("b", "B")
    bare = story("bare", [a])
    named = story("named", [b], quotes=[row("Lena Ortiz", "The bridge is safe for every driver",
                                            articles=(b,))])
    described = story("described", [b], quotes=[row("officials", "The bridge is safe", articles=(b,))])
    values = {s.id: s.signals.substance for s in rank_stories([bare, named, described], RankSettings())}
    assert values["named"] > values["described"] == values["bare"] == 0.0
    assert importance(signals(named, None), RankSettings()) > importance(signals(bare, None), RankSettings())


# ---------------------------------------------------------------- key voices

def test_key_voices_come_from_distinct_speakers_best_first() -> None:
    a, b, c = article("a", "A"), article("b", "B"), article("c", "C")
    rows = [row("officials", "The road will stay closed until the inspection is finished"),
            row("Lena Ortiz", "Traffic is flowing again", articles=(a,)),
            row("Lena Ortiz", "We checked every joint of the bridge twice before opening it",
                articles=(a, b, c)),
            row("Tom Reyes", "the work took six weeks and cost less than planned", kind="indirect",
                articles=(b,)),
            row("Tom Reyes", "no", articles=(b,)),
            row("Ann Byrne", "It is a good day for the town and for everyone who drives", articles=(c,))]
    voices = key_voices(rows, 3)
    assert [v.speaker for v in voices] == ["Lena Ortiz", "Ann Byrne", "Tom Reyes"]
    assert len({v.speaker for v in voices}) == 3
    # Lena Ortiz speaks through her statement carried by three outlets
    assert voices[0].text.startswith("We checked every joint")
    assert "officials" not in [v.speaker for v in key_voices(rows, 4)[:3]]


def test_a_description_reporting_is_never_a_key_voice() -> None:
    # the named speakers' words are in the summary beside the voices; what is left is
    # "officials promised further updates": no voice beats that filler
    a = article("a", "A")
    rows = [row("officials", "further updates on the talks by Friday", kind="indirect",
                articles=(a,)),
            row("residents", "the closure as a blow to the market town", kind="indirect",
                articles=(a,)),
            row("a union steward", "We will not go back until the offer is in writing",
                articles=(a,)),
            row("Maeve Lindqvist", "the strike would go on until the ministry put its offer in writing",
                kind="indirect", articles=(a,))]
    assert [v.speaker for v in key_voices(rows, 3)] == ["Maeve Lindqvist", "a union steward"]


# ---------------------------------------------------------------- the front page

def long_story(n: int, outlets: int = 1) -> Story:
    arts = [article(f"s{n}a{k}", f"Outlet {k}", body=" ".join(
        f"Sentence {j} of story {n} says something about the harbour and its wall." for j in range(6)))
        for k in range(outlets)]
    summary = [sentence(arts[0], f"Sentence {j} of story {n} says something about the harbour and its wall.")
               for j in range(5)]
    quotes = [row(f"Speaker{j} Person{n}", f"Statement {j} about the harbour wall and the storm that "
                  f"broke it last week", articles=(arts[0],)) for j in range(5)]
    return story(f"story{n}", arts, quotes=quotes, summary=summary, headline=f"Harbour story {n}")


def test_front_page_fits_the_word_budget_and_keeps_everything_else() -> None:
    stories = rank_stories([long_story(n, outlets=1 + n % 3) for n in range(30)], RankSettings())
    settings = FrontPageSettings(front_page=10, words=600)
    planned = plan_front_page(stories, settings)
    front = [s for s in planned if s.on_front_page]
    assert 1 <= len(front) <= 10 and len(planned) == 30  # nothing dropped
    words = sum(word_count(s.headline) + sum(word_count(x.text) for x in s.summary[:s.front_sentences])
                + sum(word_count(v.text) + word_count(v.speaker) for v in s.key_quotes) for s in front)
    assert words <= 600
    assert all(2 <= s.front_sentences <= 4 and 1 <= len(s.key_quotes) <= 3 for s in front)
    assert [s.rank for s in front] == sorted(s.rank for s in front)
    roomy = [s for s in plan_front_page(stories, FrontPageSettings(words=20_000)) if s.on_front_page]
    assert len(roomy) == 10 and all(s.front_sentences == 4 and len(s.key_quotes) == 3 for s in roomy)


def test_a_story_with_nothing_to_show_gives_its_front_page_place_to_the_next() -> None:
    """An article in another language has no summary and no voices: a headline alone on
    the front page tells the reader nothing, so it gets a line below and the next story
    its place."""
    empty = replace(long_story(0, outlets=3), quotes=[], summary=[])
    stories = [empty] + [long_story(n) for n in range(1, 5)]
    planned = plan_front_page(stories, FrontPageSettings(front_page=3, words=20_000))
    assert [s.id for s in planned if s.on_front_page] == ["story1", "story2", "story3"]
    assert len(planned) == 5 and not planned[0].on_front_page  # kept, below the front page


def synthetic_briefing(count: int, outlets: int = 4) -> Briefing:
    stories = [long_story(n, outlets=1 + n % outlets) for n in range(count)]
    ranked = plan_front_page(rank_stories(stories, RankSettings()), FrontPageSettings())
    return Briefing(date="2026-03-04", generated_at=NOON,
                    articles=[p.article for s in ranked for p in s.cluster.articles], stories=ranked)


def test_the_email_stays_within_its_budget_for_a_thousand_articles() -> None:
    from briefing.render import render_email_html, render_html

    briefing = synthetic_briefing(1000, outlets=1)  # 1,000 articles, each its own story
    assert len(briefing.articles) == 1000
    email = render_email_html(briefing)
    assert len(email.encode("utf-8")) <= RenderSettings().email_bytes
    assert "Harbour story" in email and "more stories in the full briefing" in email
    assert 'class="quotes"' not in email
    # the HTML page keeps every story
    html = render_html(briefing)
    assert all(f">Harbour story {n}<" in html for n in range(1000))
    online = render_email_html(briefing, RenderSettings(public_url="https://intra.example/b/"))
    assert 'href="https://intra.example/b/2026-03-04/briefing.html#story-' in online


def test_markdown_and_chat_carry_the_front_page_and_a_pointer() -> None:
    from briefing.render import render_chat, render_markdown

    briefing = synthetic_briefing(60)
    md = render_markdown(briefing)
    front = [s for s in briefing.stories if s.on_front_page]
    assert all(f"## {s.rank}. Harbour story" in md for s in front)
    assert md.count("\n- [Harbour story") + md.count("\n- Harbour story") <= RenderSettings().also_reported_lines + len(front) * 4
    assert "more stories in the full briefing" in md and "Full briefing" in md
    blocks = render_chat(briefing, flavour="slack")
    assert len(blocks) == 1 + len(front) + 1


# ---------------------------------------------------------------- through the pipeline

BODY = ("The harbour wall that collapsed in last week's storm will be rebuilt by the county "
        "council, which approved the money on Tuesday evening after a long debate. \"We will not "
        "leave the fishermen without shelter for another winter,\" said Mayor Ann Byrne. The "
        "engineers expect the work to take four months, and the boats that sheltered behind the "
        "old wall have moved to the marina across the bay until the repairs are finished. "
        "The storm brought gusts of more than 120 kilometres an hour and cut power to homes.")
OTHER = ("The county library will open until nine in the evening from April, the librarian "
         "Tom Reyes said, after readers asked for longer hours in a survey last autumn. The "
         "change costs little, he said, because volunteers will staff the desk on weekday "
         "evenings, and the reading room will be heated until closing time from next month. "
         "The library also plans a second reading room for students during the exam season, "
         "and a small cafe beside the entrance once the council agrees to pay for it.")
TWEET = ("Tweet with a location\n\nYou can add location information to your Tweets, such as "
         "your city or precise location, from the web and via third-party applications. You "
         "always have the option to delete your Tweet location history. Learn more")


def test_junk_never_becomes_a_story_and_every_article_is_in_one_story(tmp_path: Path) -> None:
    from briefing.pipeline import build_briefing

    records = [{"title": "Harbour wall to be rebuilt", "text": BODY, "publisher": f"Outlet {i}"}
               for i in range(4)]
    records.append({"title": "Library to open late", "text": OTHER, "publisher": "Town Crier"})
    (tmp_path / "news.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    for i in range(3):
        (tmp_path / f"tweet{i}.txt").write_text(TWEET, encoding="utf-8")
    (tmp_path / "stub.txt").write_text("Council meets\n\n" + " ".join(["Word"] * 30) + ".",
                                       encoding="utf-8")
    briefing = build_briefing([tmp_path], Settings())
    reasons = {Path(d.path).name: d.reason for d in briefing.dropped}
    assert set(reasons) == {"tweet0.txt", "tweet1.txt", "tweet2.txt", "stub.txt"}
    assert reasons["tweet0.txt"].startswith("embedded-post boilerplate: ")
    assert reasons["stub.txt"] == "stub: 30 words of body, under limits.min_article_words (50)"
    ids = [p.article.id for s in briefing.stories for p in s.cluster.articles]
    assert sorted(ids) == sorted(a.id for a in briefing.articles) and len(ids) == len(set(ids)) == 5
    lead = briefing.stories[0]
    assert lead.rank == 1 and lead.headline.startswith("Harbour wall") and lead.on_front_page
    assert lead.signals.outlet_count == 4
    # the mayor's words reach the front page once: as a key voice, or in the summary
    shown = " ".join(x.text for x in lead.summary[:lead.front_sentences])
    assert ([q.speaker for q in lead.key_quotes] == ["Ann Byrne"]) != ("Ann Byrne" in shown)
    from briefing.render import briefing_to_dict, render_html
    data = briefing_to_dict(briefing)
    assert data["front_page"] == [s.id for s in briefing.stories]
    assert {Path(d["path"]).name for d in data["dropped"]} == set(reasons)
    assert "4 inputs were left out (page furniture, stubs, program code, copies, unreadable or over a limit)" in render_html(briefing)


def test_a_front_page_story_lists_the_sources_it_cites_and_counts_the_rest() -> None:
    from briefing.render import render_html, render_markdown

    briefing = synthetic_briefing(1, outlets=1)
    briefing.stories = plan_front_page(rank_stories([long_story(0, outlets=3)], RankSettings()),
                                       FrontPageSettings())
    briefing.articles = [p.article for p in briefing.stories[0].cluster.articles]
    md = render_markdown(briefing)
    # the summary and voices cite the first article only
    assert "Sources: [1] Outlet 0 · and 2 more sources" in md
    assert '· <a href="#story-1">and 2 more sources</a></p>' in render_html(briefing)


def test_a_front_page_story_names_its_one_uncited_source_rather_than_count_it() -> None:
    from briefing.render import render_markdown

    briefing = synthetic_briefing(1, outlets=1)
    briefing.stories = plan_front_page(rank_stories([long_story(0, outlets=2)], RankSettings()),
                                       FrontPageSettings())
    briefing.articles = [p.article for p in briefing.stories[0].cluster.articles]
    md = render_markdown(briefing)
    assert "Sources: [1] Outlet 0 · [2] Outlet 1" in md and "more source" not in md


def test_the_email_links_to_its_own_edition_online(tmp_path: Path) -> None:
    from briefing.config import Settings
    from briefing.pipeline import publish_briefing

    settings = Settings()
    settings.render.public_url = "https://intra.example/b"
    briefing = synthetic_briefing(3)
    first = publish_briefing(briefing, tmp_path, ["html", "email"], settings)
    second = publish_briefing(briefing, tmp_path, ["html", "email"], settings)
    assert (first.name, second.name) == ("2026-03-04", "2026-03-04-2")
    email = second.files["email"].read_text(encoding="utf-8")
    assert "https://intra.example/b/2026-03-04-2/briefing.html#story-1" in email
    assert "/2026-03-04/briefing.html" not in email


def test_a_key_voice_never_says_again_in_its_own_words_what_a_summary_sentence_says() -> None:
    report = article("r", "Bay Courier", body="Tomas Reddy said it was the worst storm damage "
                     "the seafront had seen in a generation.")
    own = article("o", "Gazette", body="\u201cThis is the worst damage to the seafront in a "
                  "generation,\u201d said Tomas Reddy. \u201cWe will ask the government for "
                  "help to rebuild the pier,\u201d said Ana Ruiz.")
    words = "This is the worst damage to the seafront in a generation,"
    other = "We will ask the government for help to rebuild the pier,"
    rows = [row("Tomas Reddy", words, articles=(own,)), row("Ana Ruiz", other, articles=(own,))]
    summary = [sentence(report)]
    assert [v.speaker for v in key_voices(rows, 3)] == ["Tomas Reddy", "Ana Ruiz"]
    assert [v.speaker for v in key_voices(rows, 3, summary)] == ["Ana Ruiz"]


def test_a_key_voice_that_goes_on_past_the_point_a_summary_sentence_reports_is_not_shown() -> None:
    # trial 7: the summary reports Reddy's point; his quotation says it again and goes on
    report = article("r", "Coastline", body="Council leader Tomas Reddy said it was the worst "
                     "storm damage the seafront had seen in a generation.")
    words = ("This is the worst damage to the seafront in a generation, and the council will "
             "do whatever it takes to help the families who have lost their homes tonight")
    own = article("o", "Gazette", body=f"\u201c{words},\u201d said Tomas Reddy.")
    other = "They were calm, which helped us enormously"
    rows = [row("Tomas Reddy", words, articles=(own,)), row("Daniel Okafor", other, articles=(own,))]
    rows[0].role = "Council leader"
    summary = [sentence(report)]
    assert [v.speaker for v in key_voices(rows, 3)] == ["Tomas Reddy", "Daniel Okafor"]
    assert [v.speaker for v in key_voices(rows, 3, summary)] == ["Daniel Okafor"]
    # the same words from another speaker are not that speaker's reported point
    rows[0].speaker = "Eileen Marsh"
    assert [v.speaker for v in key_voices(rows, 3, summary)] == ["Eileen Marsh", "Daniel Okafor"]


def test_a_key_voice_gives_the_rest_of_a_quotation_a_summary_sentence_begins() -> None:
    # trial 7: a press release's summary holds the first sentence of each executive's
    # quotation, and the front page then had no key voice at all
    first = "Today marks the beginning of a new chapter for the people of Skelly Island"
    rest = "Skelly Star will cut emissions on the crossing by 90 per cent."
    a = article("p", "Meridian Ferries", body=f"\u201c{first},\u201d said Rebecca Vance. "
                f"\u201c{rest}\u201d")
    spans = [Span("p", a.text.index(part), a.text.index(part) + len(part)) for part in (first, rest)]
    quotation = QuoteRow("Rebecca Vance", None, f"{first} \u2026 {rest}", "direct", "said", spans)
    opening = f"\u201c{first},\u201d said Rebecca Vance."
    [voice] = key_voices([quotation], 3, [sentence(a, opening)])
    assert (voice.text, voice.spans) == (rest, spans[1:])
    assert a.text[voice.spans[0].start:voice.spans[0].end] == voice.text
    # nothing left to show when the summary holds every part
    both = [sentence(a, opening), sentence(a, f"\u201c{rest}\u201d")]
    assert key_voices([quotation], 3, both) == []
    assert quotation.text == f"{first} \u2026 {rest}"  # the table's row is left whole


def test_a_key_voice_never_repeats_a_summary_sentence_beside_it() -> None:
    a = article("a", "A", body="The mayor said the wall will be rebuilt. Ann Byrne said the "
                "council will pay for the whole of the work this year.")
    summary = [sentence(a, "The mayor said the wall will be rebuilt.")]
    inside = "the wall will be rebuilt"
    other = "the council will pay for the whole of the work this year"

    def at(text: str, speaker: str) -> QuoteRow:
        start = a.text.index(text)
        return QuoteRow(speaker, None, text, "indirect", "said", [Span("a", start, start + len(text))])

    rows = [at(inside, "Tom Reyes"), at(other, "Ann Byrne")]
    assert [v.speaker for v in key_voices(rows, 3)] == ["Ann Byrne", "Tom Reyes"]
    assert [v.speaker for v in key_voices(rows, 3, summary)] == ["Ann Byrne"]
    [planned] = plan_front_page(rank_stories([story("s", [a], rows, summary=summary)],
                                             RankSettings()), FrontPageSettings())
    assert [q.speaker for q in planned.key_quotes] == ["Ann Byrne"]
