"""Parse stage: one Doc per article, and sentences that respect paragraphs."""
from briefing.parse import load_model, parse_articles
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
