"""Quote extraction: one test per construction, on sentences written for the tests."""
from __future__ import annotations

import pytest

from briefing.parse import load_model
from spacy.tokens import Doc

from briefing.quotes import extract_quotes, find_quote_spans, quote_table
from briefing.quotes.content import _speech_content, _trim
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


def test_speaker_inside_split_quote_is_one_statement(quotes_of):
    body = ('Maria Lopez captained the side. "We are ready," she said, '
            '"and we will win the final."')
    q = only(quotes_of(body), "ready")
    assert q.speaker == "Maria Lopez" and q.mention.text == "she" and q.kind == "direct"
    assert q.text == "We are ready \u2026 and we will win the final."
    assert [body[s:e] for s, e in q.parts] == ["We are ready", "and we will win the final."]
    assert body[q.start:q.end] == 'We are ready," she said, "and we will win the final.'


def test_quote_resumed_after_attribution_sentence(quotes_of):
    body = ('"The dam is safe," Chief Engineer Ola Berg said. '
            '"We inspected it twice this week."')
    q = only(quotes_of(body), "dam")
    assert (q.speaker, q.role, q.kind) == ("Ola Berg", "Chief Engineer", "direct")
    assert q.text.startswith("The dam is safe") and q.text.endswith("twice this week.")


def test_separate_quotes_of_two_speakers_stay_apart(quotes_of):
    body = ('"The dam is safe," Chief Engineer Ola Berg said. '
            'Mayor Tom Okafor disagreed. "We need a new one," he said.')
    quotes = quotes_of(body)
    assert only(quotes, "dam").speaker == "Ola Berg"
    assert only(quotes, "new one").speaker == "Tom Okafor"


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


def test_doubled_straight_single_marks(quotes_of):
    body = ("Council leader Ruth Ames spoke on Monday. "
            "''We cannot keep the library open,'' she said.")
    q = only(quotes_of(body), "library")
    assert (q.speaker, q.kind) == ("Ruth Ames", "direct")
    assert q.text == "We cannot keep the library open,"


def test_single_quote_closed_by_double_mark_does_not_swallow_the_next(quotes_of):
    body = ("Minister Ivan Petrov attacked the plan, which he said 'ignores the farmers and "
            "rewards the banks.\"'We will fight it in court,' Petrov said.")
    quotes = quotes_of(body)
    court = only(quotes, "court")
    assert court.text == "We will fight it in court," and court.speaker == "Ivan Petrov"
    assert "court" not in only(quotes, "farmers").text


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


def test_short_quote_beside_its_verb(quotes_of):
    q = only(quotes_of('"No," Ada Brown said.'), "No")
    assert (q.speaker, q.text, q.kind) == ("Ada Brown", "No,", "direct")


def test_inverted_speaker_with_description_and_participle(quotes_of):
    quotes = quotes_of('"The roof will not last another winter," said retired teacher '
                       'Omar Haddad, asked about the plan.')
    q = only(quotes, "roof")
    assert (q.speaker, q.role, q.kind) == ("Omar Haddad", "retired teacher", "direct")
    assert len(quotes) == 1  # he was asked: the question is not his statement


def test_parenthetical_attribution(quotes_of):
    body = "The new bridge, Ola Berg said, will open to traffic in May."
    q = only(quotes_of(body), "bridge")
    assert (q.speaker, q.text, q.kind) == ("Ola Berg", body[:-1], "indirect")


def test_as_clause_attribution(quotes_of):
    q = only(quotes_of("As Mayor Tom Okafor noted, the school has not been repaired since 1990."),
             "school")
    assert (q.speaker, q.text, q.cue) == ("Tom Okafor",
                                          "the school has not been repaired since 1990", "noted")


def test_asked_whether(quotes_of):
    q = only(quotes_of("Reporter Jan Dale asked Mayor Tom Okafor whether the school would "
                       "reopen."), "school")
    assert (q.speaker, q.text, q.cue) == ("Jan Dale", "whether the school would reopen", "asked")


def test_what_the_subject_was_asked_is_no_statement_of_theirs(quotes_of):
    quotes = quotes_of("Asked whether the port would send more ships, Mayor Tom Okafor "
                       "said no decision had been taken. Asked to describe the damage that "
                       "the storm caused, Chief Ada Brun said it was too early to tell. "
                       "Told of the verdict, Jan Dale said she would appeal.")
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Tom Okafor", "no decision had been taken"), ("Ada Brun", "it was too early to tell"),
        ("Jan Dale", "she would appeal")]


def test_a_description_keeps_its_owner(quotes_of):
    quotes = quotes_of("The alliance's chief said the port would stay open. Kellhaven's "
                       "finance minister told reporters that the budget was fixed.")
    assert [q.speaker for q in quotes] == ["the alliance's chief",
                                           "Kellhaven's finance minister"]
    quotes = quotes_of("The latest version of the plan says the cuts will be phased in. A "
                       "spokesman for the port authority said talks would resume.")
    assert [q.speaker for q in quotes] == ["latest version of the plan",
                                           "spokesman for the port authority"]


def test_what_a_local_story_calls_a_person_is_their_role_not_part_of_their_name(quotes_of):
    quotes = quotes_of("The Carrow Bridge closed on Monday after engineers found cracks.\n\n"
                       "Resident Grete Solberg, 71, said she had lived here all her life.\n\n"
                       "Passenger Omar Haddad, a nurse at Kellhaven General Hospital, said "
                       "the ferry was full.")
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Grete Solberg", "resident"), ("Omar Haddad", "nurse at Kellhaven General Hospital")]


def test_a_post_of_a_place_before_a_name_the_tagger_ran_into_one_body_is_the_role(quotes_of):
    quotes = quotes_of('Mayor of Vesterby Anders Lund said: "We cannot let this happen '
                       'again." Lund added that the town would pay for repairs.')
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Anders Lund", "Mayor of Vesterby"), ("Anders Lund", None)]


@pytest.mark.parametrize("mark", ["\u2019", "'"])
def test_a_role_runs_on_past_a_possessive_apostrophe_in_a_bodys_name(quotes_of, mark):
    """The parser reads the apostrophe of "Nurses’ Union" as a closing quote and cuts the
    role there; the name it tags runs on."""
    quotes = quotes_of(f"Aoife Delaney, general secretary of the Bellmoor Nurses{mark} Union, "
                       "greeted staff at the entrance. She said morale was the best in years.")
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Aoife Delaney", f"general secretary of the Bellmoor Nurses{mark} Union")]


def test_a_description_with_an_owner_is_the_person_the_article_gave_that_post(quotes_of):
    quotes = quotes_of("Tomas Brandt, the city's chief engineer, said the repairs were "
                       "nearly done. Buses will use the bridge again within a fortnight, the "
                       "city's chief engineer said on Tuesday.")
    assert [q.speaker for q in quotes] == ["Tomas Brandt", "Tomas Brandt"]


def test_coordinated_speech_verbs_are_two_statements(quotes_of):
    quotes = quotes_of("Mayor Tom Okafor said the budget was tight but insisted no school "
                       "would close.")
    said, insisted = only(quotes, "budget"), only(quotes, "school")
    assert (said.text, said.cue) == ("the budget was tight", "said")
    assert (insisted.text, insisted.cue) == ("no school would close", "insisted")
    assert said.speaker == insisted.speaker == "Tom Okafor"


@pytest.mark.parametrize("body, content, kind", [
    ('Farm leader Ada Brown called the new tax "a disaster for small growers."',
     'the new tax "a disaster for small growers."', "mixed"),
    ('Farm leader Ada Brown criticised what she called "a tax on bread."',
     'what she called "a tax on bread."', "mixed"),
])
def test_names_given_in_quotation_marks(quotes_of, body, content, kind):
    q = only(quotes_of(body), "tax")
    assert (q.speaker, q.text, q.kind) == ("Ada Brown", content, kind)


def test_claim_of_a_possessor(quotes_of):
    body = "Ada Brown's claim that the figures had been changed was rejected by the court."
    q = only(quotes_of(body), "figures")
    assert (q.speaker, q.text, q.cue) == ("Ada Brown", "the figures had been changed", "claim")


def test_apposed_age_does_not_hide_the_speaker(quotes_of):
    q = only(quotes_of("Lena Fischer, 44, said that the museum would open in June."), "museum")
    assert (q.speaker, q.text) == ("Lena Fischer", "the museum would open in June")


def test_speaker_cut_off_from_its_verb_by_an_aside(quotes_of):
    body = ("On his way out of the race, Mayor Tom Okafor - in a line that seemed aimed at "
            "his rival - declared that a city must serve all of its people.")
    q = only(quotes_of(body), "city")
    assert (q.speaker, q.cue, q.text) == ("Tom Okafor", "declared",
                                          "a city must serve all of its people")
    assert q.mention.text == "Mayor Tom Okafor"


@pytest.mark.parametrize("body, speaker, content", [
    ("The Kremlin issued a statement saying the talks would go on.", "Kremlin",
     "the talks would go on"),
    ("Lena Fischer held up a sign saying the river was rising.", "Lena Fischer",
     "the river was rising"),
])
def test_participle_speaking_for_its_noun(quotes_of, body, speaker, content):
    q = only(quotes_of(body), content.split()[0])
    assert (q.speaker, q.text, q.cue) == (speaker, content, "saying")


def test_raising_verb_kept_in_cue(quotes_of):
    q = only(quotes_of("Mayor Tom Okafor appeared to signal that taxes would rise."), "taxes")
    assert (q.speaker, q.cue, q.text) == ("Tom Okafor", "appeared to signal", "taxes would rise")


def test_according_to(quotes_of):
    q = only(quotes_of("According to Lena Fischer, the museum will open in June."), "museum")
    assert q.speaker == "Lena Fischer" and q.text == "the museum will open in June"
    assert q.cue == "According to"


def test_according_to_inside_a_sentence_sources_its_own_clause(quotes_of):
    body = ("Entering the last week, Rosa Diaz leads Ken Obi by 40 votes according to a "
            "tally by the Harbour Gazette, but Ken Obi has vowed to fight on.")
    q = only(quotes_of(body), "40 votes")
    assert q.cue == "according to"
    assert q.text == "Entering the last week, Rosa Diaz leads Ken Obi by 40 votes"
    body = ("While most of the files were marked secret, according to a court official, "
            "two were released to the public.")
    q = only(quotes_of(body), "two were")
    assert q.text == "two were released to the public"


def test_parenthetical_attribution_hung_on_an_auxiliary(nlp):
    """'Even then, she said, she's learned ...' with the speech clause parsed as a
    dependent of the auxiliary 's: the content is the whole clause of its main verb."""
    words = ["Even", "then", ",", "she", "said", ",", "she", "'s", "learned", "enough", "."]
    heads = [1, 8, 4, 4, 7, 4, 8, 8, 8, 8, 8]
    deps = ["advmod", "advmod", "punct", "nsubj", "parataxis", "punct", "nsubj", "aux",
            "ROOT", "advmod", "punct"]
    pos = ["ADV", "ADV", "PUNCT", "PRON", "VERB", "PUNCT", "PRON", "AUX", "VERB", "ADV",
           "PUNCT"]
    doc = Doc(nlp.vocab, words=words, spaces=[True, False, True, True, False, True, False,
                                               True, True, False, False],
              heads=heads, deps=deps, pos=pos, lemmas=[w.lower() for w in words[:4]]
              + ["say"] + [w.lower() for w in words[5:]])
    said = doc[4]
    assert said.head.dep_ == "aux"
    start, end = _speech_content(said)
    assert doc[start:end].text == "Even then, she said, she's learned enough."


def test_attribution_split_off_by_the_parser_reports_the_sentence_before(nlp):
    """', he said.' parsed as a sentence of its own still reports the words before it."""
    text = ('Mr. Ivo Marsh teaches economics. Graduates who take on big loans struggle, even '
            'with a "good" job, he said. The college is small.')
    doc = nlp.make_doc(text)
    comma = [t.i for t in doc if t.text == ","][-1]
    for t in doc:
        t.is_sent_start = t.i == 0 or t.i == comma or t.text in ("Graduates", "The")
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert any(s.text == ", he said." for s in doc.sents)
    article = Article(id="a1", path="a1.txt", title="", body=text)
    q = only(extract_quotes(ParsedArticle(article, doc)), "loans")
    assert q.speaker == "Ivo Marsh" and q.kind == "mixed"
    assert q.text == 'Graduates who take on big loans struggle, even with a "good" job'


@pytest.mark.parametrize("body, speaker", [
    ("Most of the governors said they back the new rules.", "Most of the governors"),
    ("Many of his Democratic supporters say they understand his problem.",
     "Many of his Democratic supporters"),
])
def test_part_of_a_group_as_speaker(quotes_of, body, speaker):
    (q,) = quotes_of(body)
    assert q.speaker == speaker and q.mention.text == speaker
    assert q.text.startswith("they ")


