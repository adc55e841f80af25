"""Advertisements inside a page's markup, removed before its main text is extracted.

An inline ad (``<div class="ad"><span>Advertisement</span><p>Hotel breaks from
£59. Book now.</p></div>``) sits in the article body, so a text extractor keeps its
copy as a paragraph, and later stages read it as the article's words (a pronoun after
it once resolved to the advertiser). Its markup says what it is: a class or id word
such as ``ad``, ``advert`` or ``sponsored``. Words are read whole, split at hyphens,
underscores and camel case (``ad-slot``, ``gpt_ad``, ``adUnit``), never found inside
other words: ``lead``, ``header``, ``shadow`` and ``download`` are no ads.
"""
from __future__ import annotations

import re
from copy import deepcopy

#: class or id words marking an advertisement's container
AD_WORDS = frozenset({
    "ad", "ads", "advert", "adverts", "advertisement", "advertisements",
    "advertising", "advertorial", "adslot", "adunit", "adsbygoogle", "dfp",
    "sponsor", "sponsored", "sponsors", "promo", "promos", "promoted",
})
#: a container holding more than this share of the page's text is the page, not an ad
#: (a wrapper flagged ``has-ads`` or ``ad-free``, a sponsored article's own body)
MAX_PAGE_SHARE = 0.5
#: elements that are the page itself whatever their class says
_PAGE_TAGS = frozenset({"html", "body", "main", "article"})
#: one word of a class or id: lower case, capitalised, an acronym, or digits
_NAME_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def name_words(value: str) -> list[str]:
    """The words of a class or id attribute, lower-cased (``"inline-ad adUnit"``:
    inline, ad, ad, unit)."""
    return [word.lower() for word in _NAME_WORD.findall(value)]


def is_ad_container(element) -> bool:
    """Whether ``element``'s class or id names it an advertisement."""
    if not isinstance(element.tag, str) or element.tag in _PAGE_TAGS:
        return False
    names = f"{element.get('class') or ''} {element.get('id') or ''}"
    return not AD_WORDS.isdisjoint(name_words(names))


def drop_ads(tree) -> int:
    """Remove every ad container and what it holds from ``tree`` (an lxml HTML tree),
    keeping the text that follows each; the number removed. A container holding the
    page's ``<h1>`` or most of its text is left, its own ads still removed: that is the
    article, whatever its class."""
    page_chars = len(tree.text_content())
    dropped: set = set()
    for element in [element for element in tree.iter() if is_ad_container(element)]:
        if element.getparent() is None or any(a in dropped for a in element.iterancestors()):
            continue
        if next(element.iter("h1"), None) is not None \
                or len(element.text_content()) > MAX_PAGE_SHARE * page_chars:
            continue
        element.drop_tree()
        dropped.add(element)
    return len(dropped)


def without_ads(html: str, tree) -> str:
    """The page ``html`` (parsed as ``tree``, which is left as it is) without its ad
    containers; ``html`` itself when it has none or lxml could not parse it."""
    import lxml.html

    if tree is None:
        return html
    pruned = deepcopy(tree)
    if not drop_ads(pruned):
        return html
    return lxml.html.tostring(pruned, encoding="unicode")
