"""Settings document themselves: each has a description, and the README's settings tables
list exactly the settings that exist, by the environment variable that sets each."""
from __future__ import annotations

import re
from pathlib import Path

from assistant.settings import Settings

README = Path(__file__).resolve().parent.parent / "README.md"
# A settings table: a header row starting "| setting |"; each row's first cell names one or
# more variables in backticks (`TREATY_SLACK_HOST` (`--host`), `TREATY_SLACK_PORT` …).
TABLE = re.compile(r"^\| setting \|.*\n\|[-| ]+\|\n((?:\|.*\n)+)", re.MULTILINE)
VARIABLE = re.compile(r"`([A-Z][A-Z0-9_]+)`")


def readme_settings() -> list[str]:
    tables = TABLE.findall(README.read_text(encoding="utf-8"))
    assert tables, "the README has no settings table"
    return [name for table in tables for row in table.splitlines()
            for name in VARIABLE.findall(row.split("|")[1])]


def test_readme_tables_list_exactly_the_settings():
    listed = readme_settings()
    assert sorted(listed) == sorted(set(listed)), "a setting is listed twice"
    assert set(listed) == set(Settings.environment_names().values())


def test_every_setting_has_a_description():
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 10, name


def test_environment_names_are_the_ones_read(monkeypatch):
    names = Settings.environment_names()
    values = {"top_k": "5", "openai_base_url": "http://127.0.0.1:9/v1", "slack_api_url": "http://127.0.0.1:9/api/",
              "web_auth": "reader:secret"}
    for field, value in values.items():
        monkeypatch.setenv(names[field], value)
    read = Settings()
    assert (names["top_k"], names["openai_base_url"]) == ("TREATY_TOP_K", "OPENAI_BASE_URL")
    assert {field: str(getattr(read, field)) for field in values} == {**values, "web_auth": "**********"}
