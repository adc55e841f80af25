"""briefing.toml: `briefing init` writes a valid commented example; every invalid value of
the collector's sections is refused with its key named."""
import re

import pytest

from briefing.cli import main
from briefing.config import ConfigError, cron_fields, load_settings


def test_init_writes_a_commented_example_that_loads(tmp_path, capsys):
    path = tmp_path / "briefing.toml"
    assert main(["init", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert text.count("#") > 20
    # secrets are only named (password_env, url_env), never written in the file
    assert not re.search(r"^[#\s]*(password|url|secret|token)\s*=\s*\"(?!https?://news)", text, re.M)
    settings = load_settings(path)
    assert settings.sources == []  # nothing is collected until the user adds a source
    assert settings.schedule.build_cron == "0 6 * * *"
    assert settings.store.data_dir == str(tmp_path / "data")  # beside the config file
    assert settings.render.out_dir == str(tmp_path / "out")
    with pytest.raises(SystemExit):
        main(["init", str(path)])  # never overwrites without --force
    assert "exists; use --force" in capsys.readouterr().err
    assert main(["init", str(path), "--force"]) == 0


@pytest.mark.parametrize("body, key", [
    ('[[sources]]\nkind = "rss"\nurl = "https://x.test/f"\n', "sources[0].kind"),
    ('[[sources]]\nkind = "feed"\nurl = "file:///etc/passwd"\n', "sources[0].url"),
    ('[[sources]]\nkind = "feed"\nurl = "https://x.test/f"\n[[sources]]\nkind = "folder"\n',
     "sources[1].path"),
    ('[[sources]]\nkind = "feed"\nurl = "https://x.test/f"\nlink = "x"\n', "sources[0].link"),
    ('sources = "https://x.test/f"\n', "sources"),
    ('[schedule]\ntimezone = "Europe/Atlantis"\n', "schedule.timezone"),
    ('[schedule]\nbuild_cron = "6 * *"\n', "schedule.build_cron"),
    ('[schedule]\nbuild_cron = "0 25 * * *"\n', "schedule.build_cron"),
    ('[schedule]\ncollect_every_minutes = 0\n', "schedule.collect_every_minutes"),
    ('[store]\nnear_duplicate_threshold = 1.5\n', "store.near_duplicate_threshold"),
    ('[store]\nurl = "not a url"\n', "store.url"),
    ('[fetch]\ntimeout = 0\n', "fetch.timeout"),
    ('[fetch]\nmax_page_bytes = 0\n', "fetch.max_page_bytes"),
    ('[fetch]\nretries = "3"\n', "fetch.retries"),
])
def test_invalid_values_name_the_key(tmp_path, body, key):
    path = tmp_path / "briefing.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"'{key}'")):
        load_settings(path)


def test_an_error_in_a_table_of_a_list_counts_the_tables_as_a_reader_does(tmp_path):
    path = tmp_path / "briefing.toml"
    path.write_text('[[sources]]\nkind = "feed"\nurl = "https://x.test/f"\n'
                    '[[sources]]\nkind = "feed"\nurl = "notaurl"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(
            "'sources[1].url' must be an http:// or https:// address, got 'notaurl' "
            "(in the 2nd [[sources]] table)")):
        load_settings(path)


def test_cron_weekdays_are_cron_numbers():
    # cron counts weekdays from Sunday = 0; APScheduler 3 from Monday = 0
    assert cron_fields("30 7 * * 1-5")["day_of_week"] == "mon-fri"
    assert cron_fields("0 6 * * 0")["day_of_week"] == "sun"
    assert cron_fields("0 6 * * 7")["day_of_week"] == "sun"
    assert cron_fields("0 6 * * */2")["day_of_week"] == "*/2"


def _exit(argv) -> int:
    try:
        return main(argv)
    except SystemExit as exit_:
        return exit_.code


def test_commands_that_need_sources_say_so(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _exit(["collect"]) == 2
    assert capsys.readouterr().err == (
        "briefing: error: no [[sources]] to collect: there is no config file (briefing.toml "
        "does not exist and no --config was given); `briefing init` writes one with example "
        "sources to start from\n")


@pytest.mark.parametrize("argv", [["collect"], ["build", "--since", "last"], ["schedule"]])
def test_after_init_nothing_is_collected_until_a_source_is_added(tmp_path, capsys, monkeypatch,
                                                                 argv):
    monkeypatch.chdir(tmp_path)
    assert main(["init"]) == 0
    assert "with no source yet: uncomment and edit an example [[sources]] table" in \
        capsys.readouterr().out
    assert _exit(argv) == 2
    assert capsys.readouterr().err == (
        "briefing: error: no [[sources]] in briefing.toml, so there is nothing to collect: "
        "uncomment and edit an example [[sources]] table there, or add a feed reader's "
        "feeds with `briefing sources import FILE.opml`\n")
    assert not (tmp_path / "data").exists() and not (tmp_path / "out").exists()
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text("[store]\ndata_dir = 'data'\n", encoding="utf-8")
    assert _exit([*argv, "--config", str(elsewhere)]) == 2
    assert f"`briefing sources import FILE.opml --config {elsewhere}`" in capsys.readouterr().err


def _uncommented_example(first: str, last: str, setting: str) -> str:
    """The commented lines of the example config from ``first`` up to ``last`` that
    ``setting`` matches (tables and settings, not prose), uncommented."""
    from briefing.example_config import EXAMPLE_CONFIG
    part = EXAMPLE_CONFIG[EXAMPLE_CONFIG.index(first):EXAMPLE_CONFIG.index(last)]
    return "\n".join(line[2:] for line in part.splitlines() if re.match(setting, line))


def test_the_example_sources_load_once_uncommented(tmp_path):
    # not the prose (`# kind = "feed": an RSS ...`)
    block = _uncommented_example("# --- Sources", "# --- When",
                                 r'# (\[\[sources\]\]|\w+ = "[^"]*")\s*(#.*)?$')
    path = tmp_path / "sources.toml"
    path.write_text(block + "\n", encoding="utf-8")
    sources = load_settings(path).sources
    assert [(s.kind, s.name) for s in sources] == [("feed", "Example News"), ("page", ""),
                                                   ("folder", "Inbox")]
    assert sources[0].site_url == "https://news.example.com/"


def test_build_since_from_a_store_another_config_fills_needs_no_sources(tmp_path, capsys,
                                                                         monkeypatch):
    from briefing.config import Settings, StoreSettings
    from briefing.store import ArticleContent, Store
    from .webfixtures import HARBOUR
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text(
        "[render]\nformats = ['json']\n[store]\ndata_dir = 'data'\n", encoding="utf-8")
    with Store.open(StoreSettings(data_dir=str(tmp_path / "data"))) as store:
        store.add_document("file:///elsewhere/harbour.txt#0", "Elsewhere", ArticleContent(
            text="\n\n".join(HARBOUR), kind="txt", title="Harbour wall to be rebuilt"))
    assert _exit(["build", "--since", "last", "--date", "2026-11-27"]) == 0
    assert (tmp_path / "out" / "2026-11-27" / "briefing.json").exists()


def test_briefing_toml_in_the_current_folder_is_read(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.toml").write_text("[schedule]\ntimezone = 'Nowhere/Land'\n")
    with pytest.raises(SystemExit):
        main(["collect"])
    assert "schedule.timezone" in capsys.readouterr().err


def test_the_readme_example_is_valid(tmp_path):
    from .conftest import REPO
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "briefing.toml"
    path.write_text(block, encoding="utf-8")
    settings = load_settings(path)
    assert [s.kind for s in settings.sources] == ["feed", "page", "folder"]
    assert cron_fields(settings.schedule.build_cron)["day_of_week"] == "mon-fri"


def test_the_example_delivery_targets_load_once_uncommented(tmp_path):
    from briefing.deliver import DiscordChannel, EmailChannel, SlackChannel, channels
    block = _uncommented_example("# [[delivery.email]]", "# --- The store", r"# (\[|\w+ = )")
    path = tmp_path / "delivery.toml"
    path.write_text(block + '\n[[delivery.webhook]]\nkind = "discord"\nurl_env = "HOOK"\n')
    settings = load_settings(path)
    assert settings.delivery.email[0].password_env == "BRIEFING_SMTP_PASSWORD"
    assert [type(c) for c in channels(settings.delivery)] == [EmailChannel, SlackChannel,
                                                              DiscordChannel]