@pytest.mark.parametrize("body", [
    "Rosa Diaz, the head of the Harbour Board, said in a statement. "
    "\u201cThere are no ships to inspect. The port was closed for a week.\u201d",
    "Rosa Diaz runs the port. She told reporters on Monday.\n\n"
    "\u201cThere are no ships to inspect. The port was closed for a week.\u201d",
])
def test_attribution_without_words_introduces_the_next_quotation(quotes_of, body):
    q = only(quotes_of(body), "ships")
    assert q.speaker == "Rosa Diaz" and q.kind == "direct"
    assert q.text == "There are no ships to inspect. The port was closed for a week."


def test_content_opens_after_a_complementizer_parsed_as_a_subject(nlp):
    """'told the show that plans for a truce sent ...' with "that" parsed as the subject
    of "plans": the content starts at "plans"."""
    words = ["told", "the", "show", "that", "plans", "for", "peace", "sent", "a", "signal"]
    doc = Doc(nlp.vocab, words=words, heads=[0, 2, 0, 4, 7, 4, 5, 0, 9, 7],
              deps=["ROOT", "det", "dobj", "nsubj", "nsubj", "prep", "pobj", "ccomp", "det",
                    "dobj"],
              pos=["VERB", "DET", "NOUN", "PRON", "NOUN", "ADP", "NOUN", "VERB", "DET", "NOUN"])
    start, end = _trim(doc, 3, 10)
    assert doc.text[start:end] == "plans for peace sent a signal"


def test_content_keeps_that_as_a_determiner(quotes_of):
    (q,) = quotes_of("Ada Moss said that plan was a mistake.")
    assert q.speaker == "Ada Moss" and q.text == "that plan was a mistake"


@pytest.mark.parametrize("body, content, cue", [
    ('"Voters fear wasting their ballots," Ken Obi surmised. "I see it every day."',
     'Voters fear wasting their ballots \u2026 I see it every day.',
     "surmised"),
    ("Ken Obi vented to his aides that the race would be \"long and ugly.\"",
     'the race would be "long and ugly."', "vented"),
    ("Ken Obi mused that the harbour could host a festival.",
     "the harbour could host a festival", "mused"),
    ("Ken Obi touted his record on schools.", "his record on schools", "touted"),
])
def test_more_speech_verbs(quotes_of, body, content, cue):
    (q,) = quotes_of(body)
    assert (q.speaker, q.text, q.cue) == ("Ken Obi", content, cue)


def test_inverted_surname_the_parser_takes_for_an_adverb(quotes_of, nlp):
    body = ("Ann Skelly runs the depot. \u201cThe trucks need new tyres before the snow "
            "comes,\u201d said Skelly, explaining the delay.")
    said = [t for t in nlp(body) if t.text == "said"][0]
    assert said.doc[said.i + 1].pos_ != "PROPN"  # the misparse this rule is for
    q = only(quotes_of(body), "tyres")
    assert (q.speaker, q.kind) == ("Ann Skelly", "direct")


def test_object_keeps_its_prepositional_phrase_in(quotes_of):
    (q,) = quotes_of("Ken Obi questioned the mayor's judgment in closing the port.")
    assert (q.speaker, q.text) == ("Ken Obi", "the mayor's judgment in closing the port")


def test_report_and_reportedly_follow_up(quotes_of):
    body = ("City workers have asked the council to repair the depot, the Harbour Gazette "
            "reported on Monday. In addition, they reportedly want the mayor to pay for new "
            "trucks, as well as 'a bonus for the night shift.' Mayor Ken Obi told the paper "
            "that he had ruled out new taxes.")
    quotes = quotes_of(body)
    q = only(quotes, "bonus")
    assert (q.speaker, q.cue, q.kind) == ("Harbour Gazette", "reportedly", "mixed")
    assert q.text.startswith("In addition, they reportedly want")
    # the verb after the quotation has words of its own: it does not take the quotation
    assert only(quotes, "new taxes").text == "he had ruled out new taxes"


def test_speech_verb_with_its_own_words_does_not_take_the_quotation_before_it(quotes_of):
    body = ("The unions want the city to pay for buses, as well as 'free parking for nurses "
            "at the hospital.' Mayor Ken Obi on Tuesday told the Daily Star that he had "
            "ruled out new taxes.")
    quotes = quotes_of(body)
    assert not [q for q in quotes if "parking" in q.text]
    assert only(quotes, "taxes").speaker == "Ken Obi"


def test_reportedly_without_a_report_names_nobody(quotes_of):
    assert quotes_of("The depot is closed. The workers reportedly want new trucks.") == []


def test_refusal_to_comment_introduces_no_quotation(quotes_of):
    body = ("Rosa Diaz declined to comment. \u201cThe cranes are broken and the port is "
            "shut,\u201d a dock worker said.")
    q = only(quotes_of(body), "cranes")
    assert q.speaker == "dock worker"



@pytest.mark.parametrize("body, speaker, content", [
    # the tagger reads "forecast" and "maintains" as nouns heading the sentence
    ("The union forecast that the strike would last a week.", "union",
     "the strike would last a week"),
    ("The NHB forecast that exports will fall 4 per cent next year.", "NHB",
     "exports will fall 4 per cent next year"),
    ("The ferry was never late in those years, the retired harbour clerk maintains.",
     "retired harbour clerk", "The ferry was never late in those years"),
])
def test_speech_verb_tagged_as_noun_still_reports(quotes_of, body, speaker, content):
    q = only(quotes_of(body), content.split()[1])
    assert (q.speaker, q.text) == (speaker, content)


def test_past_tense_parsed_as_modifier_of_a_description_speaks_for_it(quotes_of):
    # "called" tagged a past tense but hung on "chief" as a modifier, no verb left
    q = only(quotes_of("Mara Lind, chair of the Harbour Lending Board (HLB), said the rules "
                       "would change in May. The HLB chief called on the banks to lend more "
                       "to small firms."), "banks")
    assert (q.speaker, q.mention.text) == ("Mara Lind", "The HLB chief")
    q = only(quotes_of("The NPA chief Ko Min-jae spoke first. Later, the NPA chief called on "
                       "the banks to lend more to small firms."), "banks")
    assert q.mention.text == "the NPA chief" and not q.speaker.lower().startswith("later")


def test_statement_goes_on_after_its_attribution_with_and(quotes_of):
    body = ("Ticket sales rose 12 percent in March, the operator said in its spring update, "
            "and season passes rose 5 percent.")
    q = only(quotes_of(body), "Ticket")
    assert (q.speaker, q.text) == ("operator", body[:-1])
    quotes = quotes_of('"Ticket sales are up," the operator said, and the shares rose.')
    assert only(quotes, "Ticket").text == "Ticket sales are up,"  # the quotation was all


def test_call_on_parsed_as_a_particle_still_names_whom_and_what(quotes_of):
    # "on" tagged a particle with its object hung on it
    quotes = quotes_of('Her parents have called on detectives to release the tapes "without '
                       'delay" and called on everyone to stay calm.')
    assert only(quotes, "tapes").text == 'detectives to release the tapes "without delay"'
    assert only(quotes, "calm").text == "everyone to stay calm"


def test_noting_a_thing_reports_it(quotes_of):
    q = only(quotes_of("Writing in her column last week, Ana Ruiz noted the library's long "
                       "opening hours."), "library")
    assert (q.speaker, q.text, q.cue) == ("Ana Ruiz", "the library's long opening hours",
                                          "noted")


@pytest.mark.parametrize("body, speaker, cue, said, span", [
    ("The council backed a plan which experts said was designed to fail.", "experts", "said",
     "was designed to fail", "which experts said was designed to fail"),
    ("The council backed a plan that experts have long said was designed to fail.", "experts",
     "have long said", "was designed to fail", "that experts have long said was designed to fail"),
    ("The mayor, who critics say has ignored the quays, defended the plan.", "critics", "say",
     "has ignored the quays", "who critics say has ignored the quays"),
    ("Ruth Lane runs the ferry, which, Maria Lopez said, is always full on market days.",
     "Maria Lopez", "said", "is always full on market days",
     "which, Maria Lopez said, is always full on market days"),
    ("Maria Lopez chairs the caucus. The caucus was divided last year, which she said "
     "reflected the mood of the town.", "Maria Lopez", "said", "reflected the mood of the town",
     "which she said reflected the mood of the town"),
    ("The mayor defended the levy, which critics have described as unfair to the quays.",
     "critics", "have described", "unfair to the quays",
     "which critics have described as unfair to the quays"),
])
def test_a_statement_in_a_relative_clause_is_what_was_said(quotes_of, body, speaker, cue, said,
                                                           span):
    """"a plan which experts said was designed to fail": the relative word stands for
    the plan and "experts said" is who said it, so the statement shows what comes after,
    never its own attribution; its span opens with the relative word, the subject of
    what was said (as PolNeAR marks it), and the table cites the words shown."""
    (q,) = quotes_of(body)
    assert (q.speaker, q.cue, q.text, q.kind) == (speaker, cue, said, "indirect")
    assert [body[s:e] for s, e in q.parts] == [said] and body[q.start:q.end] == span
    article = Article(id="a1", path="a1.txt", title="", body=body)
    (row,) = quote_table([q], [article])
    assert row.text == said and [article.text[s.start:s.end] for s in row.spans] == [said]


def test_relative_clause_of_description_is_its_speakers_statement(quotes_of):
    q = only(quotes_of('The pier was closed after a fault that Chief Engineer Pia Lund '
                       'described as "serious" last week.'), "serious")
    assert (q.speaker, q.cue, q.kind) == ("Pia Lund", "described", "direct")
    assert q.text == "serious"  # what she called it, not "that ... Pia Lund described as"
    quotes = quotes_of('The union denied the claims, which Ruth Lane described as "baseless."')
    assert only(quotes, "baseless").speaker == "Ruth Lane"
    assert only(quotes, "claims").text == "the claims"  # the union's words end at hers

@pytest.mark.parametrize("body, content, cue", [
    ('On the radio, former Governor Ann Moss called the budget "reckless."',
     'the budget "reckless."', "called"),
    ("In her memoir, Ann Moss described how, as a child, she moved to Ohio.",
     "how, as a child, she moved to Ohio", "described"),
    ("Ann Moss reported raising about $2 million during the month.",
     "raising about $2 million during the month", "reported"),
    ("Ann Moss has proposed taxing sugary drinks, and Ken Obi recalled meeting her.",
     "taxing sugary drinks", "has proposed"),
    ("Senator Ann Moss called on Mayor Ken Obi (D) to resign over the crisis.",
     "Mayor Ken Obi (D) to resign over the crisis", "called"),
    ("On Monday Senator Ann Moss also called upon the city to close the plant.",
     "the city to close the plant", "called"),
])
def test_verbs_with_gerund_wh_or_prepositional_content(quotes_of, body, content, cue):
    q = only(quotes_of(body), content.split()[1])
    assert (q.speaker, q.text, q.cue.split()[-1]) == ("Ann Moss", content, cue.split()[-1])


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
     "told the Daily Ledger"),
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


def test_a_subject_pronoun_carries_its_person_on(quotes_of):
    """'He' as the subject of the sentence before stands for the same person as 'he'
    after a quotation, though someone else is named between them."""
    body = ("Farmer Piet Jansen sells cheese at the market. He is now thinking about a new "
            "cheese with Mayor Tom Okafor on the label. "
            '"I will see how the first one sells," he said.')
    q = only(quotes_of(body), "sells")
    assert (q.speaker, q.mention.text) == ("Piet Jansen", "he")


def test_description_resolved_by_role_words(quotes_of):
    body = ("Chilean Foreign Minister Elena Soto met Peruvian President Jorge Vidal in Lima. "
            "The foreign minister said the border would stay open.")
    q = only(quotes_of(body), "border")
    assert q.speaker == "Elena Soto" and q.mention.text == "The foreign minister"


@pytest.mark.parametrize("said", [
    'The president of the Nordic Rail Board, Ursula von der Leyen, said: "The line will open."',
    '"The line will open," said the president of the Nordic Rail Board, Ursula von der Leyen.',
    'The president of the farmers\' union, Ana Ruiz, said: "The line will open."'])
def test_a_description_with_a_name_in_apposition_is_that_person(quotes_of, said):
    """'The president of X, Y, said': the name set beside the description says who
    speaks, though the description's role fits a president named before."""
    q = only(quotes_of("Finnish President Jorge Vidal opened the summit. " + said), "line")
    name = said.split(", ")[1].split(",")[0].rstrip(".")
    assert q.speaker == name and q.role.startswith("president of")


