"""Word files on the command line: a redline written as Word reads back with its authors'
delegations; `redline changes`; `--changes`; any mix of Word and text inputs; `[authors]`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REVISIONS, ROOT
from tests.docx_fixtures import dele, docx, ins, p


def cli(*args, cwd=ROOT):
    proc = subprocess.run([sys.executable, "-m", "redline.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="module")
def oas_docx(tmp_path_factory):
    """redline's own Word redline of 2015-11 → 2016-01."""
    out = tmp_path_factory.mktemp("word") / "redline.docx"
    code, _, err = cli("compare", "2015-11", "2016-01", "-o", out)
    assert code == 0, err
    return out


def credits(data: dict) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for para in data["paragraphs"]:
        for c in para["changes"]:
            for d in c["delegations"]:
                out.setdefault(d, set()).add(c["new_text"].strip())
    return out


def test_a_word_redline_reads_back_with_its_authors_delegations(oas_docx):
    """Accept and reject give the two versions; each tracked change's author is the
    delegation the comparison credited."""
    code, out, err = cli("changes", oas_docx, "--conventions", "oas", "--format", "json")
    assert code == 0, err
    back = credits(json.loads(out))
    _, out, _ = cli("compare", "2015-11", "2016-01", "--format", "json")
    original = credits(json.loads(out))
    assert set(back) == set(original) == {"ARG", "BRA", "CHAIR", "USA", "VEN"}
    assert back["VEN"] == original["VEN"] == {"and other social actors"}
    assert back["CHAIR"] == original["CHAIR"]


def test_read_shows_tracked_changes_and_comments_with_delegations(oas_docx):
    code, out, _ = cli("read", oas_docx, "--conventions", "oas", "--format", "json")
    data = json.loads(out)
    anns = [a for para in data["paragraphs"] for a in para["annotations"]]
    ven = [a for a in anns if a["source"] == "tracked-insert" and a["author"] == "Venezuela"]
    assert code == 0 and data["paragraphs"] and ven and ven[0]["delegations"] == ["VEN"]
    assert ven[0]["positions"] == [{"stance": "propose", "delegations": ["VEN"]}]
    assert any(a["source"] == "comment" and a["kind"] == "comment" for a in anns)


def test_word_and_text_compare_in_any_mix(oas_docx):
    for a, b in ((oas_docx, REVISIONS / "2016-01.txt"), (REVISIONS / "2015-11.txt", oas_docx)):
        code, out, err = cli("compare", a, b, "--conventions", "oas", "--format", "json")
        assert code == 0 and json.loads(out)["paragraphs"], err


def test_changes_refuses_what_is_not_word_and_the_changes_option(oas_docx):
    code, _, err = cli("changes", REVISIONS / "2016-01.txt")
    assert code == 2 and err.count("\n") == 1 and "not a Word .docx file" in err
    code, _, err = cli("changes", oas_docx, "--changes", "reject")
    assert code == 2 and "does not apply" in err


def test_the_changes_option_on_text_inputs_is_noted_not_refused():
    code, out, err = cli("compare", "2015-11", "2016-01", "--changes", "reject")
    assert code == 0 and out and "applies to Word files only" in err


def test_the_reading_follows_the_changes_option(tmp_path):
    f = tmp_path / "draft.docx"
    f.write_bytes(docx(p("1. Parties shall ", ins("urgently "), "act", dele(" now"), ".")))
    texts = {}
    for how in ("accept", "reject", "as-of:2015-12-04"):
        code, out, err = cli("read", f, "--changes", how, "--format", "json")
        assert code == 0, err
        texts[how] = json.loads(out)["paragraphs"][0]["text"]
    assert texts == {"accept": "Parties shall urgently act.", "reject": "Parties shall act now.",
                     "as-of:2015-12-04": "Parties shall urgently act now."}
    code, _, err = cli("read", f, "--changes", "sometimes")
    assert code == 2 and "--changes" in err


