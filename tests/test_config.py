from dataclasses import fields, is_dataclass
from typing import get_type_hints

import pytest

from briefing.config import ConfigError, Settings, load_settings


def test_defaults_without_a_file():
    settings = load_settings(None)
    assert settings.render.formats == ["html", "pdf", "md", "json"]


def test_file_overrides_and_int_widens_to_float(tmp_path):
    path = tmp_path / "b.toml"
    path.write_text("[cluster]\nthreshold = 1\n[render]\nformats = ['md']\n")
    settings = load_settings(path)
    assert settings.cluster.threshold == 1.0
    assert settings.render.formats == ["md"]


@pytest.mark.parametrize("body, key", [
    ("[cluster]\nthreshold = 'high'\n", "cluster.threshold"),
    ("[cluster]\nthresold = 0.2\n", "cluster.thresold"),
    ("[summary]\nmax_sentences = true\n", "summary.max_sentences"),
    ("cluster = 3\n", "cluster"),
    ("[render]\nformats = ['docx']\n", "render.formats"),
    ("[render]\nformats = []\n", "render.formats"),
    ("[briefing]\nfront_page = 0\n", "briefing.front_page"),
    ("[briefing]\nmin_summary_sentences = 3\nsummary_sentences = 2\n", "briefing.summary_sentences"),
    ("[rank]\noutlets = -1\n", "rank.outlets"),
    ("[rank]\noutlets = 0\narticles = 0\nrecency = 0\nnovelty = 0\nsubstance = 0\n", "rank.outlets"),
    ("[render]\nemail_bytes = 10\n", "render.email_bytes"),
    ("[render]\npublic_url = 'ftp://x'\n", "render.public_url"),
    ("[limits]\nmin_article_words = -1\n", "limits.min_article_words"),
    ("[delivery]\ntimeout = 0\n", "delivery.timeout"),
    ("[cluster]\nentity_weight = 1.5\n", "cluster.entity_weight"),
    ("[summary]\nper_article = 0\n", "summary.per_article"),
    ("[fetch]\nretries = -1\n", "fetch.retries"),
    ("[fetch]\nmax_connections = 0\n", "fetch.max_connections"),
    ("[fetch]\nmax_connections = 65\n", "fetch.max_connections"),
    ("[fetch]\nobey_robots = 'no'\n", "fetch.obey_robots"),
    ("[store]\nnear_duplicate_threshold = 0.1\n", "store.near_duplicate_threshold"),
    ("[parse]\nprocesses = -1\n", "parse.processes"),
    ("[parse]\nprocesses = 65\n", "parse.processes"),
    ("[parse]\ncache_mb = -5\n", "parse.cache_mb"),
    ("[parse]\ncache_dir = 3\n", "parse.cache_dir"),
])
def test_invalid_values_name_the_key(tmp_path, body, key):
    path = tmp_path / "b.toml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        load_settings(path)


@pytest.mark.parametrize("body, message", [
    ("[summary]\nword = 80\n", "unknown setting 'summary.word'; did you mean 'summary.words'?"),
    ("[sumary]\nwords = 80\n", "unknown setting 'sumary'; did you mean 'summary'?"),
    ("[[sources]]\nurll = 'https://news.example/rss'\n",
     "unknown setting 'sources[0].urll'; did you mean 'sources[0].url'? "
     "(in the 1st [[sources]] table)"),
    ("[summary]\nflavour = 'dry'\n", "unknown setting 'summary.flavour'"),
])
def test_an_unknown_key_names_the_file_and_the_known_key_it_is_close_to(tmp_path, body,
                                                                       message):
    path = tmp_path / "briefing.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value) == f"{path}: {message}"


def test_unreadable_and_malformed_files(tmp_path):
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[cluster\n")
    with pytest.raises(ConfigError, match="bad.toml"):
        load_settings(bad)


#: the least a [[...]] table needs to be valid, so that only the key tried is wrong
LIST_TABLE_BASE = {"sources": 'url = "https://news.example/rss"',
                   "delivery.email": 'sender = "b@example.org"\nto = ["t@example.org"]',
                   "delivery.webhook": 'url_env = "HOOK"'}


def numeric_settings(cls=Settings, prefix=""):
    """(TOML table, name as errors give it, key, type) of every int and float setting,
    found by walking the dataclasses, so a setting added later is tried too."""
    for f in fields(cls):
        kind = get_type_hints(cls)[f.name]
        origin = getattr(kind, "__origin__", None)
        if is_dataclass(kind):
            yield from numeric_settings(kind, f"{prefix}{f.name}.")
        elif origin is list and is_dataclass(kind.__args__[0]):
            table = f"{prefix}{f.name}"
            for found in numeric_settings(kind.__args__[0], f"{table}[0]."):
                yield (f"[[{table}]]",) + found[1:]
        elif kind in (int, float):
            yield (f"[{prefix.rstrip('.')}]", f"{prefix}{f.name}", f.name, kind)


def test_numeric_settings_are_walked():
    names = {name for _, name, _, _ in numeric_settings()}
    assert {"cluster.threshold", "fetch.timeout", "delivery.email[0].port",
            "summary.min_sentences", "schedule.lock_wait_seconds"} <= names
    assert len(names) > 60


@pytest.mark.parametrize("table, name, key, kind", list(numeric_settings()),
                         ids=[name for _, name, _, _ in numeric_settings()])
def test_every_numeric_setting_refuses_a_value_out_of_its_range(tmp_path, table, name, key,
                                                                 kind):
    path = tmp_path / "briefing.toml"
    base = LIST_TABLE_BASE.get(table.strip("[]"), "")
    for value in ("-1", "1_000_000_000_000") + (("nan", "inf") if kind is float else ()):
        path.write_text(f"{table}\n{base}\n{key} = {value}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            load_settings(path)
        message = str(info.value)
        assert message.startswith(f"{path}: '{name}' must "), (value, message)
        assert "\n" not in message and "must be of type" not in message


def test_a_number_written_in_quotes_is_named_in_toml_words_with_the_fix(tmp_path):
    path = tmp_path / "briefing.toml"
    path.write_text('[fetch]\ntimeout = "20"\n[summary]\nwords = "many"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value) == (f"{path}: 'fetch.timeout' must be a number, got '20' (write "
                               f"it without quotes)")
    path.write_text('[summary]\nwords = "many"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(info.value) == f"{path}: 'summary.words' must be a whole number, got 'many'"