def test_leader_description(quotes_of):
    body = ("Peruvian President Jorge Vidal met Chilean Foreign Minister Elena Soto in Lima. "
            "The Peruvian leader said trade would double.")
    assert only(quotes_of(body), "trade").speaker == "Jorge Vidal"


def test_an_occupation_opening_the_sentence_is_a_role_not_part_of_the_name(quotes_of):
    body = ("Forecaster Ciaran Walsh said the storm would reach the coast by Friday. "
            "Meteorologist Anna Berg said gusts could top 120 kilometres an hour. "
            "Hunter Biden said he would testify.")
    quotes = quotes_of(body)
    storm, gusts = only(quotes, "storm"), only(quotes, "gusts")
    assert (storm.speaker, storm.role) == ("Ciaran Walsh", "forecaster")
    assert (gusts.speaker, gusts.role) == ("Anna Berg", "meteorologist")
    assert only(quotes, "testify").speaker == "Hunter Biden"  # a given name, not a job


def test_an_occupation_folding_like_a_name_is_still_a_role(quotes_of):
    """Words the name folding changes ("mediator" folds to "medyator", "historian" to
    "historyan") are titles all the same."""
    body = ("Talks resumed on Wednesday. Mediator Joan Whitcombe said: \"There is a deal to "
            "be done here.\" Historian Mary Beard said the find was remarkable.")
    quotes = quotes_of(body)
    assert (only(quotes, "deal").speaker, only(quotes, "deal").role) == ("Joan Whitcombe",
                                                                         "mediator")
    assert (only(quotes, "find").speaker, only(quotes, "find").role) == ("Mary Beard",
                                                                         "historian")


def test_said_x_but_that_y_keeps_the_second_clause(quotes_of):
    """The parser may hang "but that Y" on the full stop; the statement is not cut to
    "... encouraging but that"."""
    body = ("Independent cardiologist Dr Lena Fischer of the University of Kellhaven said "
            "the results were encouraging but that the full data needed to be published "
            "and reviewed.\n\nThe company employs about 2,300 people at its research campus "
            "on the northern edge of the city.")
    assert only(quotes_of(body), "encouraging").text == (
        "the results were encouraging but that the full data needed to be published and "
        "reviewed")


def test_promising_before_a_noun_is_an_adjective_not_a_promise(quotes_of):
    title = "Kellhaven biotech firm reports promising results in heart drug trial"
    body = "The trial involved 4,200 patients. The mayor is promising reforms to the office."
    quotes = quotes_of(body, title=title)
    assert not [q for q in quotes if "results" in q.text]
    assert only(quotes, "reforms").speaker == "mayor"


def test_a_dateline_or_live_blog_time_is_neither_said_nor_a_role(quotes_of):
    body = ("KELLHAVEN, 1 December 2026 - Norvale Biotech today announced that its therapy "
            "met its primary endpoint in the trial.\n\n13:30 - Around 300 residents have "
            "now left their homes in the valley, the regional council says.")
    quotes = quotes_of(body)
    trial = only(quotes, "endpoint")
    assert (trial.speaker, trial.role) == ("Norvale Biotech", None)
    assert only(quotes, "residents").text == (
        "Around 300 residents have now left their homes in the valley")


def test_a_title_case_dateline_with_its_agency_is_not_said(quotes_of):
    """"Port Calverley (HW) — ": a wire dateline though its place is not in capitals."""
    quotes = quotes_of("Port Calverley (HW) \u2014 Around 300 residents have now left their "
                       "homes in the valley, the regional council says.")
    assert only(quotes, "residents").text == (
        "Around 300 residents have now left their homes in the valley")


def test_the_agent_of_a_passive_telling_is_the_speaker(quotes_of):
    q = only(quotes_of("Residents were told by police to leave their homes."), "leave")
    assert q.speaker == "police"


def test_a_condition_and_a_second_verdict_stay_with_the_statement(quotes_of):
    quotes = quotes_of("Kellhaven police said officers would examine the site once it had "
                       "been declared safe. The Kellhaven Port Authority said it had offered a "
                       "4 percent rise over two years and called the walkout "
                       "disproportionate.")
    assert only(quotes, "examine").text == (
        "officers would examine the site once it had been declared safe")
    assert only(quotes, "offered").text == "it had offered a 4 percent rise over two years"
    walkout = only(quotes, "walkout")
    assert (walkout.speaker, walkout.text) == ("Kellhaven Port Authority",
                                               "the walkout disproportionate")


def test_a_post_in_title_case_after_the_name_is_the_role(quotes_of):
    q = only(quotes_of('"This is a milestone for Kellhaven," said Fiona Darcy, Managing '
                       'Director of Kellhaven Airport.'), "milestone")
    assert (q.speaker, q.role) == ("Fiona Darcy", "Managing Director of Kellhaven Airport")


def test_a_role_owned_by_its_says_whose_office_it_is(quotes_of):
    quotes = quotes_of(
        "The port authority said on Monday that the new quay would open in March. Tomas "
        "Brenner, its chief executive, said the delay was caused by storms.\n\nThe Harbour "
        "Board met in private. Sam Lee, its chair, told reporters the vote was close.\n\n"
        "The Post sent its national reporter Stella Marwick to the town. Marwick said the mood was "
        "calm.")
    assert [(q.speaker, q.role) for q in quotes if q.speaker != "port authority"] == [
        ("Tomas Brenner", "chief executive of the port authority"),
        ("Sam Lee", "chair of the Harbour Board"),
        ("Stella Marwick", "national reporter of the Post")]


def test_a_role_in_capitals_is_spelled_as_the_article_spells_its_words(quotes_of):
    quotes = quotes_of(
        "WASHINGTON - NASA ADMINISTRATOR Bill Nelson said on Monday that the agency was on "
        "track for a crewed landing. Nelson said NASA had tested the lander in Texas.\n\n"
        "The CEO OF ACME, Jo Marwick, said the firm would build the lander. Acme is based in "
        "Ohio.")
    assert {(q.speaker, q.role) for q in quotes} == {("Bill Nelson", "NASA Administrator"),
                                                      ("Jo Marwick", "CEO of Acme")}


def test_a_role_capitalised_only_by_opening_the_sentence_is_in_lower_case(quotes_of):
    body = ("Opposition councillor David Lyle said the costs were unrealistic. Mayor Helen "
            "Marsh said the line would open in 2029. Former President Bill Clinton said it "
            "was a good plan. Millbrook resident Tom Keane said the works were loud. The "
            "opposition walked out.")
    quotes = quotes_of(body)
    assert only(quotes, "unrealistic").role == "opposition councillor"
    assert only(quotes, "2029").role == "Mayor"               # a title
    assert only(quotes, "good plan").role == "Former President"  # a title in title case
    assert only(quotes, "loud").role == "Millbrook resident"  # never lower case here


@pytest.mark.parametrize("body, speaker, role", [
    # the article's own spelling in running text
    ("Spokeswoman Jane Doe said the wall would be rebuilt. A council spokeswoman later "
     "gave the date.", "Jane Doe", "spokeswoman"),
    ("Opposition councillor David Lyle said the wall would be rebuilt. Later the Opposition "
     "walked out.", "David Lyle", "Opposition councillor"),
    # a word known to be common, written nowhere else: lower case
    ("Spokeswoman Jane Doe said the wall would be rebuilt.", "Jane Doe", "spokeswoman"),
    ("Resident Eileen Marsh said the wall would be rebuilt.", "Eileen Marsh", "resident"),
    # a title of office, or a word that may be a name, keeps its capital
    ("Senator Ann Moss said the wall would be rebuilt.", "Ann Moss", "Senator"),
    ("Millbrook resident Tom Keane said the wall would be rebuilt.", "Tom Keane",
     "Millbrook resident"),
    ("Chief Engineer Ola Berg said the wall would be rebuilt.", "Ola Berg", "Chief Engineer"),
])
def test_a_role_opening_the_sentence_is_spelled_as_in_running_text(quotes_of, body, speaker,
                                                                    role):
    """"Spokeswoman Jane Doe said": only the sentence's opening gives the word its capital,
    so the role is spelled as the article writes it mid-sentence, or, for a word known to
    be common, in lower case where it does not; a title of office keeps its capital, as it
    has before a name anywhere, and so does a word that may be a place's name."""
    q = only(quotes_of(body), "wall")
    assert (q.speaker, q.role) == (speaker, role)


def test_an_age_is_no_role_and_a_named_one_of_many_is_named(quotes_of):
    body = ("One of the students, 16-year-old Aisling Murphy, said the project took a year. "
            "The 16-year-old Aisling Murphy said she was delighted. "
            "Farmer Joe Keane said the rain had ruined his barley.")
    quotes = quotes_of(body)
    year, delighted, barley = (only(quotes, w) for w in ("year", "delighted", "barley"))
    assert (year.speaker, year.role) == ("Aisling Murphy", None)
    assert (delighted.speaker, delighted.role) == ("Aisling Murphy", None)
    assert (barley.speaker, barley.role) == ("Joe Keane", "farmer")


def test_an_office_is_not_another_office(quotes_of):
    """"the chief" may be anyone leading something, but "the mayor" is not the fire chief
    named a sentence later (nor before)."""
    body = ("The mayor said the town had enough sandbags for every street. "
            "\"We are ready,\" said fire chief Maria Lopez. "
            "The mayor said the schools would stay shut.")
    quotes = quotes_of(body)
    assert only(quotes, "sandbags").speaker == "mayor"
    assert only(quotes, "schools").speaker == "mayor"
    assert only(quotes, "ready").speaker == "Maria Lopez"
    led = quotes_of("Fire chief Maria Lopez toured the harbour. The chief said the wall held.")
    assert only(led, "wall").speaker == "Maria Lopez"


def test_description_with_synonym_and_rank_word(quotes_of):
    body = ("Senior adviser Omar Haddad met the press. The top aide said the deal was close.")
    q = only(quotes_of(body), "deal")
    assert q.speaker == "Omar Haddad" and q.mention.text == "The top aide"


def test_it_resolves_to_the_organisation(quotes_of):
    body = "The Kremlin published a statement on Monday. It said the talks had been useful."
    q = only(quotes_of(body), "talks")
    assert q.speaker == "Kremlin" and q.mention.text == "It"


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


def test_quote_table_puts_named_speakers_before_descriptions():
    a1 = Article(id="a1", path="a1.txt", title="t", body="b")
    quotes = [Quote("a1", "the road would reopen soon", 0, 26, "officials", "said", "indirect"),
              Quote("a1", "repairs were on schedule", 30, 54, "officials", "said", "indirect"),
              Quote("a1", "We owe the town an apology,", 60, 87, "Ines Okafor", "said", "direct")]
    assert [r.speaker for r in quote_table(quotes, [a1])] == ["Ines Okafor", "officials",
                                                             "officials"]


def test_a_description_opening_a_sentence_is_not_a_name(quotes_of):
    quotes = quotes_of("The ferry service will resume on Monday. Officials said the new timetable "
                       "would be published on Friday. Local shop owners said the closure had "
                       "cost them dearly.")
    assert only(quotes, "timetable").speaker == "officials"
    assert only(quotes, "closure").speaker == "local shop owners"


def test_quote_table_merges_part_of_a_quotation_into_the_whole():
    a1 = Article(id="a1", path="a1.txt", title="t", body="b")
    a2 = Article(id="a2", path="a2.txt", title="t", body="b")
    part = "Our members are tired of promises,"
    whole = "Our members are tired of promises, and they will strike on Monday unless the city pays."
    quotes = [Quote("a1", part, 10, 10 + len(part), "Martin Hale", "said", "direct"),
              Quote("a2", whole, 5, 5 + len(whole), "Martin Hale", "said", "direct"),
              Quote("a2", "Our members are tired", 200, 221, "Ada Brown", "said", "direct")]
    rows = quote_table(quotes, [a1, a2])
    # the whole is cited first: a row's text is its first span's (README, briefing.json)
    assert [(r.speaker, r.text, r.article_ids) for r in rows] == [
        ("Martin Hale", whole, ["a2", "a1"]), ("Ada Brown", "Our members are tired", ["a2"])]
    assert (rows[0].spans[0].start, rows[0].spans[0].end) == (5, 5 + len(whole))
    # a part too short to tell (under PART_WORDS words) stays a row of its own
    short = [Quote("a1", "Tired of promises", 10, 27, "Martin Hale", "said", "direct"),
             Quote("a2", whole, 5, 5 + len(whole), "Martin Hale", "said", "direct")]
    assert len(quote_table(short, [a1, a2])) == 2


def test_quote_table_keeps_different_statements_apart():
    a1 = Article(id="a1", path="a1.txt", title="t", body="b")
    quotes = [Quote("a1", "prices will fall next year", 0, 26, "Ada Brown", "said", "indirect"),
              Quote("a1", "wages will rise next spring", 30, 57, "Ada Brown", "said",
                    "indirect")]
    assert len(quote_table(quotes, [a1])) == 2


