"""INCEpTION's formats from the command line: WebAnno TSV and UIMA XMI import by content and
are offered by `framedesk export -f`; what one exports the other imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from framedesk.cli import main
from framedesk.core.store import Project

SUITE = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "webanno-tsv"


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_tsv_in_xmi_out_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.framedesk"
    code, out, _ = run(capsys, "import", project, SUITE / "tsv3" / "example2.tsv",
                       "--no-entities")
    assert code == 0 and "Imported 1 article" in out
    code, out, err = run(capsys, "export", project, "-f", "uima-xmi", "-o", tmp_path / "xmi")
    assert code == 0, err
    assert sorted(p.suffix for p in (tmp_path / "xmi").iterdir()) == [".xmi", ".xml"]
    again = tmp_path / "again.framedesk"
    code, out, _ = run(capsys, "import", again, tmp_path / "xmi", "--no-entities")
    assert code == 0 and "Imported 0 articles, 0 already" not in out
    assert "0 failed" in out   # TypeSystem.xml is read with the XMI, not as an article
    with Project.open(project, read_only=True) as a, Project.open(again, read_only=True) as b:
        (first,), (second,) = a.articles.ids(), b.articles.ids()
        assert a.articles.get(first).text == b.articles.get(second).text
        assert sorted((m.start, m.end, m.label) for m in a.entities.mentions(first)) == \
            sorted((m.start, m.end, m.label) for m in b.entities.mentions(second))
    code, out, err = run(capsys, "export", again, "-f", "webanno", "-o", tmp_path / "tsv")
    assert code == 0, err
    (tsv,) = (tmp_path / "tsv").glob("*.tsv")
    assert "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value" \
        in tsv.read_text(encoding="utf-8")


def test_export_help_names_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert "webanno" in out and "uima-xmi" in out
