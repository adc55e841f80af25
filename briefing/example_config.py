"""The commented ``briefing.toml`` that ``briefing init`` writes.

Kept as a module so a test can load it with :func:`briefing.config.load_settings` and
the example can never drift into invalid settings.
"""

EXAMPLE_CONFIG = """\
# briefing.toml: what `briefing collect`, `briefing build --since` and `briefing schedule`
# read. Every key is optional; the values shown are the defaults unless marked "example".
# Relative paths are relative to this file. Secrets never go in this file: a key ending
# in _env names the environment variable that holds the secret.

# --- Sources: one [[sources]] table each -------------------------------------------
# None is active yet, so `briefing collect` reads nothing until you add one: uncomment
# an example below and give it a real address, or add a feed reader's OPML export with
# `briefing sources import FILE.opml` (its feeds are added at the end of this file).
#
# kind = "feed": an RSS or Atom feed; the page behind every new entry is fetched and its
# main text, title, author and date extracted.
# [[sources]]
# kind = "feed"
# name = "Example News"                     # example; shown in logs and kept per article
# url = "https://news.example.com/rss.xml"  # example
# group = "News/Local"                      # example: a folder (in a folder) of a feed reader
# site_url = "https://news.example.com/"    # example: the site's own address (OPML htmlUrl)

# kind = "page": a single web page, read once.
# [[sources]]
# kind = "page"
# url = "https://news.example.com/2026/11/27/harbour-wall.html"

# kind = "folder": .txt, .md, .html, .json and .jsonl files, as `briefing build` reads them.
# [[sources]]
# kind = "folder"
# name = "Inbox"
# path = "inbox"

# --- When `briefing schedule` collects and builds -----------------------------------
[schedule]
timezone = "UTC"                 # an IANA name, e.g. "Europe/Dublin"; 06:00 follows its DST
collect_every_minutes = 30
build_cron = "0 6 * * *"         # minute hour day-of-month month day-of-week, in timezone
misfire_grace_minutes = 720      # a build missed while the machine slept runs once on waking
lock_wait_seconds = 600          # a job waits this long for a collect or build run by hand

# --- What is written, and where ---------------------------------------------------
[render]
title = "Daily briefing"
formats = ["html", "pdf", "md", "json"]   # and "email": the message --deliver sends, as files
out_dir = "out"                  # editions: out_dir/YYYY-MM-DD/, then out_dir/YYYY-MM-DD-2/ ...
# public_url = "https://intranet.example.com/briefings/"   # example: where out_dir is served;
#                                  the email, Markdown and chat then link to the full briefing
email_bytes = 100000             # the email stays under this (Gmail clips past 102 KB)
also_reported_lines = 20         # "also reported" lines in Markdown and chat
pdf_record_words = 8000          # full record printed in the PDF; all of it is attached
article_texts = false            # true: each article's text in articles/ (build --with-texts)

# --- The front page: the stories a reader reads in five minutes ----------------------
[briefing]
front_page = 10                  # most stories on the front page; the rest get a line each
words = 1200                     # its word budget
min_summary_sentences = 2        # summary sentences per front-page story, from ...
summary_sentences = 4            # ... to
key_voices = 3                   # statements of distinct speakers per front-page story

# How stories are ranked: weights of the importance signals (only proportions matter).
[rank]
outlets = 0.35                   # distinct outlets carrying the story
articles = 0.15                  # articles in the story
recency = 0.15                   # newest article, inside the day's span
novelty = 0.15                   # new, or new facts in a developing story
substance = 0.2                  # named speakers, statements several outlets carry

# --- Where `briefing build --deliver` and the scheduled build send the briefing -----
# Email: HTML with a plain-text alternative and the PDF attached.
# [[delivery.email]]
# host = "smtp.example.com"                 # example
# port = 587
# security = "starttls"                     # starttls (587), ssl (465) or none
# sender = "briefing@example.com"           # example
# to = ["team@example.com"]                 # example
# username = "briefing@example.com"         # example
# password_env = "BRIEFING_SMTP_PASSWORD"   # the variable holding the password
# attach_pdf = true                         # false: no PDF; the email says where the briefing is
#
# Chat: the front page (summaries, key voices, sources) split to the service's size limit.
# The webhook URL is a secret: put it in the environment variable named here.
# [[delivery.webhook]]
# kind = "slack"                            # slack, mattermost, discord or teams
# url_env = "BRIEFING_SLACK_WEBHOOK"
#
# [delivery]
# timeout = 30.0
# retry_backoff_minutes = 5.0               # a failed target is tried again after this,
# max_attempts = 6                          #   doubled each time, up to max_attempts tries

# --- The store: articles seen, feed state, briefings built, scheduled jobs ----------
[store]
data_dir = "data"                # the SQLite file is data_dir/briefing.db
# A store shared by a team on PostgreSQL: put the URL, password included, in an
# environment variable and name it here, e.g.
#   export BRIEFING_DATABASE_URL=postgresql://briefing:secret@db.example.com/briefing
# url_env = "BRIEFING_DATABASE_URL"
near_duplicate_threshold = 0.8   # share of a republished copy's wording that makes it one article
keep_backups = 7                 # the scheduler backs up after each build into data_dir/backups

# --- How the collector talks to web servers ---------------------------------------
[fetch]
# user_agent = "briefing/0.1 (+https://example.com/contact)"   # example
timeout = 20.0                   # seconds to connect, and between bytes
retries = 2                      # after a network error, a timeout, 429 or 5xx
per_host_delay = 1.0             # seconds between two requests to one site (host:port)
max_connections = 8              # requests at once over all sites; one at a time per site
obey_robots = true               # leave alone the pages a site's robots.txt disallows
max_page_bytes = 5000000
max_feed_bytes = 10000000
"""