def test_quote_table_one_role_per_speaker_in_natural_case():
    a1 = Article(id="a1", path="a1.txt", title="t", body="b")
    a2 = Article(id="a2", path="a2.txt", title="t", body="b")
    quotes = [
        Quote("a1", "the harbour will reopen", 0, 23, "Ines Duarte", "said", "indirect",
              role="PORT DIRECTOR"),
        Quote("a2", "ships are waiting outside", 0, 25, "Ines Duarte", "said", "indirect",
              role="Port director"),
        Quote("a2", "the cranes are broken", 30, 51, "Ines Duarte", "said", "indirect",
              role="Portugal's"),
        Quote("a1", "repairs take a month", 40, 60, "Ines Duarte", "said", "indirect",
              role="her deputy, Ines"),
    ]
    rows = quote_table(quotes, [a1, a2])
    assert {r.role for r in rows} == {"Port Director"}
    assert [len(r.spans) for r in rows] == [1, 1, 1, 1]


def test_quote_table_leaves_out_bare_pronoun_speakers():
    a1 = Article(id="a1", path="a1.txt", title="t", body="b")
    quotes = [Quote("a1", "the rain will stop", 0, 18, "he", "said", "indirect"),
              Quote("a1", "the river is high", 20, 37, "Ada Brown", "said", "indirect")]
    assert [r.speaker for r in quote_table(quotes, [a1])] == ["Ada Brown"]


def test_quote_table_rows_keep_each_source_span():
    a1 = Article(id="a1", path="a1.txt", title="t", body="b")
    a2 = Article(id="a2", path="a2.txt", title="t", body="b")
    quotes = [Quote("a1", "We will rebuild the school,", 10, 37, "Tom Okafor", "said", "direct"),
              Quote("a2", "we will rebuild the school", 55, 81, "Okafor", "said", "direct")]
    (row,) = quote_table(quotes, [a1, a2])
    assert [(s.article_id, s.start, s.end) for s in row.spans] == [("a1", 10, 37),
                                                                   ("a2", 55, 81)]
    assert row.speaker == "Tom Okafor"


def _headline_case(title_statement: str, body_statement: str) -> tuple[list[Quote], Article]:
    title = f"Mayor Okafor admits {title_statement}"
    body = f"{body_statement[0].upper()}{body_statement[1:]}, Mayor Tom Okafor has admitted."
    article = Article(id="a1", path="a1.txt", title=title, body=body)
    t_start = article.text.index(title_statement)
    b_start = article.text.index(body)
    quotes = [Quote("a1", title_statement, t_start, t_start + len(title_statement), "Okafor",
                    "admits", "indirect"),
              Quote("a1", body[:len(body_statement)], b_start, b_start + len(body_statement),
                    "Tom Okafor", "has admitted", "indirect", role="Mayor")]
    assert t_start < article.body_start <= b_start
    return quotes, article


def test_quote_table_keeps_the_body_statement_a_headline_restates():
    quotes, article = _headline_case(
        "city cannot rebuild flooded bridges this year",
        "the city cannot rebuild the bridges the flood destroyed before next year")
    (row,) = quote_table(quotes, [article])
    assert row.speaker == "Tom Okafor" and row.text.startswith("The city cannot rebuild")
    assert [s.start for s in row.spans] == [article.body_start]


@pytest.mark.parametrize("title_statement, body_statement", [
    ("city can rebuild flooded bridges this year",   # the negation is content
     "the city cannot rebuild the bridges the flood destroyed before next year"),
    ("taxes will rise in the spring",                 # another statement
     "the city cannot rebuild the bridges the flood destroyed before next year"),
])
def test_quote_table_keeps_a_headline_that_says_something_else(title_statement,
                                                               body_statement):
    quotes, article = _headline_case(title_statement, body_statement)
    assert len(quote_table(quotes, [article])) == 2


def test_a_headline_quoting_a_described_speaker_yields_to_the_body_naming_them(nlp):
    """"'We will rebuild,' says head teacher" over a body quoting Owen Carrick, the head
    teacher, in full: one row, his, not a second one for "head teacher"."""
    article = Article(id="a1", path="a1.txt",
                      title="'We have lost everything but we will rebuild,' says head teacher",
                      body="Fire destroyed St Brigid's primary school overnight.\n\n"
                           "\"We have lost everything but we will rebuild. The children are "
                           "safe,\" said head teacher Owen Carrick.")
    quotes = extract_quotes(ParsedArticle(article, nlp(article.text)))
    assert {q.speaker for q in quotes} == {"head teacher", "Owen Carrick"}  # the title's too
    rows = quote_table(quotes, [article])
    assert [row.speaker for row in rows] == ["Owen Carrick"]


def test_the_table_shows_the_role_that_spells_out_a_shorter_one():
    """"Environment Agency" in one article, "regional director of the Environment
    Agency" in another: the longer says who she is, however often the shorter is given."""
    from collections import Counter
    from briefing.quotes.table import _best_role
    assert _best_role(Counter({"Environment Agency": 3,
                               "regional director of the Environment Agency": 1})) == (
        "regional director of the Environment Agency")
    assert _best_role(Counter({"Mayor": 2, "mayor": 1})) == "Mayor"
    assert _best_role(Counter({"councillor": 2, "the finance chair": 1})) == "councillor"
    # one of each: the post says more than the title word before the name
    assert _best_role(Counter({"Captain": 1, "harbour master": 1})) == "harbour master"
    assert _best_role(Counter({"Councillor": 1, "Liberal Democrat group leader": 1})) == (
        "Liberal Democrat group leader")


def test_quote_table_keeps_a_headline_of_another_speaker():
    quotes, article = _headline_case(
        "city cannot rebuild flooded bridges this year",
        "the city cannot rebuild the bridges the flood destroyed before next year")
    quotes[1].speaker = "Ada Brown"
    assert len(quote_table(quotes, [article])) == 2


def test_quote_table_drops_a_headline_joining_two_body_statements():
    title_statement = "the port needs new cranes and a deeper channel to win back ships"
    article = Article(id="a1", path="a1.txt", title=f"Ines Duarte says {title_statement}",
                      body="The port needs new cranes, Ines Duarte said. A deeper channel "
                           "would win back the ships, she added.")
    t_start = article.text.index(title_statement)
    first = article.text.index("The port needs new cranes")
    second = article.text.index("A deeper channel would win back the ships")
    quotes = [Quote("a1", title_statement, t_start, t_start + len(title_statement),
                    "Ines Duarte", "says", "indirect"),
              Quote("a1", "The port needs new cranes", first, first + 25, "Ines Duarte",
                    "said", "indirect"),
              Quote("a1", "A deeper channel would win back the ships", second, second + 41,
                    "Ines Duarte", "added", "indirect")]
    rows = quote_table(quotes, [article])
    assert [r.text for r in rows] == ["The port needs new cranes",
                                      "A deeper channel would win back the ships"]


# International house styles: names as printed, descriptions and pronouns resolved,
# channels and outlets, joint speakers. Sentences written for these tests.

def test_korean_hyphenated_name_kept_and_governor_resolved(quotes_of):
    body = ('Bank of Korea Governor Park Min-jae said rates would stay low. '
            '"We will stay patient," the governor said.')
    quotes = quotes_of(body)
    first, second = only(quotes, "rates"), only(quotes, "patient")
    assert (first.speaker, first.text, first.kind) == ("Park Min-jae", "rates would stay low",
                                                       "indirect")
    assert first.role == "Bank of Korea Governor"
    assert (second.speaker, second.text, second.kind) == ("Park Min-jae", "We will stay patient,",
                                                          "direct")
    assert second.mention.text == "the governor"


def test_chair_title_is_not_part_of_the_name(quotes_of):
    q = only(quotes_of("Financial Services Commission Chair Han Ji-won said lending rules "
                       "would be eased next month."), "lending")
    assert (q.speaker, q.role) == ("Han Ji-won", "Financial Services Commission Chair")
    assert (q.text, q.kind) == ("lending rules would be eased next month", "indirect")


def test_pontiff_is_the_pope_named_before(quotes_of):
    body = 'Pope Clement visited the shrine on Sunday. "Peace is possible," the Pontiff told pilgrims.'
    q = only(quotes_of(body), "Peace")
    assert (q.speaker, q.text, q.kind, q.role) == ("Clement", "Peace is possible,", "direct", "Pope")


def test_indian_governor_title_then_the_governor(quotes_of):
    body = ('Punjab Governor Harinder Singh Gill laid a wreath on Monday. '
            '"The sacrifice of our soldiers will never be forgotten," the Governor said.')
    q = only(quotes_of(body), "sacrifice")
    assert (q.speaker, q.kind, q.role) == ("Harinder Singh Gill", "direct", "Punjab Governor")
    assert q.text == "The sacrifice of our soldiers will never be forgotten,"


@pytest.mark.parametrize("body, containing, speaker, text, kind", [
    # a family name written first, alone, is the full name given before
    ("Finance Minister Choi Dong-hyun presented the budget on Monday. Choi said spending on "
     "welfare would rise by 8 percent.", "welfare", "Choi Dong-hyun",
     "spending on welfare would rise by 8 percent", "indirect"),
    # "Gov." then "the governor"
    ("Gov. Dana Whitfield signed the budget. The governor said schools would get more money.",
     "schools", "Dana Whitfield", "schools would get more money", "indirect"),
    # a statement quoting a person "as saying" is the person's
    ('"Farmers deserve better prices," the statement quoted Agriculture Minister Ravi Kumar '
     'Menon as saying.', "Farmers", "Ravi Kumar Menon", "Farmers deserve better prices,",
     "direct"),
    # a ministry's website speaks for the ministry
    ("China's Commerce Ministry said exports rose in March. Imports will recover later this "
     "year, according to the ministry's website.", "Imports", "China's Commerce Ministry",
     "Imports will recover later this year", "indirect"),
    # an unnamed spokesman speaks for the body
    ("A spokesman for the Health Ministry said the clinics would reopen on Monday.", "clinics",
     "Health Ministry", "the clinics would reopen on Monday", "indirect"),
    # "the court": the court named before
    ("The U.S. District Court heard the case on Monday. The federal court said the law "
     "could not be enforced.", "enforced", "U.S. District Court",
     "the law could not be enforced", "indirect"),
    # "said in a tweet": the account's owner
    ("Foreign Minister Leila Haddad said in a tweet that the border would stay open.", "border",
     "Leila Haddad", "the border would stay open", "indirect"),
])
def test_titles_documents_and_channels_name_who_spoke(quotes_of, body, containing, speaker,
                                                        text, kind):
    q = only(quotes_of(body), containing)
    assert (q.speaker, q.text, q.kind) == (speaker, text, kind)


def test_named_spokeswoman_is_herself_the_speaker(quotes_of):
    body = ("Zhao Mingyu, a spokeswoman for the foreign ministry, said Beijing opposed the "
            "sanctions. Zhao said the talks would go on.")
    quotes = quotes_of(body)
    assert only(quotes, "sanctions").speaker == "Zhao Mingyu"
    assert only(quotes, "talks").speaker == "Zhao Mingyu"
    assert only(quotes, "sanctions").role == "spokeswoman for the foreign ministry"


def test_state_media_report_credits_the_person_reported(quotes_of):
    body = ("North Korean leader Kim Jong Un accused Washington of stalling the talks, the "
            "state news agency KCNA reported.")
    q = only(quotes_of(body), "stalling")
    assert q.speaker == "Kim Jong Un" and q.kind == "indirect"
    assert q.text == "North Korean leader Kim Jong Un accused Washington of stalling the talks"


def test_according_to_state_media_the_person_speaks(quotes_of):
    q = only(quotes_of("According to KCNA, Kim Jong Un said the country would expand its "
                       "arsenal."), "arsenal")
    assert q.speaker == "Kim Jong Un" and q.kind == "indirect"


def test_report_of_an_unnamed_group_stays_the_outlets(quotes_of):
    q = only(quotes_of("Officials in Kabul have asked for more aid, the Daily Star reported."),
             "aid")
    assert q.speaker == "Daily Star"


def test_arabic_group_name_keeps_its_hyphen(quotes_of):
    q = only(quotes_of("Kataib al-Nour said three of its fighters had been killed."), "fighters")
    assert (q.speaker, q.text) == ("Kataib al-Nour", "three of its fighters had been killed")


def test_joint_speakers_one_row_naming_both(quotes_of):
    body = ("Chancellor Anna Berger and her Greens counterpart Tomas Lind said they had "
            "agreed on a budget.")
    (q,) = quotes_of(body)
    assert (q.speaker, q.text, q.kind) == ("Anna Berger and Tomas Lind",
                                           "they had agreed on a budget", "indirect")