def test_an_authors_table_beside_the_draft_names_the_delegation(tmp_path):
    f = tmp_path / "draft.docx"
    f.write_bytes(docx(p("1. Parties shall ", ins("urgently ", author="A. Person"), "act.")))
    (tmp_path / "manifest.toml").write_text('[authors]\n"A. Person" = "JPN"\n',
                                            encoding="utf-8")
    code, out, err = cli("changes", f, "--conventions", "un", "--format", "json")
    assert code == 0, err
    (change,) = [c for para in json.loads(out)["paragraphs"] for c in para["changes"]]
    assert change["delegations"] == ["JPN"] and change["new_text"].strip() == "urgently"


def test_a_word_file_saved_again_by_libreoffice_reads_alike(oas_docx, tmp_path):
    """Word files as another editor saves them (split runs, other ids, its own styles) read
    to the same texts, in both readings."""
    from redline.read.convert import soffice

    office = soffice()
    if office is None:
        pytest.skip("LibreOffice is not installed (scripts/ensure-libreoffice)")
    out = tmp_path / "lo"
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "docx", "--outdir", str(out), str(oas_docx)],
                   check=True, capture_output=True, timeout=180)
    for how in ("accept", "reject"):
        texts = []
        for f in (oas_docx, out / oas_docx.name):
            code, text, err = cli("read", f, "--changes", how, "--format", "json")
            assert code == 0, err
            texts.append([(q["address"], q["text"]) for q in json.loads(text)["paragraphs"]])
        assert texts[0] == texts[1]


def test_a_word_file_and_its_pdf_read_alike(tmp_path):
    """The same text as Word and as the PDF LibreOffice prints from it: the same paragraphs
    (a hyphen at a line end that the document also writes without one is the one thing a PDF
    cannot tell)."""
    from redline.read.convert import soffice

    office = soffice()
    if office is None:
        pytest.skip("LibreOffice is not installed (scripts/ensure-libreoffice)")
    word = tmp_path / "draft.docx"
    assert cli("compare", "2016-01", "2016-01", "-o", word)[0] == 0
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
                   check=True, capture_output=True, timeout=180)
    texts = []
    for f in (word, tmp_path / "draft.pdf"):
        code, out, err = cli("read", f, "--conventions", "oas", "--format", "json")
        assert code == 0, err
        texts.append([(q["address"], q["text"].replace("-", ""))
                      for q in json.loads(out)["paragraphs"]])
    assert texts[0] == texts[1]


def test_the_manifest_beside_a_draft_is_read_by_every_command_and_never_written(tmp_path):
    f = tmp_path / "draft.docx"
    f.write_bytes(docx(p("1. Parties shall ", ins("urgently ", author="A. Person"), "act.")))
    manifest = tmp_path / "manifest.toml"
    manifest.write_text('[authors]\n"A. Person" = "JPN"\n', encoding="utf-8")
    code, out, err = cli("read", f, "--conventions", "un", "--format", "json")
    (ann,) = json.loads(out)["paragraphs"][0]["annotations"]
    assert code == 0 and ann["delegations"] == ["JPN"], err
    old = tmp_path / "old.txt"
    old.write_text("1. Parties shall act.\n", encoding="utf-8")
    code, out, err = cli("compare", old, f, "--conventions", "un", "--format", "json")
    assert [c["delegations"] for q in json.loads(out)["paragraphs"] for c in q["changes"]] == [
        ["JPN"]]
    for command in (["changes", f], ["read", f], ["compare", old, f]):
        code, _, err = cli(*command, "--format", "json", "-o", manifest)
        assert code == 2 and "refusing to overwrite an input" in err
    assert manifest.read_text(encoding="utf-8").startswith("[authors]")


def test_read_shows_what_a_tracked_deletion_removed_and_who(tmp_path):
    f = tmp_path / "draft.docx"
    f.write_bytes(docx(p("1. Parties shall act", dele(" now"), ".")))
    code, out, _ = cli("read", f)
    assert code == 0 and "tracked-delete by Japan: “now”" in out
