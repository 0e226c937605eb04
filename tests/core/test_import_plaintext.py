"""Cleaning scraped plain text the way an analyst would: the seeds, and variants of each rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.core.exchange.datelines import parse_dateline
from framedesk.core.exchange.plaintext import clean_scraped
from framedesk.core.importing import import_paths
from framedesk.core.store import Project

SEED_000 = "000_8eebfda767bfdce3.txt"
SEED_004 = "004_ee9365a6a5392e40.txt"
BODY = ("American and European officials have discreetly engaged in talks with Ukraine "
        "concerning the possibility of beginning peace negotiations with Russia, according "
        "to NBC reports.")
BODY2 = ("Anonymous officials aware of the talks pointed out that the dialogue considers the "
         "dynamics of military actions in Ukraine, as well as the political situation.")


def test_seed_000_is_cleaned_as_an_analyst_would(project: Project, seeds_dir: Path) -> None:
    summary = import_paths(project, [seeds_dir / SEED_000], entities=False)
    assert summary.imported == 1 and not summary.failed
    article = project.articles.get(summary.new_ids[0])
    assert article.title == "Kyiv to negotiate with Moscow? Unexpected reports emerge"
    assert article.published == "2023-11-04T13:03-04:00"
    lines = article.text.split("\n")
    assert lines[0] == article.title and lines[1] == ""
    assert lines[2].startswith("American and European officials have discretely engaged")
    for debris in ("NewsKyiv", "Will Kyiv negotiate", "Images source", "GETTY", "ed. KAR",
                   "1:03 PM", "Related content", "\u00a0", "\r"):
        assert debris not in article.text
    assert article.text.endswith("support for Kyiv, officials claim.")
    # The subheading inside the body is the article's, not debris.
    assert "\n\nQuiet coercion towards peace? Kyiv under western pressure\n\n" in article.text
    raw = project.articles.raw(article.id)
    assert raw == (seeds_dir / SEED_000).read_text(encoding="utf-8")


def test_seed_004_keeps_headline_standfirst_body_and_curly_quotes(project: Project,
                                                                  seeds_dir: Path) -> None:
    summary = import_paths(project, [seeds_dir / SEED_004], entities=False)
    article = project.articles.get(summary.new_ids[0])
    assert article.title == "Ukraine-Russia, pressure on Kiev: war stopped, negotiations needed"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == article.title
    assert paragraphs[1].startswith("The picture outlined by NBC based on information")
    assert paragraphs[2].startswith("Volodymyr Zelensky will have to negotiate")
    assert "‘soft’" in article.text and "“standoff”" in article.text and "Kiev’s" in article.text
    assert article.published is None


@pytest.mark.parametrize("crumb", ["World", "Politics", "Europe", "News"])
def test_breadcrumb_glued_to_a_headline_is_removed(crumb: str) -> None:
    headline = "Putin signals talks as winter nears"
    cleaned = clean_scraped(f"{crumb}{headline}\n\n{headline}\n\n{BODY}\n")
    assert cleaned.title == headline
    assert cleaned.text == f"{headline}\n\n{BODY}"


def test_breadcrumb_followed_by_a_space_goes_only_when_the_headline_repeats() -> None:
    confirmed = clean_scraped(f"World Leaders meet in Kyiv\nLeaders meet in Kyiv\n{BODY}")
    assert confirmed.title == "Leaders meet in Kyiv"
    unconfirmed = clean_scraped(f"World Leaders meet in Kyiv\n\n{BODY}")
    assert unconfirmed.title == "World Leaders meet in Kyiv"


def test_a_real_word_starting_like_a_breadcrumb_is_kept() -> None:
    assert clean_scraped(f"Newsom vetoes the bill\n\n{BODY}").title == "Newsom vetoes the bill"
    assert clean_scraped(f"Europeans vote today\n\n{BODY}").title == "Europeans vote today"


def test_near_duplicate_headline_lines_go_but_a_standfirst_stays() -> None:
    text = ("Kyiv to negotiate with Moscow? Unexpected reports emerge\n"
            "Will Kyiv negotiate with Moscow? Unexpected reports\n"
            "KYIV TO NEGOTIATE WITH MOSCOW?\n"
            "Washington weighs what Ukraine might concede\n\n" + BODY)
    cleaned = clean_scraped(text)
    assert cleaned.text.split("\n\n") == [
        "Kyiv to negotiate with Moscow? Unexpected reports emerge",
        "Washington weighs what Ukraine might concede", BODY]


@pytest.mark.parametrize("credit", [
    "Images source: © GETTY | Photonews", "Image source: Reuters", "Photo: AP/Evan Vucci",
    "Photos: Getty Images", "Credit: Jane Doe/Reuters", "Photo credit: EPA", "© Reuters 2023",
    "Getty Images", "(Photo: Shutterstock)",
])
def test_image_credit_lines_are_not_body_text(credit: str) -> None:
    cleaned = clean_scraped(f"Talks in Kyiv\n\n{credit}\n\n{BODY}\n\n{credit}\n\n{BODY2}")
    assert cleaned.text == f"Talks in Kyiv\n\n{BODY}\n\n{BODY2}"


@pytest.mark.parametrize("initials", ["ed. KAR", "(ed. KAR)", "ed. AB/CD", "oprac. JK", "KAR",
                                      "(PAP)"])
def test_editor_initials_are_not_body_text(initials: str) -> None:
    at_top = clean_scraped(f"Talks in Kyiv\n{initials}\n\n{BODY}")
    at_end = clean_scraped(f"Talks in Kyiv\n\n{BODY}\n\n{initials}")
    assert at_top.text == at_end.text == f"Talks in Kyiv\n\n{BODY}"


def test_initials_like_words_inside_the_body_stay() -> None:
    text = f"Talks in Kyiv\n\n{BODY}\n\nNATO\n\n{BODY2}"
    assert "\n\nNATO\n\n" in clean_scraped(text).text


@pytest.mark.parametrize("line, expected", [
    ("1:03 PM EDT, November 4, 2023", "2023-11-04T13:03-04:00"),
    ("Updated 1:03 PM EDT, Sat November 4, 2023", "2023-11-04T13:03-04:00"),
    ("Nov. 4, 2023, 1:03 p.m. ET", "2023-11-04T13:03-04:00"),      # daylight time still on
    ("Dec. 4, 2023, 1:03 p.m. ET", "2023-12-04T13:03-05:00"),      # standard time
    ("4 November 2023, 13:03 CET", "2023-11-04T13:03+01:00"),
    ("Sat 4 Nov 2023 13.03 GMT", "2023-11-04T13:03+00:00"),
    ("04.11.2023 13:03 CEST", "2023-11-04T13:03+02:00"),
    ("Published: 2023-11-04 13:03", "2023-11-04T13:03"),
    ("4 November 2023 13:03 UTC+2", "2023-11-04T13:03+02:00"),
    ("November 4, 2023", "2023-11-04"),
    ("Published on June 1, 2023 at 9 am PT", "2023-06-01T09:00-07:00"),
])
def test_date_lines_become_iso_timestamps(line: str, expected: str) -> None:
    assert parse_dateline(line) == expected
    cleaned = clean_scraped(f"Talks in Kyiv\n{line}\n\n{BODY}")
    assert cleaned.published == expected and cleaned.text == f"Talks in Kyiv\n\n{BODY}"


@pytest.mark.parametrize("line", [
    "The talks began on November 4, 2023 in Geneva", "Officials met at 1:03 PM", "KAR",
    "31 February 2023", "Related content", "Leaders meet in Kyiv",
])
def test_sentences_and_non_dates_are_not_date_lines(line: str) -> None:
    assert parse_dateline(line) is None


def test_a_byline_becomes_the_author() -> None:
    cleaned = clean_scraped(f"Talks in Kyiv\nBy Jane Roe and John Smith\n\n{BODY}")
    assert cleaned.author == "Jane Roe and John Smith"
    assert cleaned.text == f"Talks in Kyiv\n\n{BODY}"


@pytest.mark.parametrize("marker", ["Related content", "Read more", "Related articles",
                                    "Advertisement", "More from Example News"])
def test_trailing_related_links_are_cut(marker: str) -> None:
    text = (f"Talks in Kyiv\n\n{BODY}\n\n{BODY2}\n\n{marker}\n"
            "Zelensky visits Washington\nWhat NATO decided in Vilnius")
    assert clean_scraped(text).text == f"Talks in Kyiv\n\n{BODY}\n\n{BODY2}"


def test_a_read_more_line_followed_by_prose_is_not_a_trailer() -> None:
    text = f"Talks in Kyiv\n\n{BODY}\n\nRead more\n\n{BODY2}"
    assert clean_scraped(text).text.endswith(BODY2)


def test_advertisement_lines_inside_the_body_are_dropped() -> None:
    text = f"Talks in Kyiv\n\n{BODY}\n\nAdvertisement\n\n{BODY2}"
    assert clean_scraped(text).text == f"Talks in Kyiv\n\n{BODY}\n\n{BODY2}"


def test_no_break_spaces_crlf_and_blank_runs_are_normalised() -> None:
    text = f"Talks\u00a0in Kyiv\r\n\r\n\r\n\r\n{BODY.replace(' ', chr(0xA0), 3)}  \r\n"
    assert clean_scraped(text).text == f"Talks in Kyiv\n\n{BODY}"


def test_html_tags_in_plain_text_stay_literal(project: Project, tmp_path: Path) -> None:
    f = tmp_path / "tags.txt"
    f.write_text("Tags <b>in</b> a headline\n\nThe page said <script>alert(1)</script> & "
                 "<i>more</i> as literal characters, which the analyst should see.\n",
                 encoding="utf-8")
    summary = import_paths(project, [f], entities=False)
    text = project.articles.get(summary.new_ids[0]).text
    assert text.startswith("Tags <b>in</b> a headline\n\n")
    assert "<script>alert(1)</script> & <i>more</i>" in text


def test_hard_wrapped_paragraphs_keep_their_lines_together() -> None:
    text = "Talks in Kyiv\n\nFirst line of a paragraph\nsecond line of it.\n\nNext paragraph."
    assert clean_scraped(text).text.split("\n\n")[1] == \
        "First line of a paragraph\nsecond line of it."