def test_they_resolves_to_the_group(quotes_of):
    body = ("Hundreds of protesters gathered outside the embassy on Friday. They demanded "
            "the expulsion of the ambassador.")
    q = only(quotes_of(body), "expulsion")
    assert (q.speaker, q.text) == ("Hundreds of protesters", "the expulsion of the ambassador")


def test_the_one_told_is_not_the_speaker(quotes_of):
    body = ("Deputy Foreign Minister Ali Rezaei summoned the Swiss envoy on Tuesday. The envoy "
            "was told that Tehran would respond to any attack.")
    q = only(quotes_of(body), "Tehran")
    assert (q.speaker, q.text) == ("Ali Rezaei", "Tehran would respond to any attack")


def test_she_follows_gender_from_family_roles(quotes_of):
    body = ("Senator Maria Okonjo met voters with her husband Daniel. She told reporters the "
            "campaign would go on.")
    q = only(quotes_of(body), "campaign")
    assert q.speaker == "Maria Okonjo"


def test_no_description_left_where_no_named_antecedent_exists(quotes_of):
    q = only(quotes_of("A senior police official said the road would stay closed."), "road")
    assert q.speaker == "senior police official"


def test_pronoun_things_are_never_speakers(quotes_of):
    quotes = quotes_of("If anyone threatens us, we will respond with force, General Samir "
                       "Aziz said. Nothing suggested a retreat, the officers said.")
    assert all(q.speaker.lower() not in ("anyone", "nothing", "something") for q in quotes)
    assert only(quotes, "respond").speaker == "Samir Aziz"


def test_dotted_capitals_kept_in_roles(quotes_of):
    q = only(quotes_of("U.S. Senator Mark Hale said the bill would pass."), "bill")
    assert (q.speaker, q.role) == ("Mark Hale", "U.S. Senator")


def test_statement_within_the_quote_length_cap(nlp):
    """Unclosed quotation marks by the hundred give no row past max_quote_chars: each
    paragraph's run-on statement (600 characters) is over a 300 cap and left out, and
    one paragraph of 600 unclosed marks gives nothing at the default cap."""
    from briefing.config import QuoteSettings
    body = "\n\n".join(" ".join('The minister said "we will act' for _ in range(20))
                       for _ in range(20))
    article = Article(id="h", path="h.txt", title="Hostile", body=body)
    parsed = ParsedArticle(article, nlp(article.text))
    uncapped = extract_quotes(parsed, QuoteSettings(max_quote_chars=100_000))
    assert max(len(q.text) for q in uncapped) > 300
    capped = extract_quotes(parsed, QuoteSettings(max_quote_chars=300))
    assert capped == [q for q in uncapped if len(q.text) <= 300]
    one_line = " ".join('The minister said "we will act' for _ in range(600))
    article = Article(id="h2", path="h2.txt", title="Hostile", body=one_line)
    assert extract_quotes(ParsedArticle(article, nlp(article.text))) == []


@pytest.mark.parametrize("value", [0, 5, 1_000_000])
def test_quote_length_cap_is_range_checked(tmp_path, value):
    from briefing.config import ConfigError, load_settings
    path = tmp_path / "b.toml"
    path.write_text(f"[quotes]\nmax_quote_chars = {value}\n")
    with pytest.raises(ConfigError, match=r"quotes\.max_quote_chars.*between 20 and 100000"):
        load_settings(path)


def test_a_statement_keeps_the_bracket_it_closes(quotes_of) -> None:
    [q] = quotes_of("The minister said the plan would cost less than expected "
                    "(about two million euros).")
    assert q.text == "the plan would cost less than expected (about two million euros)"
    assert q.speaker == "minister" or q.speaker.endswith("minister")
    # the full stop closing the sentence is still trimmed off
    [q] = quotes_of("Ann Byrne said the wall will be rebuilt by March.")
    assert q.text == "the wall will be rebuilt by March"


def test_thousands_of_unclosed_marks_make_no_statements(quotes_of) -> None:
    # one long paragraph, and paragraphs of twenty marks each: noise, not quotation
    words = "the minister thinks plans for the harbour would go ahead next year".split()
    chunk = " \u201c".join(" ".join(words[(i + k) % len(words)] for k in range(6))
                            for i in range(20)) + " \u201c"
    assert quotes_of(chunk * 10) == []
    assert quotes_of("\n\n".join([chunk] * 10)) == []
    # one sloppy pair (an opening mark used to close) still quotes
    [q] = quotes_of("\u201cWe will rebuild the wall before the winter,\u201c said Ann Byrne.")
    assert q.speaker == "Ann Byrne" and q.kind == "direct"


def test_contrasting_statement_of_another_speaker_is_its_own_row(quotes_of):
    body = ("Finance Minister Priya Raman said the rupee would recover by June, despite "
            "central bank governor Arjun Mehta saying he expected a weak year.")
    quotes = quotes_of(body)
    raman = only(quotes, "rupee")
    assert (raman.speaker, raman.text, raman.kind) == (
        "Priya Raman", "the rupee would recover by June", "indirect")
    mehta = only(quotes, "weak year")
    assert (mehta.speaker, mehta.text, mehta.kind) == (
        "Arjun Mehta", "he expected a weak year", "indirect")


def test_statement_with_contrast_of_its_own_speaker_stays_whole(quotes_of):
    body = ("Chen Wei said the port would reopen next week, despite the storm damage "
            "reported by inspectors.")
    q = only(quotes_of(body), "port")
    assert q.speaker == "Chen Wei"
    assert q.text == ("the port would reopen next week, despite the storm damage reported by "
                      "inspectors")


@pytest.mark.parametrize("said, statement", [
    ("A council source said ", "she could not answer the questions because the members had "
     "only asked for the figures on Monday"),
    ("Mayor Ana Ruiz said ", 'it would be "improper" for her to speak on whether the report '
     "should be published")])
def test_a_reason_or_for_clause_with_a_speech_verb_is_part_of_the_statement(
        quotes_of, said, statement):
    """'said A because Y had asked for B', 'said it was wrong for her to speak on B': the
    speech verb inside the reason or the for-to clause reports nobody's statement of its
    own, and the statement goes on through it."""
    q = only(quotes_of(said + statement + "."), statement.split()[1])
    assert q.text == statement


def test_a_clause_subject_parsed_as_the_verbs_object_opens_the_statement(quotes_of):
    """'added the truth is ...': the parser took the clause's subject for the verb's
    object, and the statement still opens with it."""
    body = ('Ana Ruiz said the minister was "wrong". She added the "truth" is the plan is '
            '"not a plan at all".')
    q = only(quotes_of(body), "at all")
    assert (q.speaker, q.text) == ("Ana Ruiz", 'the "truth" is the plan is "not a plan at all"')


@pytest.mark.parametrize("shows", ["uses footage of Ana Ruiz asking",
                                   "ends with a clip of Mayor Ana Ruiz asking"])
def test_a_recording_of_someone_speaking_quotes_them(quotes_of, shows):
    """'The ad uses footage of X asking, "..."': X speaks, not the ad."""
    q = only(quotes_of(f'The new ad {shows}, "Why are we not ahead?"'), "ahead")
    assert q.speaker == "Ana Ruiz"


@pytest.mark.parametrize("occasion", ["a news conference announcing",
                                      "a briefing saying"])
def test_what_an_occasion_of_speaking_announces_is_the_speakers(quotes_of, occasion):
    """'she said at a news conference announcing that ...': she announces it there, not
    the conference."""
    body = f'"We will win," Ana Ruiz said at {occasion} that her office would sue the firm.'
    assert only(quotes_of(body), "sue").speaker == "Ana Ruiz"


def test_a_document_a_named_author_delivered_speaks_for_them(quotes_of):
    """'according to a speech Ana Ruiz delivered': her words, not the speech's."""
    body = ("The rule is meant to protect renters, according to a speech Ana Ruiz "
            "delivered in Cork in May.")
    assert only(quotes_of(body), "renters").speaker == "Ana Ruiz"


def test_a_headlines_verb_is_no_part_of_the_speakers_name(nlp):
    """A title-case headline tagged "Ruiz Urges Calm" a person: the name ends before
    the headline's verb, and the article's Ruiz is never "Ruiz Urges Calm"."""
    body = ('"The bridge will reopen in May," Ruiz said on Monday. Ruiz, the mayor, '
            'said the repairs would cost 2 million euros.')
    article = Article(id="a1", path="a1.txt", title="Ruiz Urges Calm as Bridge Closes",
                      body=body)
    quotes = extract_quotes(ParsedArticle(article, nlp(article.text)))
    assert {q.speaker for q in quotes} == {"Ruiz"}


def test_someone_described_by_where_they_are_from_is_the_person_before(quotes_of):
    """'"...," the New Yorker said' after a New Yorker named in the sentence before:
    her, not an organisation called "New Yorker"."""
    body = ('"The city is too loud," 29-year-old Ana Ruiz told the paper ahead of New '
            'York\'s parade. "Nobody sleeps here," the New Yorker said.')
    assert only(quotes_of(body), "Nobody").speaker == "Ana Ruiz"


def test_all_capitals_related_headline_is_no_statement(quotes_of):
    body = ("The council met on Monday to set the budget.\n"
            "RELATED: 'WE WILL NOT BACK DOWN,' SAYS UNION CHIEF AS STRIKE ENTERS THIRD WEEK\n"
            '"We have balanced the books," council leader Amina Yusuf said.')
    quotes = quotes_of(body)
    assert [(q.speaker, q.text, q.kind) for q in quotes] == [
        ("Amina Yusuf", "We have balanced the books,", "direct")]


def test_shouted_quotation_in_running_text_is_kept(quotes_of):
    body = 'A fan held up a sign reading "WE LOVE YOU KAZUO", and Kazuo Ito said: "It moved me."'
    q = only(quotes_of(body), "moved")
    assert (q.speaker, q.kind) == ("Kazuo Ito", "direct")


def test_headline_colon_names_speaker_after_it_by_role(quotes_of):
    body = ("Interest rates will stay low all year: RBI governor\n\n"
            "Reserve Bank of India (RBI) Governor Sanjay Kapoor told lenders on Monday that "
            "the bank saw no reason to tighten.")
    q = only(quotes_of(body), "stay low")
    assert (q.speaker, q.text, q.kind) == (
        "Sanjay Kapoor", "Interest rates will stay low all year", "indirect")


def test_headline_colon_names_speaker_before_quotation(quotes_of):
    body = ("Egypt's President: 'We Will Not Accept Any Threat to the Nile'\n\n"
            "Egyptian President Karim Mansour addressed parliament in Cairo on Sunday.")
    q = only(quotes_of(body), "Nile")
    assert (q.speaker, q.text, q.kind) == (
        "Karim Mansour", "We Will Not Accept Any Threat to the Nile", "direct")


def test_headline_label_before_colon_is_no_speaker(quotes_of):
    body = ("Poll: Most Voters Back the New Rail Line\n\n"
            "A survey of 2,000 adults found wide support for the project.")
    assert [q for q in quotes_of(body) if "Rail" in q.text] == []


def test_headline_apology_is_said(quotes_of):
    body = ("The minister says sorry for late pension payments\n\n"
            "Pensions Minister Farah Haddad apologised on Tuesday for the delay.")
    q = only(quotes_of(body), "pension payments")
    assert (q.speaker, q.text, q.kind) == ("Farah Haddad", "sorry for late pension payments",
                                           "indirect")


def test_said_sorry_in_running_text(quotes_of):
    q = only(quotes_of("Mayor Lina Park said sorry for the flooded tunnel."), "tunnel")
    assert (q.speaker, q.text, q.kind) == ("Lina Park", "sorry for the flooded tunnel",
                                           "indirect")


def test_object_goes_on_into_for_to_clause(quotes_of):
    body = ("Finance Minister Ravi Nair met bankers. In May, Nair also expressed his "
            "pessimistic view for the state to achieve its 3-percent deficit goal during a "
            "regular assembly session.")
    q = only(quotes_of(body), "pessimistic")
    assert (q.speaker, q.kind) == ("Ravi Nair", "indirect")
    assert q.text.startswith("his pessimistic view for the state to achieve its 3-percent")


def test_called_on_with_infinitive_clause(quotes_of):
    body = ("Rahul Verma, chairman of the Delhi Traders Association, called on the city to "
            "cut parking fees in the old market.")
    q = only(quotes_of(body), "parking")
    assert (q.speaker, q.kind) == ("Rahul Verma", "indirect")
    assert q.text.endswith("to cut parking fees in the old market")


def test_citing_reports_the_reason_given(quotes_of):
    body = "Seoul city officials cancelled the lantern parade on Friday, citing safety concerns."
    q = only(quotes_of(body), "safety")
    assert (q.text, q.cue, q.kind) == ("safety concerns", "citing", "indirect")
    assert "officials" in q.speaker


