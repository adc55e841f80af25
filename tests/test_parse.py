"""Parse stage: one Doc per article, and sentences that respect paragraphs."""
from briefing.config import ParseSettings, load_settings
from briefing.parse import MAX_AUTO_PROCESSES, load_model, parse_articles, process_count
from briefing.records import Article


def test_blank_line_ends_a_sentence_even_without_punctuation() -> None:
    article = Article(id="a", path="a.txt", title="Council approves new budget plan",
                      body="The city council approved the plan on Tuesday.\n\n"
                           "Photo credit Jane Roe\n\nOfficials said the vote was close.")
    [parsed] = parse_articles([article])
    sentences = [s.text.strip() for s in parsed.doc.sents if s.text.strip()]
    assert sentences == ["Council approves new budget plan",
                         "The city council approved the plan on Tuesday.",
                         "Photo credit Jane Roe",
                         "Officials said the vote was close."]


def test_a_single_line_break_is_left_to_the_parser() -> None:
    nlp = load_model()
    doc = nlp("The mayor said the new bridge would open\nnext spring, ahead of schedule.")
    assert len(list(doc.sents)) == 1


def test_one_doc_per_article_in_order() -> None:
    articles = [Article(id=str(i), path=f"{i}.txt", title=f"Title {i}", body="Body text.")
                for i in range(5)]
    parsed = parse_articles(articles)
    assert [p.article.id for p in parsed] == ["0", "1", "2", "3", "4"]
    assert all(p.doc.text == p.article.text for p in parsed)


def test_a_relative_cache_dir_is_beside_the_config(tmp_path):
    path = tmp_path / "b.toml"
    path.write_text('[parse]\ncache_dir = "cache"\n')
    assert load_settings(path).parse.cache_dir == str(tmp_path / "cache")


def test_processes_fork_only_with_a_batch_for_each():
    settings = ParseSettings(processes=2, batch_size=16)
    assert process_count(settings, 200) == 2
    assert process_count(settings, 31) == 1  # two processes need a batch each
    assert process_count(settings, 0) == 1
    assert 1 <= process_count(ParseSettings(), 10_000) <= MAX_AUTO_PROCESSES


def test_parsing_on_two_processes_gives_the_same_docs():
    articles = [Article(id=str(i), path=f"{i}.txt", title=f"Minister {i} resigns",
                        body=f"The minister, who served {i} years, said on Monday that "
                             f"\"it is time to go.\"\n\nAides said the party would meet.")
                for i in range(8)]
    one = parse_articles(articles, ParseSettings(processes=1, batch_size=2))
    two = parse_articles(articles, ParseSettings(processes=2, batch_size=2))
    assert [[(t.dep_, t.head.i, t.ent_type_, t.lemma_) for t in p.doc] for p in two] == \
        [[(t.dep_, t.head.i, t.ent_type_, t.lemma_) for t in p.doc] for p in one]
