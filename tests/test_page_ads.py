"""Ad containers in a page's markup: found by whole class or id words, never inside others."""
import lxml.html
import pytest

from briefing.page_ads import drop_ads, is_ad_container


@pytest.mark.parametrize("attributes", [
    'class="ad"', 'class="inline-ad"', 'class="ad-slot wide"', 'id="div-gpt-ad-1234"',
    'class="adUnit"', 'class="AdContainer"', 'class="ads_wrapper"', 'class="advert-box"',
    'class="advertisement"', 'class="sponsored-content"', 'class="promo"',
    'class="adsbygoogle"', 'class="story ad-300x250"',
])
def test_an_ad_word_in_a_class_or_id_marks_an_ad_container(attributes):
    assert is_ad_container(lxml.html.fragment_fromstring(f"<div {attributes}>x</div>"))


@pytest.mark.parametrize("attributes", [
    'class="lead"', 'class="header"', 'class="shadow"', 'class="download"',
    'class="headline"', 'class="bad-news"', 'id="address"', 'class="add-comment"',
    'class="loading"', 'class="roadmap"', 'class="thread"', 'class=""', "",
])
def test_words_that_merely_hold_the_letters_ad_mark_no_ad(attributes):
    assert not is_ad_container(lxml.html.fragment_fromstring(f"<div {attributes}>x</div>"))


STORY = ("<p>The lifeboat crew at Penhallow rescued two kayakers who had drifted beyond the "
         "breakwater on Sunday afternoon.</p><p>Both were taken to the harbour clinic and "
         "released after a check-up, the coxswain said.</p>")


def test_an_ad_and_what_it_holds_are_dropped_and_the_text_after_it_kept():
    tree = lxml.html.fromstring(
        f"<html><body><article><h1>Kayakers rescued</h1>{STORY}"
        '<div class="ad"><span>Advertisement</span><p>Gull Rock Spa: two nights for £80.</p>'
        "</div>tail words<p>The crew thanked the public.</p></article></body></html>")
    assert drop_ads(tree) == 1
    text = tree.text_content()
    assert "Gull Rock Spa" not in text and "Advertisement" not in text
    assert "tail words" in text and "The crew thanked the public." in text


@pytest.mark.parametrize("wrapper", ['<div class="page has-ads">', '<div class="ad-free">',
                                     '<section class="sponsored">'])
def test_a_container_holding_the_article_is_no_ad_whatever_its_class(wrapper):
    tag = wrapper[1:wrapper.index(" ")]
    tree = lxml.html.fromstring(
        f"<html><body>{wrapper}<p>{'Lifeboat news. ' * 3}</p>{STORY}</{tag}>"
        '<div class="ad-slot">Buy a boat</div></body></html>')
    drop_ads(tree)
    assert "The lifeboat crew at Penhallow" in tree.text_content()
    assert "Buy a boat" not in tree.text_content()