def test_slogan_after_chanting_is_quoted_despite_capitals(quotes_of):
    body = ("Thousands of students marched to the parliament in Dhaka, chanting "
            "\u2018Justice for Abrar\u2019 and waving flags.")
    q = only(quotes_of(body), "Justice")
    assert (q.text, q.kind) == ("Justice for Abrar", "direct")
    assert "students" in q.speaker


def test_speech_verb_after_long_apposition(quotes_of):
    body = ("The central bank focused on inflation.\n\n\u201cAs the country\u2019s lender of "
            "last resort, we should make every effort to keep the payment system working in the "
            "face of various risks,\u201d Tran Van Minh, governor of the State Bank of Vietnam, "
            "said in an address to staff.\n\nMarkets were calm.")
    q = only(quotes_of(body), "payment system")
    assert (q.speaker, q.role, q.kind) == ("Tran Van Minh", "governor of the State Bank of Vietnam",
                                           "direct")
    assert q.text.startswith("As the country") and q.text.endswith("various risks,")


def test_things_that_threaten_or_post_say_nothing(quotes_of):
    body = ("Border rivalries threatened to boil over again in Kashmir. Asian shares posted "
            "their best week since May.")
    assert quotes_of(body) == []


def test_encouraging_someone_to_act_is_urging_them(quotes_of):
    q = only(quotes_of("Mayor Ada Okafor encouraged residents to use the new ferry in the "
                       "mornings."), "ferry")
    assert (q.speaker, q.text, q.cue) == ("Ada Okafor", "residents to use the new ferry in "
                                          "the mornings", "encouraged")
    assert quotes_of("Low fares encouraged tourists to stay longer in the town.") == []


def test_passive_speech_verb_without_agent_names_no_speaker(quotes_of):
    body = ("Wool exports are forecast to fall 4 per cent next year, while beef exports are "
            "forecast to rise slightly.")
    assert [(q.speaker, q.text) for q in quotes_of(body)] == []


def test_people_and_bodies_that_threaten_still_speak(quotes_of):
    body = "The dockworkers' union threatened to strike at Chittagong port from Monday."
    q = only(quotes_of(body), "strike")
    assert (q.text, q.kind) == ("to strike at Chittagong port from Monday", "indirect")
    assert "union" in q.speaker


def test_document_that_reads_quotes_its_author(quotes_of):
    body = ("The Kenya Farmers Association said it had sent a letter to the ministry on Friday. "
            "\u201cWe cannot carry the cost of the new fertiliser levy alone,\u201d the letter "
            "reads.")
    q = only(quotes_of(body), "fertiliser")
    assert (q.text, q.cue, q.kind) == (
        "We cannot carry the cost of the new fertiliser levy alone,", "reads", "direct")
    assert q.speaker == "Kenya Farmers Association"


def test_reason_given_with_because_is_part_of_the_statement(quotes_of):
    body = ("Opposition leader Kwame Mensah said the claim smacked of hypocrisy, because the "
            "ruling party had done the same.")
    q = only(quotes_of(body), "hypocrisy")
    assert (q.speaker, q.kind) == ("Kwame Mensah", "indirect")
    assert q.text == "the claim smacked of hypocrisy, because the ruling party had done the same"


def test_quotation_signed_with_a_dash_is_the_signers(quotes_of):
    body = ("We asked readers in Lagos what the fuel subsidy cut meant for them.\n"
            "\u201cI now spend half of my salary getting to work and back.\u201d "
            "\u2015 Chiamaka Obi\n"
            "\u201cThe buses are full by six in the morning, and nobody explains why.\u201d "
            "\u2014 Tunde Bakare, a driver in Ikeja")
    quotes = quotes_of(body)
    obi = only(quotes, "salary")
    assert (obi.speaker, obi.text, obi.kind, obi.cue) == (
        "Chiamaka Obi", "I now spend half of my salary getting to work and back.", "direct",
        "\u2015")
    bakare = only(quotes, "buses")
    assert (bakare.speaker, bakare.kind) == ("Tunde Bakare", "direct")


def test_signed_quotations_opened_with_a_closing_mark_each_their_signers(quotes_of):
    # vox pops pasted with a closing mark typed for the opening one; a signature ends its
    # quotation, so an unsigned one after it is not the signer's
    body = ("We asked readers in Lagos what the fuel subsidy cut meant for them.\n"
            "\u201dI now spend half of my salary getting to work and back.\u201d "
            "\u2015 Chiamaka Obi\n"
            "\u201dThe buses are full by six in the morning, and nobody explains why.\u201d "
            "\u2015 Tunde Bakare\n"
            "\u201cThe queues at the petrol stations have been there since Monday night.\u201d")
    quotes = quotes_of(body)
    assert only(quotes, "salary").speaker == "Chiamaka Obi"
    assert only(quotes, "buses").speaker == "Tunde Bakare"
    assert [q.speaker for q in quotes if "queues" in q.text] == []


def test_dash_after_quotation_without_a_name_signs_nothing(quotes_of):
    body = ("The sign outside the closed factory in Pune said it all: \u201cWe are not coming "
            "back to this town again.\u201d \u2014 and the workers went home.")
    assert [q.speaker for q in quotes_of(body) if "coming back" in q.text] != ["workers"]


def test_headline_name_on_topic_colon(quotes_of):
    body = ("Priyanka Mehta on her daughter's first film: She Wanted It Kept Quiet\n\n"
            "Actor Priyanka Mehta spoke to reporters in Mumbai on Sunday about the premiere.")
    q = only(quotes_of(body), "Quiet")
    assert (q.speaker, q.text, q.kind) == ("Priyanka Mehta", "She Wanted It Kept Quiet",
                                           "indirect")


def test_likening_with_a_pronoun_object(quotes_of):
    body = ("Senator Aiko Tanaka sits in on hearings of committees she is not on, likening it "
            "to studying for an exam she will never sit.")
    q = only(quotes_of(body), "exam")
    assert (q.speaker, q.kind, q.cue) == ("Aiko Tanaka", "indirect", "likening")
    assert q.text == "it to studying for an exam she will never sit"


def test_gathering_speaks_through_its_people(quotes_of):
    body = ("A rally by thousands of rice farmers marched through Dhaka, chanting "
            "\u2018Fair Prices Now\u2019 outside the ministry.")
    q = only(quotes_of(body), "Fair Prices")
    assert (q.text, q.kind) == ("Fair Prices Now", "direct")
    assert "farmers" in q.speaker


def test_organisation_named_by_possessive_channel_keeps_no_possessive(quotes_of):
    body = ("The envoy was summoned, according to the Iranian Foreign Ministry\u2019s website.\n\n"
            "During the meeting, a deputy minister asked him to convey a strong protest, the "
            "ministry said.")
    q = only(quotes_of(body), "strong protest")
    assert q.speaker == "Iranian Foreign Ministry"


def test_call_parsed_as_a_modifier_of_the_name_is_still_a_call(quotes_of):
    body = ("Wanjiru Kamau, chairman of the Kenya Association of Tea Exporters, called on "
            "Kenya to take initiative in rule-making on taxation of digital services.")
    q = only(quotes_of(body), "taxation")
    assert (q.speaker, q.kind) == ("Wanjiru Kamau", "indirect")
    assert q.text == "Kenya to take initiative in rule-making on taxation of digital services"
    body = ("Regional Governor Ana Lucia Prado in a message on Sunday called upon the people "
            "to rededicate themselves to the ideals of the founders.")
    q = only(quotes_of(body), "ideals")
    assert (q.speaker, q.role) == ("Ana Lucia Prado", "Regional Governor")
    assert q.text == "the people to rededicate themselves to the ideals of the founders"


def test_order_with_the_one_ordered_and_what_to_do(quotes_of):
    q = only(quotes_of("Judge Amara Osei ordered officials not to enforce the curfew in 2021."),
             "curfew")
    assert (q.speaker, q.kind, q.cue) == ("Amara Osei", "indirect", "ordered")
    assert q.text == "officials not to enforce the curfew in 2021"


def test_order_of_a_thing_or_wished_for_is_no_statement(quotes_of):
    assert quotes_of("Judge Amara Osei ordered a review of the case on Monday.") == []
    assert quotes_of("She ordered a coffee and sat down by the window.") == []
    body = ("The marchers held up signs calling for parliament to order foreign troops to "
            "leave the port.")
    q = only(quotes_of(body), "troops")
    assert q.cue == "calling for" and q.text.startswith("parliament to order")


def test_clause_of_time_after_the_object_is_not_content(quotes_of):
    body = ("The judge, Rosa Lindqvist, cited the city\u2019s \u201clong record of neglect\u201d "
            "as she ordered officials to reopen the clinic.")
    quotes = quotes_of(body)
    cited = only(quotes, "neglect")
    assert (cited.speaker, cited.kind) == ("Rosa Lindqvist", "mixed")
    assert cited.text == "the city\u2019s \u201clong record of neglect\u201d"
    ordered = only(quotes, "clinic")
    assert (ordered.speaker, ordered.text) == ("Rosa Lindqvist",
                                               "officials to reopen the clinic")


def test_speaker_quick_to_claim_through_the_adjective(quotes_of):
    body = "Mayor Sipho Dlamini was quick to claim that smugglers had planned the fire."
    q = only(quotes_of(body), "smugglers")
    assert (q.speaker, q.kind) == ("Sipho Dlamini", "indirect")
    assert q.text == "smugglers had planned the fire"


def test_it_is_worth_noting_names_no_one(quotes_of):
    assert quotes_of("It is worth noting that the bridge over the Vltava was never finished.") == []


def test_holding_someone_responsible_is_a_stance(quotes_of):
    body = "President Ilse Vogt on Tuesday held the rebels \u201cfully responsible\u201d for the attack."
    q = only(quotes_of(body), "responsible")
    assert (q.speaker, q.kind, q.cue) == ("Ilse Vogt", "mixed", "held")
    assert q.text == "the rebels \u201cfully responsible\u201d"


def test_holding_without_a_verdict_given_is_no_statement(quotes_of):
    assert quotes_of("The unions held talks with the minister on Friday.") == []
    assert quotes_of("Regulators could hold the firm's top executives liable for the "
                     "cleanup.") == []
    assert quotes_of("No one at the bank has yet been held responsible for the losses.") == []


@pytest.mark.parametrize("sentence, speaker, role", [
    # a rank or courtesy title before the name says less than the description after it
    ('"The crew did an outstanding job in rough seas," said Captain Sean O\'Neill, the '
     'lifeboat operations manager.', "Sean O'Neill", "lifeboat operations manager"),
    ('"All four are stable and should go home tomorrow," said Professor Anne Lynch, the '
     "hospital's clinical director.", "Anne Lynch", "hospital's clinical director"),
    # a relative clause on the description is not part of the office
    ('"I have never seen the river so high," said Niamh Doyle, a retired teacher whose '
     "house overlooks the harbour.", "Niamh Doyle", "retired teacher"),
    # an office before the name is kept over the description
    ('"We will not raise taxes this year," said Mayor Tom Okafor, a former banker.',
     "Tom Okafor", "Mayor"),
])
def test_the_role_is_the_office_the_article_gives(quotes_of, sentence, speaker, role):
    q = quotes_of(sentence)[0]
    assert (q.speaker, q.role) == (speaker, role)


STORM_BODY = ("Storm Delia brought record rainfall to the west coast on Tuesday, flooding "
              "hundreds of homes. Met Eireann forecaster Ciaran Walsh said the storm was the "
              "worst in decades.")


@pytest.mark.parametrize("title, body", [
    ("Storm Delia: 'We have never seen rain like it'", STORM_BODY),
    ("Hurricane Milton: 'This is the big one'", STORM_BODY + " Hurricane Milton followed."),
    ("Delia: 'We have never seen rain like it'", STORM_BODY),  # the storm, by its name
    ("Storm Delia batters coast, 'worst in decades', says forecaster", STORM_BODY),
    ("Coast braces for more rain", STORM_BODY + ' "It is moving fast," said Storm Delia.'),
    ("Coast braces for more rain", STORM_BODY + ' Storm Delia warned residents: "Stay indoors."'),
])
def test_a_named_weather_event_is_never_the_speaker(quotes_of, title, body):
    quotes = quotes_of(body, title=title)
    assert not [q.speaker for q in quotes if "Delia" in q.speaker or "Milton" in q.speaker]
    walsh = only(quotes, "the storm was the worst in decades")
    assert walsh.speaker == "Ciaran Walsh"


def test_a_person_sharing_a_storms_name_still_speaks(quotes_of):
    body = STORM_BODY + ' "We lost everything," said Delia Byrne, who runs a shop on the quay.'
    q = only(quotes_of(body, title="Storm Delia: homes flooded"), "lost everything")
    assert q.speaker == "Delia Byrne"


@pytest.mark.parametrize("name, pronoun", [
    ("Siobhán Ní Bhriain", "she"), ("Seán Ó Briain", "he"), ("Máire Nic Giolla", "she"),
    ("Cathal Mac Lochlainn", "he"), ("Ngozi Okonjo-Iweala", "she"),
    ("José María Álvarez del Manzano", "he"), ("Nguyễn Thị Kim Ngân", "she"),
    ("Ursula von der Leyen", "she"), ("Ludwig van Beethoven", "he"),
    ("Aoife Nic Dhonnchadha", "she")])
def test_names_of_many_languages_are_people(quotes_of, name, pronoun):
    """A name the tagger misreads (Irish "Ní", "Mac", "Ó", a particle, letters with
    accents) is still the person a title introduces and a pronoun after it stands for,
    never the person named before."""
    body = (f"Mayor Ana Ruiz said the barrier would be built. Opposition councillor {name} "
            "said the cost had been underestimated. \"Every project of this kind in Europe "
            "has come in over budget, and the people of this county will pay for it through "
            f"their property tax,\" {pronoun} said.")
    quotes = quotes_of(body)
    reported, quoted = only(quotes, "underestimated"), only(quotes, "property tax")
    assert (reported.speaker, reported.role) == (name, "Opposition councillor")
    assert (quoted.speaker, quoted.mention.text) == (name, pronoun)


@pytest.mark.parametrize("name", ["Frans van den Berg", "Ursula von der Leyen"])
def test_a_name_the_tagger_splits_at_a_run_of_particles_is_whole(quotes_of, name):
    """A run of particles ("van den", "von der") the tagger leaves out of a person's
    name is part of it, and the pronoun after it finds the person."""
    body = (f"The Dutch economist {name} arrived in Oslo on Monday. She met Mayor Tom "
            "Okafor at the port. \"Prices will fall,\" she said.")
    quotes = quotes_of(body)
    assert only(quotes, "Prices").speaker == name


def test_a_hyphenated_second_surname_is_part_of_the_name(quotes_of):
    q = only(quotes_of("Spanish Prime Minister Pedro Sánchez Pérez-Castejón said the vote "
                       "would be held in May."), "vote")
    assert (q.speaker, q.role) == ("Pedro Sánchez Pérez-Castejón", "Spanish Prime Minister")


def test_particles_opening_a_surname_are_part_of_it(quotes_of):
    """'de la Cruz said': the particles are the surname's, never a role."""
    q = only(quotes_of('"The bill is a mistake," de la Cruz said.'), "bill")
    assert (q.speaker, q.role) == ("de la Cruz", None)


def test_a_name_after_an_appositive_title_keeps_its_particles(quotes_of):
    q = only(quotes_of("Ludwig van Beethoven, an opposition councillor, said the cost had "
                       "been underestimated."), "cost")
    assert (q.speaker, q.role) == ("Ludwig van Beethoven", "opposition councillor")


@pytest.mark.parametrize("opener", ["But", "Meanwhile", "Still", "Yet", "And"])
@pytest.mark.parametrize("name", ["Siobhán Ní Bhriain", "Ludwig van Beethoven"])
def test_a_sentence_opener_is_no_part_of_a_name(quotes_of, opener, name):
    """'But X, a Green Party councillor, warned': the conjunction opens the sentence, and
    the table has one speaker X, not "But X" beside X."""
    body = (f"Mayor Tom Keane opened the debate. {opener} {name}, a Green Party councillor, "
            "warned that the price would rise. \"Every project of this kind has come in over "
            f"budget,\" she said. Later {name} said the vote was rushed.")
    quotes = quotes_of(body)
    assert {(q.speaker, q.role) for q in quotes if "vote" not in q.text} == {
        (name, "Green Party councillor")}
    article = Article(id="a1", path="a1.txt", title="", body=body)
    assert [r.speaker for r in quote_table(quotes, [article])] == [name] * 3


def test_interrupted_quotation_shows_its_parts_without_the_speech_tag(quotes_of):
    """'"A," said Mayor Ana Ruiz. "B."': one statement showing A and B joined, never
    the speech tag inside the quotation as if she had said "said Mayor Ana Ruiz"; the
    table cites each part, and each cited span is the part's words verbatim."""
    body = ('"We cannot ask the people of the quays to bail out their kitchens every winter," '
            'said Mayor Ana Ruiz. \u201cThis barrier is the single most important thing this '
            'council will build in a generation."')
    q = only(quotes_of(body), "kitchens")
    assert (q.speaker, q.kind) == ("Ana Ruiz", "direct")
    assert q.text == ("We cannot ask the people of the quays to bail out their kitchens every "
                      "winter \u2026 This barrier is the single most important thing this "
                      "council will build in a generation.")
    assert "said" not in q.text and [body[s:e] for s, e in q.parts] == q.text.split(" \u2026 ")
    article = Article(id="a1", path="a1.txt", title="", body=body)
    (row,) = quote_table([q], [article])
    assert row.text == q.text
    assert [article.text[s.start:s.end] for s in row.spans] == q.text.split(" \u2026 ")


def test_a_quotation_interrupted_mid_clause_shows_its_parts_without_the_speech_tag(quotes_of):
    """'"My hope," she said, "is that ..."': the parser reads the speech tag as an aside
    inside one clause, so the statement is one span holding its own attribution; it
    still shows the two quoted parts joined, never "she said" as her words."""
    body = ('Maria Lopez spoke on Monday. "My hope," she said, "is that the council will '
            'listen to the harbour families."')
    q = only(quotes_of(body), "hope")
    assert (q.speaker, q.kind, q.mention.text) == ("Maria Lopez", "direct", "she")
    assert q.text == "My hope \u2026 is that the council will listen to the harbour families."
    assert [body[s:e] for s, e in q.parts] == q.text.split(" \u2026 ")
    assert body[q.start:q.end] == ('My hope," she said, "is that the council will listen to '
                                   'the harbour families.')


def test_a_short_quotation_with_its_comma_outside_the_marks_is_the_first_part(quotes_of):
    """'"We will rebuild", she said, "and ..."', as outlets that set the comma outside
    the marks write it: the short first part is speech ending at that comma, and the
    statement shows both parts."""
    body = ('Maria Lopez spoke on Monday. "We will rebuild", she said, "and we will do it '
            'this year".')
    q = only(quotes_of(body), "this year")
    assert (q.speaker, q.kind) == ("Maria Lopez", "direct")
    assert q.text == "We will rebuild \u2026 and we will do it this year"
    assert [body[s:e] for s, e in q.parts] == q.text.split(" \u2026 ")


def test_an_aside_between_quotations_is_a_part_and_the_quotations_keep_their_marks(quotes_of):
    body = ('Maria Lopez spoke after the vote. "A deal is close," she said, adding that the '
            'vote was close. "What we want is a fair price."')
    q = only(quotes_of(body), "deal")
    assert q.kind == "mixed" and q.speaker == "Maria Lopez"
    assert q.text == ('"A deal is close," \u2026 the vote was close \u2026 "What we want is a '
                      'fair price."')
    assert [body[s:e] for s, e in q.parts] == q.text.split(" \u2026 ")


def test_quotes_report_gives_each_part_of_an_interrupted_quotation_by_its_offsets(tmp_path):
    from briefing.config import Settings
    from briefing.pipeline import quotes_for_paths
    page = tmp_path / "page.txt"
    page.write_text('Council backs barrier\n\n"We cannot wait another winter," said Mayor '
                    'Ana Ruiz. "This barrier is the most important thing we will build."\n',
                    encoding="utf-8")
    (quote,) = [q for q in quotes_for_paths([str(page)], Settings())[str(page)]
                if "winter" in q["text"]]
    text = page.read_text(encoding="utf-8")
    assert [text[s:e] for s, e in quote["parts"]] == [
        "We cannot wait another winter", "This barrier is the most important thing we will build."]
    assert quote["text"] == " \u2026 ".join(text[s:e] for s, e in quote["parts"])


def test_a_proposal_handed_in_is_a_paper_not_a_statement(quotes_of):
    """"The OPW has received the council's proposal for a barrier": the object of a verb
    of handling a document names a paper; "Ana Ruiz's proposal for a barrier is costly"
    still reports what she proposed."""
    assert quotes_of("The Office of Public Works has received Port Carrick County Council's "
                     "proposal for a tidal barrier at the harbour mouth and will assess it "
                     "under the national programme.") == []
    q = only(quotes_of("Mayor Ana Ruiz's proposal for a tidal barrier at the harbour mouth "
                       "is popular with residents."), "barrier")
    assert (q.speaker, q.cue, q.text) == ("Ana Ruiz", "proposal",
                                          "a tidal barrier at the harbour mouth")


@pytest.mark.parametrize("title, name", [
    ("Minister of State for the OPW", "Aoife Brennan"), ("Minister for Health", "Stephen Donnelly"),
    ("Secretary of State for Wales", "Jo Stevens")])
def test_a_name_set_off_after_a_title_is_the_speaker_and_the_title_her_role(quotes_of, title,
                                                                           name):
    q = only(quotes_of(f"{title}, {name}, said funding decisions would be made in the first "
                       "quarter of 2027."), "funding")
    assert (q.speaker, q.role) == (name, title)


def test_a_reported_telling_keeps_who_was_told(quotes_of):
    """'told councillors that construction could begin' reads "told construction could
    begin" without the ones told: the cue keeps them, unless the content holds them."""
    quotes = quotes_of("Tom Keane, the council's chief engineer, told councillors that "
                       "construction could begin in the spring of 2027. Ana Ruiz told him to "
                       "leave the chamber.")
    q = only(quotes, "construction")
    assert (q.cue, q.text) == ("told councillors",
                               "construction could begin in the spring of 2027")
    assert only(quotes, "chamber").cue == "told"


def test_a_request_no_one_is_named_making_is_no_statement(quotes_of):
    """"Drivers are asked to use the ring road": the drivers are spoken to, and with no
    one named asking, nobody made the statement, not even the last person who spoke (the
    text does not say she asked: a trial reader found police advice credited to her)."""
    assert quotes_of("The bridge will close on Monday for repairs. Drivers are asked to use "
                     "the ring road.") == []
    quotes = quotes_of("Mayor Ana Ruiz said the bridge would close on Monday. Drivers were "
                       "asked to use the ring road.")
    assert [(q.speaker, q.text) for q in quotes] == [("Ana Ruiz",
                                                      "the bridge would close on Monday")]


@pytest.mark.parametrize("title, name", [
    ("Minister for Transport", "Eamon Ryan"), ("Minister for Health", "Stephen Donnelly"),
    ("Minister for Foreign Affairs", "Simon Coveney"),
    ("Secretary of State for Defence", "John Healey")])
def test_a_name_right_after_a_title_of_office_is_the_speaker_and_the_title_his_role(
        quotes_of, title, name):
    """"Minister for Transport Eamon Ryan said", parsed as the Minister for a person: the
    name speaks, the title with its portfolio is his role, and a bare "Minister" is never
    a speaker, nor the words given to another minister of the article."""
    quotes = quotes_of(f"Finance Minister Paschal Donohoe said the budget was sound. {title} "
                       f"{name} said funding decisions would be made in the first quarter.")
    q = only(quotes, "funding")
    assert (q.speaker, q.role) == (name, title)
    assert only(quotes, "budget").speaker == "Paschal Donohoe"


def test_a_role_keeps_the_spelling_the_source_gives(quotes_of):
    """"the shop steward of the dock workers' branch of SIPTU": an acronym inside a role
    stays in capitals; only a role written all in capitals is put in natural case."""
    q = only(quotes_of('"We are not going back," said Nora Quinn, the shop steward of the '
                       "nurses' branch of SIPTU."), "going back")
    assert q.role == "shop steward of the nurses' branch of SIPTU"


def test_a_role_before_a_name_keeps_the_body_whose_name_holds_of(quotes_of):
    """"the former Office of Public Works engineer Ana Ní Bhriain": the role is the whole
    phrase, not the words after the "of" inside the body's name."""
    quotes = quotes_of("The council named a board chaired by the former Office of Public "
                       "Works engineer Ana Ní Bhriain. Ms Ní Bhriain said the board would "
                       "meet monthly.")
    q = only(quotes, "monthly")
    assert (q.speaker, q.role) == ("Ana Ní Bhriain", "former Office of Public Works engineer")


def test_a_former_office_holder_is_named_with_the_office_as_role(quotes_of):
    """"The former Taoiseach Mary Brennan said": a title the tagger took into a body's
    name is the role, "former" with it, and the name the speaker."""
    q = only(quotes_of("The former Taoiseach Mary Brennan said she backed the plan."), "plan")
    assert (q.speaker, q.role) == ("Mary Brennan", "former Taoiseach")


def test_a_body_named_with_a_list_of_portfolios_is_named_whole(quotes_of):
    """"the Department of Agriculture, Food and the Marine": the tagger ends the body at
    the comma's list; its name runs on through the joined capitalised words."""
    q = only(quotes_of("A spokeswoman for the Department of Agriculture, Food and the Marine "
                       "said talks would go on."), "talks")
    assert q.speaker == "Department of Agriculture, Food and the Marine"


def test_a_person_of_a_body_has_the_body_as_role(quotes_of):
    """"Ciara Doyle of SIPTU said": the body a person is of says who they speak for."""
    q = only(quotes_of("Ciara Doyle of SIPTU said the strike would go ahead."), "strike")
    assert (q.speaker, q.role) == ("Ciara Doyle", "SIPTU")


@pytest.mark.parametrize("clause, role", [
    ("who chairs the Harbour Trust", "chair of the Harbour Trust"),
    ("who heads the ferry company", "head of the ferry company"),
    ("who has led the residents' association since 2019", "leader of the residents' association"),
    ("who founded the Quays Food Bank", "founder of the Quays Food Bank"),
    ("who chaired the Harbour Trust until 2020", None),  # an office once held
    ("who lives on the quays", None),
])
def test_an_office_a_relative_clause_gives_is_the_role(quotes_of, clause, role):
    """"Maria Lopez, who chairs the Harbour Trust, said": the clause says her office,
    and the table says it as a role."""
    q = only(quotes_of(f"Maria Lopez, {clause}, said the wall would be rebuilt."), "wall")
    assert (q.speaker, q.role) == ("Maria Lopez", role)


@pytest.mark.parametrize("where", ["", " on the quay"])
@pytest.mark.parametrize("name", ["Kofi Amadi", "Tom Okafor"])
def test_a_person_of_a_body_named_after_them_has_the_body_as_role(quotes_of, name, where):
    """"Kofi Amadi of Amadi's Bakery said": the bakery is who he speaks for, though its
    name holds his; his own name stays his, not "Kofi Amadi Amadi"."""
    surname = name.split()[-1]
    q = only(quotes_of(f"{name} of {surname}'s Bakery{where} said the wall would be rebuilt."),
             "wall")
    assert (q.speaker, q.role) == (name, f"{surname}'s Bakery")


@pytest.mark.parametrize("sentence, speaker, role", [
    ("Her husband Tom said the wall would be rebuilt.", "Tom", None),
    ("Lopez's husband Tom said the wall would be rebuilt.", "Tom", "husband of Maria Lopez"),
    ("Tom Keane, her brother, said the wall would be rebuilt.", "Tom Keane", None),
    ("Tom Keane, Lopez's brother, said the wall would be rebuilt.", "Tom Keane",
     "brother of Maria Lopez"),
    ("Ana Keane, the mayor's eldest daughter, said the wall would be rebuilt.", "Ana Keane",
     "eldest daughter of the mayor"),
    ("Flood widow Ana Keane said the wall would be rebuilt.", "Ana Keane", "flood widow"),
])
def test_a_family_relation_is_a_role_only_with_whose_it_is(quotes_of, sentence, speaker, role):
    """"her husband Tom said": "husband" alone tells the reader of the table nothing true
    of who Tom is; "Lopez's husband" does, said with her full name, and so does "flood
    widow"."""
    q = only(quotes_of(f"Maria Lopez lost her shop in the flood. {sentence}"), "wall")
    assert (q.speaker, q.role) == (speaker, role)


# ---------------------------------------------------------------- trial 7 (Harrowgate Bay)

def test_an_explainers_title_and_a_common_noun_in_a_headline_quote_no_one(quotes_of):
    body = ("A section of the harbour wall gave way overnight.\n\nHere is what we know so far. "
            "The breach is about twelve metres wide. Harbour master Eileen Marsh said the "
            "harbour would remain shut.")
    for title in ("Harbour wall breach: what we know so far",
                  "Harbour Breach Group: everything we know so far"):
        assert [(q.speaker, q.text) for q in quotes_of(body, title)] == [
            ("Eileen Marsh", "the harbour would remain shut")]


def test_a_phone_number_to_call_is_no_call_for_anything(quotes_of):
    quotes = quotes_of("Residents who need help can call the council's emergency line on 01632 "
                       "960 555. The union called on managers to return to talks.")
    assert [(q.speaker, q.text) for q in quotes] == [("union", "managers to return to talks")]


def test_a_press_releases_issuer_speaks_not_its_dateline_and_its_title_is_no_statement(quotes_of):
    quotes = quotes_of(
        "HARROWGATE BAY, Dec. 1, 2026 /PRNewswire/ -- Meridian Ferries Ltd, the operator of the "
        "lifeline service between Harrowgate Bay and Skelly Island, today announced that it will "
        "introduce a battery-electric ferry on the route from June 2027.",
        "Meridian Ferries Announces Zero-Emission Car Ferry for Harrowgate Bay")
    assert [(q.speaker, q.cue) for q in quotes] == [("Meridian Ferries Ltd", "announced")]


@pytest.mark.parametrize("title", ["Engineers reveal extent of bridge damage",
                                   "Council publishes harbour wall report",
                                   "Port details new winter timetable"])
def test_a_title_making_a_thing_public_is_no_statement(quotes_of, title):
    """Its noun phrase is what was made public, not words anyone said; a title reporting a
    clause still reports one."""
    body = "Chief engineer Samuel Achterberg said the crack had grown by 5mm since November."
    assert [q.speaker for q in quotes_of(body, title)] == ["Samuel Achterberg"]
    said = quotes_of(body, "Engineers reveal that the crack has grown")
    assert "the crack has grown" in [q.text for q in said]


def test_a_given_name_tagged_as_a_place_and_a_players_position_are_read(quotes_of):
    quotes = quotes_of(
        "Island councillor Fergal Quinn said residents would welcome more sailings in winter. "
        "Ferries have been cancelled twice this month.\n\n\"We cannot be cut off every time "
        "the wind blows,\" Quinn said.\n\nStriker Jamie Polden scored the winner in the "
        "ninetieth minute on Saturday.\n\nPolden, 19, said he had dreamed of the moment since "
        "he was a boy.")
    assert {q.speaker for q in quotes} == {"Fergal Quinn", "Jamie Polden"}
    assert only(quotes, "dreamed").role == "striker"


def test_a_post_after_the_name_says_more_than_one_title_word_before_it(quotes_of):
    quotes = quotes_of("\"We will rebuild,\" said Councillor Tomas Reddy, Leader of Harrowgate "
                       "Bay Council. Senator Ann Dale, a Democrat from Ohio, said the bill would "
                       "pass.")
    assert [(q.speaker, q.role) for q in quotes] == [
        ("Tomas Reddy", "Leader of Harrowgate Bay Council"), ("Ann Dale", "Senator")]


def test_a_body_named_with_a_possessive_is_the_speaker_and_the_one_its_description_means(
        quotes_of):
    quotes = quotes_of("St Brendan's Hospital has warned patients that planned operations "
                       "could be cancelled next week. The hospital said emergency care would "
                       "not be affected.")
    assert [q.speaker for q in quotes] == ["St Brendan's Hospital", "St Brendan's Hospital"]


@pytest.mark.parametrize("credited", [
    "the spring. (AFP Photo/Jim Watson)", "the spring./ REUTERS", "the spring (Photo: Jim Watson).",
    "the spring. Photo: Jim Watson", "the spring (AFP Photo/Jim Watson)."])
def test_a_statement_ends_before_the_credit_of_the_picture_under_it(quotes_of, credited):
    """A page that runs a caption's credit into the paragraph above it gives no one those
    words: the mayor did not say "(AFP Photo/Jim Watson)"."""
    body = f"Mayor Anna Berg said the rail line would reopen in {credited}"
    q = only(quotes_of(body), "rail line")
    assert (q.speaker, q.text) == ("Anna Berg", "the rail line would reopen in the spring")
    assert body[q.start:q.end] == q.text  # still verbatim: the same words, cut sooner


@pytest.mark.parametrize("body, content", [
    ("Prices rose by 5%, the central bank said.", "Prices rose by 5%"),
    ("The central bank said prices rose by 5%.", "prices rose by 5%"),
    ("The forecaster said the temperature would reach 41°.", "the temperature would reach 41°"),
])
def test_a_statement_keeps_the_sign_of_its_last_number(quotes_of, body, content):
    q = only(quotes_of(body), "rose" if "rose" in body else "reach")
    assert q.text == content and body[q.start:q.end] == content


@pytest.mark.parametrize("body", [
    "The council would not comment on its decisions.",
    "The council declined to comment on its decisions.",
    "The Harbour Trust did not respond to requests for comment.",
])
def test_a_refusal_to_speak_is_no_statement(quotes_of, body):
    """Nobody said "its decisions": a topic not spoken of is no row of who said what."""
    assert quotes_of(body) == []


@pytest.mark.parametrize("body", [
    "One ward sister, who asked not to be named, said the hospital had run out of beds twice.",
    "A porter asked not to be identified. He said the hospital had run out of beds twice.",
    "The nurse, who asked that her name not be used, said the hospital had run out of beds twice.",
])
def test_a_request_to_stay_unnamed_is_no_statement(quotes_of, body):
    """"Asked not to be named" says why a source is unnamed, not what the source said:
    the one row is what they said."""
    [q] = quotes_of(body)
    assert q.text == "the hospital had run out of beds twice" and q.cue == "said"


@pytest.mark.parametrize("body, content", [
    ("The council rejected the harbour plan on Monday. It said the plan was too costly.",
     "the plan was too costly"),
    ("The council met on Monday and it said the harbour plan was too costly.",
     "the harbour plan was too costly"),
    ("The council would not comment on its decisions, which it said were final.", "were final"),
])
def test_it_is_the_body_named_by_its_kind_before(quotes_of, body, content):
    q = only(quotes_of("Buses will replace the trains for six weeks, the rail operator said.\n\n"
                       + body), content)
    assert (q.speaker, q.text) == ("council", content)


def test_she_said_after_an_unnamed_speaker_is_that_speaker(quotes_of):
    """A "she said" right after a parent spoke is the parent's, not the headteacher's
    named two paragraphs up; one after a named woman spoke again is hers."""
    body = ("Headteacher Margaret Doyle said the school would stay closed until Monday. "
            "\u201cThe children's safety comes first,\u201d she said.\n\n"
            "A parent, whose daughter is in Year 4, said she had complained about leaks in the "
            "roof last year. \u201cNobody listened,\u201d she said.\n\n"
            "One builder working nearby said he had heard a crack at about 2am. "
            "\u201cI thought it was thunder,\u201d he said.\n\n"
            "Ms Doyle said the pupils would learn at the library. "
            "\u201cWe will manage,\u201d she said.")
    quotes = quotes_of(body)
    assert only(quotes, "Nobody listened").speaker == "parent"
    assert only(quotes, "thunder").speaker == "One builder"
    assert only(quotes, "We will manage").speaker == "Margaret Doyle"
    assert only(quotes, "safety comes first").speaker == "Margaret Doyle"


@pytest.mark.parametrize("body, speaker, role, said", [
    # "Cllr" is a councillor's title, not a given name
    ("The city's transport portfolio holder, Cllr Jon Pike, told the Post he would ask the "
     "operator to freeze fares for under-18s.", "Jon Pike", "city's transport portfolio holder",
     "freeze fares"),
    # the name before a description set off by commas, the party inside it no speaker
    ("The city's transport portfolio holder, Cllr Jon Pike, told the Post he would ask the "
     "operator to freeze fares. Pike, a Labour councillor, said he was \"disappointed but not "
     "surprised\".", "Jon Pike", "Labour councillor", "disappointed"),
    # a given name the tagger took, with the surname, for a place
    ("The harbour wall will be raised by a metre. Committee chair Derek Mayhew defended the "
     "scheme, saying it would protect 900 homes. \"Doing nothing is not an option,\" Mr Mayhew "
     "said.", "Derek Mayhew", "Committee chair", "Doing nothing"),
])
def test_names_and_roles_of_local_officials(quotes_of, body, speaker, role, said):
    q = only(quotes_of(body), said)
    assert (q.speaker, q.role) == (speaker, role)


def test_a_full_stop_the_parser_makes_a_subject_names_nobody(quotes_of):
    """"Kunz Sr. says": the parse may make the stop after "Sr" a second subject."""
    quotes = quotes_of("The family went on a camping trip last week.\n\nKunz Sr. says the "
                       "toddler was last seen with his grandfather around 2:30 p.m. Friday.")
    assert [q.text for q in quotes] == [
        "the toddler was last seen with his grandfather around 2:30 p.m. Friday"]
