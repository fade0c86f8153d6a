"""AppTest tests of the Streamlit app: every page, uploads, errors, sector switch, downloads.

They run the real engine in-process (rules-only when no trained model is installed), with the
corpus store in a temporary database.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _app_data import (
    STRONG_CODE,
    corrupt_pdf,
    encrypted_pdf,
    make_pdf,
    strong_docx,
    strong_markdown,
    strong_pdf,
    weak_pdf,
)
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PDF = "application/pdf"

pytestmark = pytest.mark.slow

PAGES = [
    "app_pages/analyze.py",
    "app_pages/compare_documents.py",
    "app_pages/compare_sectors.py",
    "app_pages/corpus.py",
    "app_pages/method.py",
]


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A temporary corpus database, and the repository root importable (for ``app_pages``)."""
    monkeypatch.setenv("COC_DB", str(tmp_path / "corpus.sqlite"))
    monkeypatch.syspath_prepend(str(ROOT))
    yield


@pytest.fixture(scope="module")
def strong() -> bytes:
    return strong_pdf()


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="upload").set_value([(n, b, PDF) for n, b in files]).run()
    assert not at.exception, at.exception
    return at


def views_safe(text: str) -> str:
    from analyzer.views import safe_text

    return safe_text(text)


def texts(elements: object) -> list[str]:
    return [html.unescape(str(e.value)) for e in elements]  # type: ignore[attr-defined]


def metric(at: AppTest, prefix: str) -> str:
    found = [m.value for m in at.metric if m.label.startswith(prefix)]
    assert found, [m.label for m in at.metric]
    return str(found[0])


def test_boot_shows_instructions_and_every_sector() -> None:
    from analyzer.rubric import load_rubric

    at = start()
    assert any("Upload one or more documents" in t for t in texts(at.info))
    sectors = at.selectbox(key="sector")
    assert sectors.value == "general"
    assert set(sectors.options) == {s.label for s in load_rubric().sectors}
    assert len(at.get("file_uploader")) == 1


def test_upload_strong_pdf_shows_metrics_gaps_evidence_and_downloads(strong: bytes) -> None:
    at = upload(start(), ("strong-code.pdf", strong))
    assert not at.error, texts(at.error)
    overall = float(metric(at, "Overall score").split("/")[0])
    assert overall >= 40, overall  # strong clauses on most themes
    assert metric(at, "Suitability")
    assert any("General" in t for t in texts(at.caption))  # the sector scored for
    met, applicable = (int(x) for x in metric(at, "Criteria met").split("/"))
    assert 0 < met <= applicable
    # The gap table (every gap shown, under a heading with their count) and the expanders.
    gaps = applicable - met
    assert f"{gaps} gaps, biggest first" in texts(at.subheader)
    assert len(at.table[0].value) == gaps
    from app_pages import state

    n_criteria = len(state.rubric().criteria)
    n_legal = len(state.rubric().legal)
    crit_expanders = [e for e in at.expander if "elements covered" not in e.label]
    assert len(crit_expanders) == n_criteria
    assert len(at.expander) == n_criteria + n_legal  # one panel per legal framework too
    # Evidence is quoted with the matched words highlighted, page numbers shown.
    evidence = [m for m in texts(at.markdown) if "coc-evidence" in m]
    assert evidence, "no evidence rendered"
    assert any("<mark>" in m for m in evidence)
    assert any("page " in m for m in evidence)
    assert any("recruitment fees" in m.lower() for m in evidence)
    # Short labels (they fit a narrow column), under a caption saying what they download.
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Word", "PDF", "HTML", "Markdown", "JSON", "CSV"]
    assert any("Download the toolkit" in t for t in texts(at.markdown))
    assert any("Download the analysis" in t for t in texts(at.markdown))


def test_corrupt_file_shows_error_and_good_file_is_still_analysed(strong: bytes) -> None:
    at = upload(start(), ("broken-policy.pdf", corrupt_pdf()), ("strong-code.pdf", strong))
    errors = texts(at.error)
    assert len(errors) == 1 and "broken-policy.pdf" in errors[0], errors
    assert metric(at, "Overall score")  # the good file still produced results
    assert any("strong-code.pdf" in t for t in texts(at.header))


def test_empty_and_unsupported_files_get_clear_messages() -> None:
    at = start()
    at.file_uploader(key="upload").set_value(
        [("empty.txt", b"", "text/plain"), ("blob.pdf", b"\x00\x01\x02garbage", PDF)]
    ).run()
    assert not at.exception, at.exception
    errors = texts(at.error)
    assert len(errors) == 2
    assert "empty.txt" in errors[0] and "blob.pdf" in errors[1]
    assert not at.metric


def test_sector_switch_changes_suitability(strong: bytes) -> None:
    from app_pages import state

    at = upload(start(), ("strong-code.pdf", strong))
    base = state.engine().analyze(strong, name="strong-code.pdf")
    seen = {}
    for sector in ("general", "seafood", "apparel", "financial_services"):
        at.selectbox(key="sector").set_value(sector).run()
        assert not at.exception, at.exception
        expected = state.engine().rescore(base, sector)
        assert any(expected.sector.label in t for t in texts(at.caption))
        value = metric(at, "Suitability")
        assert value == f"{expected.sector.suitability:.0f} / 100"
        seen[sector] = expected.sector.suitability
    assert len(set(seen.values())) > 1, seen


def test_second_upload_of_same_file_is_not_reanalysed(strong: bytes) -> None:
    from unittest import mock

    from app_pages import state

    eng = state.engine()
    data = make_pdf(STRONG_CODE, title="A code uploaded twice")
    with mock.patch.object(eng, "analyze", wraps=eng.analyze) as spy:
        at = upload(start(), ("twice.pdf", data))
        at.selectbox(key="sector").set_value("apparel").run()
        at2 = upload(start(), ("twice-again.pdf", data))
    assert spy.call_count == 1
    assert metric(at2, "Overall score") == metric(at, "Overall score")
    assert [h.value for h in at2.header] == [views_safe("twice-again.pdf")]  # this upload's name


def _shown_after_upload(heading: str, sentence: str, marker: str) -> list[str]:
    """The app's Markdown blocks containing ``marker`` after uploading a one-clause PDF."""
    at = upload(start(), ("hostile.pdf", make_pdf([(heading, [sentence])])))
    return [str(m.value) for m in at.markdown if marker in str(m.value)]


def test_evidence_from_the_document_is_never_rendered_as_html() -> None:
    raw = _shown_after_upload(
        "Recruitment <script>alert('x')</script>",
        "Suppliers shall not charge workers any recruitment fees <img src=x "
        "onerror=alert(1)> [click](javascript:alert(2)) **bold** :red[red] $x$.",
        "coc-evidence",
    )
    assert raw
    for m in raw:
        assert "<img" not in m and "<script" not in m and "](" not in m and "**bold" not in m


def test_reasons_read_plainly_with_the_engine_wording_folded_away() -> None:
    shown = _shown_after_upload(
        "Recruitment <b>fees</b>",
        "Suppliers shall not charge workers any recruitment fees <img src=x onerror=alert(1)>.",
        "technical details",
    )
    assert shown
    for m in shown:
        plain, _, details = m.partition("<details>")
        assert "model probability" not in plain and "rubric cue" not in plain
        assert "<img" not in m  # the quoted words are escaped in both parts
    assert any("binding wording &#40;“shall”" in m.partition("<details>")[0] for m in shown)
    assert any("model probability" in m.partition("<details>")[2] for m in shown)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_after_an_upload(page: str, strong: bytes) -> None:
    at = upload(start(), ("strong-code.pdf", strong), ("weak-code.pdf", weak_pdf()))
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error, texts(at.error)
    assert at.title, "page has no title"


@pytest.mark.parametrize("page", PAGES[1:])
def test_every_page_renders_without_uploads(page: str) -> None:
    at = start()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    assert not at.error, texts(at.error)


def test_compare_documents_heatmap_and_has_lacks(strong: bytes) -> None:
    at = upload(start(), ("strong-code.pdf", strong), ("weak-code.pdf", weak_pdf()))
    at.switch_page("app_pages/compare_documents.py").run()
    assert not at.exception, at.exception
    assert len(at.get("vega_lite_chart")) == 2  # heatmap + theme scores
    lines = texts(at.markdown)
    has = [t for t in lines if "has," in t and "lacks" in t]
    assert len(has) == 2
    # The strong code has plenty the weak one lacks; the weak one has nothing extra.
    assert any("strong-code.pdf** has" in t and "(0)" not in t for t in has), has


def test_compare_sectors_lists_every_sector(strong: bytes) -> None:
    from app_pages import state

    at = upload(start(), ("strong-code.pdf", strong))
    at.switch_page("app_pages/compare_sectors.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert len(table) == len(state.rubric().sectors)
    assert list(table["Suitability"]) == sorted(table["Suitability"], reverse=True)
    at.selectbox(key="profile_sector").set_value("seafood").run()
    assert not at.exception, at.exception
    assert any("Must-haves" in t for t in texts(at.markdown))


def test_corpus_add_only_on_button_then_browse(strong: bytes, tmp_path: Path) -> None:
    from analyzer.store import CorpusStore
    from app_pages import corpus_access

    at = upload(start(), ("strong-code.pdf", strong))
    at.switch_page("app_pages/corpus.py").run()
    assert not at.exception, at.exception
    with CorpusStore.open() as store:
        assert store.list_documents() == []  # uploading stored nothing
    at.text_input(key="corpus_add_org").set_value("Meridian Outfitters")
    at.selectbox(key="corpus_add_sector").set_value("apparel")
    at.button(key="corpus_add").click().run()
    assert not at.exception, at.exception
    assert any("Added" in t for t in texts(at.success)), texts(at.success)
    with CorpusStore.open() as store:
        docs = store.list_documents()
    assert [(d.name, d.organisation, d.sector) for d in docs] == [
        ("strong-code.pdf", "Meridian Outfitters", "apparel")
    ]
    assert len(at.dataframe) >= 2  # documents + benchmarks
    exported = corpus_access.export_csv()  # what the export button downloads, built on click
    with CorpusStore.open() as store:
        assert exported == store.export("csv")
    assert b"Meridian Outfitters" in exported
    at.button(key="corpus_add").click().run()
    assert any("already in the corpus" in t for t in texts(at.info))


def test_method_page_lists_every_criterion() -> None:
    from app_pages import state

    at = start()
    at.switch_page("app_pages/method.py").run()
    assert not at.exception, at.exception
    r = state.rubric()
    assert len(at.expander) == len(r.criteria) + len(r.legal)
    assert len(at.dataframe[0].value) == len(r.criteria)


def test_corpus_starter_corpus_feeds_benchmarks_practices_and_compare() -> None:
    from analyzer.store import CorpusStore
    from analyzer.store.manifest import load_manifest

    at = start()
    at.switch_page("app_pages/corpus.py").run()
    assert any("corpus is empty" in t for t in texts(at.info))
    at.button(key="corpus_seed").click().run()
    assert not at.exception, at.exception
    expected = len(load_manifest().documents)
    with CorpusStore.open() as store:
        docs = store.list_documents()
    assert len(docs) == expected
    assert {d.sector for d in docs} >= {"apparel", "seafood"}
    assert not any("corpus is empty" in t for t in texts(at.info))
    assert int(at.metric[0].value) == expected
    assert len(at.dataframe) >= 2  # documents + benchmarks
    bench = at.dataframe[1].value
    assert bench["Documents"].max() == expected
    # Promising practices for the default criterion come from the stored clauses.
    assert any("coc-evidence" in str(m.value) for m in at.markdown)
    # A second press adds nothing new.
    at.button(key="corpus_seed").click().run()
    with CorpusStore.open() as store:
        assert len(store.list_documents()) == expected

    # Stored documents can be compared side by side.
    at.switch_page("app_pages/compare_documents.py").run()
    picker = at.multiselect(key="compare_docs")
    assert picker.value == []  # nothing from this session: nothing picked yet
    picker.set_value(picker.options[:3]).run()
    assert not at.exception, at.exception
    assert len(at.get("vega_lite_chart")) == 2
    assert len(frame(at, "Criteria met").value) == 3


def test_toolkit_download_builds_with_the_org_name_escaped(strong: bytes) -> None:
    from app_pages import state, toolkit

    analysis = state.engine().analyze(strong, name="strong-code.pdf", sector="apparel")
    out = {
        fmt: toolkit._render(analysis.model_dump_json(), fmt, "Meridian <Outfitters>")
        for fmt in ("md", "html", "docx")  # PDF: same path, ~10 s in WeasyPrint, tested there
    }
    assert b"Meridian" in out["md"]
    assert b"Meridian &lt;Outfitters&gt;" in out["html"] and b"<Outfitters>" not in out["html"]
    assert out["docx"][:2] == b"PK"


def test_unexpected_error_in_one_file_is_contained(strong: bytes) -> None:
    from unittest import mock

    from app_pages import state

    eng = state.engine()
    real = eng.analyze

    def flaky(source: object, **kw: object) -> object:
        if kw.get("name") == "explodes.pdf":
            raise RuntimeError("boom in the engine")
        return real(source, **kw)  # type: ignore[arg-type]

    odd = make_pdf(STRONG_CODE, title="A file that triggers a bug")
    with mock.patch.object(eng, "analyze", side_effect=flaky):
        at = upload(start(), ("explodes.pdf", odd), ("strong-code.pdf", strong))
    errors = texts(at.error)
    assert len(errors) == 1 and "explodes.pdf" in errors[0] and "unexpected" in errors[0]
    details = [e for e in at.expander if e.label == "Technical details"]
    assert len(details) == 1
    assert "boom in the engine" in details[0].code[0].value
    assert metric(at, "Overall score")  # the other file was analysed


def test_password_protected_pdf_asks_for_the_password() -> None:
    data = encrypted_pdf("s3cret")
    at = upload(start(), ("locked.pdf", data))
    errors = texts(at.error)
    assert len(errors) == 1 and "locked.pdf" in errors[0] and "password" in errors[0]
    assert "--password" not in errors[0]  # the error's own app wording, not the CLI's
    assert "type the password in the box below" in errors[0]
    assert not at.metric
    box = [t for t in at.text_input if t.label.startswith("Password for")]
    assert len(box) == 1
    box[0].set_value("wrong").run()
    assert not at.exception, at.exception
    assert "wrong" in texts(at.error)[0] and not at.metric
    box = [t for t in at.text_input if t.label.startswith("Password for")]
    box[0].set_value("s3cret").run()
    assert not at.exception, at.exception
    assert not at.error, texts(at.error)
    assert metric(at, "Overall score")


def test_markdown_and_word_uploads_are_analysed_like_the_pdf() -> None:
    at = start()
    docx_mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    at.file_uploader(key="upload").set_value(
        [
            ("code.md", strong_markdown(), "text/markdown"),
            ("code.docx", strong_docx(), docx_mime),
        ]
    ).run()
    assert not at.exception, at.exception
    assert not at.error, texts(at.error)
    assert at.selectbox(key="shown_doc").options == ["code.md", "code.docx"]
    md_score = float(metric(at, "Overall score").split("/")[0])
    at.selectbox(key="shown_doc").set_value(1).run()
    docx_score = float(metric(at, "Overall score").split("/")[0])
    assert md_score >= 40 and docx_score >= 40, (md_score, docx_score)


def test_sector_choice_carries_across_pages(strong: bytes) -> None:
    at = upload(start(), ("strong-code.pdf", strong))
    at.selectbox(key="sector").set_value("seafood").run()
    at.switch_page("app_pages/compare_sectors.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="sector").value == "seafood"
    assert at.selectbox(key="profile_sector").value == "seafood"
    at.switch_page("app_pages/analyze.py").run()
    assert at.selectbox(key="sector").value == "seafood"
    # Back on Analyze, the earlier results are still shown (for the chosen sector)...
    assert any("analysed earlier in this session" in t for t in texts(at.caption))
    assert metric(at, "Suitability")
    assert any("Seafood" in t for t in texts(at.caption))
    # ...until the user forgets them.
    at.button(key="forget").click().run()
    assert not at.exception, at.exception
    assert not at.metric
    assert any("Upload one or more documents" in t for t in texts(at.info))


def test_upload_limit_is_configured() -> None:
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 50


def test_non_english_document_gets_a_language_warning() -> None:
    french = (
        "Code de conduite des fournisseurs. Les fournisseurs ne doivent pas recourir au travail "
        "forcé, au travail en servitude ou au travail des enfants. Les travailleurs doivent être "
        "libres de quitter leur emploi. Les fournisseurs ne doivent pas confisquer les "
        "passeports des travailleurs. Aucun frais de recrutement ne doit être facturé."
    )
    at = start()
    at.file_uploader(key="upload").set_value(
        [("code-fr.txt", french.encode("utf-8"), "text/plain")]
    ).run()
    assert not at.exception, at.exception
    assert metric(at, "Overall score")
    assert any("looks French" in t and "English version" in t for t in texts(at.error))


def test_compare_sectors_works_from_a_stored_document(strong: bytes) -> None:
    from analyzer.store import CorpusStore
    from app_pages import state

    stored = state.engine().analyze(strong, name="stored-code.pdf")
    with CorpusStore.open() as store:
        store.add_analysis(stored, organisation="Stored Org", sector="apparel")
    at = start()
    at.switch_page("app_pages/compare_sectors.py").run()
    assert not at.exception, at.exception
    picker = at.selectbox(key="sectors_doc")
    assert len(picker.options) == 1 and "stored-code.pdf" in picker.options[0]
    assert len(at.dataframe[0].value) == len(state.rubric().sectors)


def test_toolkit_quotes_promising_practices_from_the_corpus(strong: bytes) -> None:
    from analyzer.store import CorpusStore
    from app_pages import state, toolkit

    weak = state.engine().analyze(weak_pdf(), name="weak-code.pdf", sector="apparel")
    before = toolkit._render(weak.model_dump_json(), "md", "Org", toolkit.corpus_stamp())
    assert b"Add analysed codes on the Corpus page" in before
    with CorpusStore.open() as store:
        store.add_analysis(
            state.engine().analyze(strong, name="strong-code.pdf"),
            organisation="Meridian Outfitters",
            sector="apparel",
        )
    after = toolkit._render(weak.model_dump_json(), "md", "Org", toolkit.corpus_stamp())
    assert b"Add analysed codes on the Corpus page" not in after
    assert b"recruitment fees" in after and b"Meridian Outfitters" in after


def frame(at: AppTest, column: str) -> Any:
    """The first dataframe element that has ``column``."""
    found = [d for d in at.dataframe if column in d.value.columns]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def _walk(node: object) -> Iterator[object]:
    """Every element under ``node``, in page order."""
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _store_weak_document() -> None:
    """Put the weak code in the corpus, as a hospitality document of "Stored Org"."""
    from analyzer.store import CorpusStore
    from app_pages import state

    with CorpusStore.open() as store:
        store.add_analysis(
            state.engine().analyze(weak_pdf(), name="stored-weak.pdf"),
            organisation="Stored Org",
            sector="hospitality_travel",
        )


def test_corpus_documents_join_the_comparison(strong: bytes) -> None:
    from app_pages import state

    _store_weak_document()
    at = upload(start(), ("strong-code.pdf", strong))
    at.switch_page("app_pages/compare_documents.py").run()
    assert not at.exception, at.exception
    picker = at.multiselect(key="compare_docs")
    # One picker: this session's document is picked, the stored one is offered by its
    # sector's label (not its id).
    stored = [o for o in picker.options if "stored-weak.pdf" in o]
    assert len(stored) == 1 and "hospitality_travel" not in stored[0], picker.options
    assert state.sector_labels()["hospitality_travel"] in stored[0]
    assert len(picker.value) == 1
    picker.select(picker.options[1]).run()
    assert not at.exception, at.exception
    shown = frame(at, "Criteria met")
    assert '"%.0f"' in shown.proto.columns  # scores as whole numbers
    summary = shown.value
    assert list(summary["Document"]) == ["strong-code.pdf", "stored-weak.pdf"]
    assert any("**2** stored-weak.pdf" in t for t in texts(at.markdown))  # the heatmap's key
    assert len(at.selectbox(key="diff_b").options) == 2  # has/lacks offers both


def test_unsupported_file_gets_the_analysers_message_and_the_app_keeps_serving(
    strong: bytes,
) -> None:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at = start()
    uploader = at.get("file_uploader")[0]
    assert not list(uploader.proto.type)  # any file is accepted; the analyser explains
    assert "PDF, Word (.docx), HTML, Markdown and plain text" in uploader.proto.help
    at.file_uploader(key="upload").set_value(
        [("figures.xlsx", buf.getvalue(), xlsx), ("strong-code.pdf", strong, PDF)]
    ).run()
    assert not at.exception, at.exception
    errors = texts(at.error)
    assert len(errors) == 1 and errors[0].startswith("figures.xlsx "), errors
    assert "not allowed" not in errors[0] and "PDF" in errors[0]
    assert metric(at, "Overall score")


def test_non_english_document_is_flagged_above_the_scores() -> None:
    spanish = (
        "Código de conducta de proveedores. Los proveedores no deben recurrir al trabajo "
        "forzoso, al trabajo en servidumbre ni al trabajo infantil. Los trabajadores deben ser "
        "libres de dejar su empleo. Los proveedores no deben retener los pasaportes de los "
        "trabajadores. No se cobrará a los trabajadores ninguna tarifa de contratación."
    )
    at = start()
    at.file_uploader(key="upload").set_value(
        [("codigo-es.txt", spanish.encode("utf-8"), "text/plain")]
    ).run()
    assert not at.exception, at.exception
    notice = (
        "This document looks Spanish; the rubric and model read English, so these scores "
        "understate it: upload the English version for a reliable grade."
    )
    order = [
        type(n).__name__ + ":" + html.unescape(str(getattr(n, "value", ""))) for n in _walk(at.main)
    ]
    first_notice = next(i for i, t in enumerate(order) if notice in t)
    first_metric = next(i for i, t in enumerate(order) if t.startswith("Metric:"))
    assert first_notice < first_metric, order[: first_metric + 1]
    # Said once: the engine's own language warning is not repeated below the scores.
    assert not any("language" in t.lower() for t in texts(at.warning)), texts(at.warning)


def test_text_upload_reports_clauses_not_pages() -> None:
    at = start()
    at.file_uploader(key="upload").set_value([("code.md", strong_markdown(), "text/markdown")])
    at.run()
    assert not at.exception, at.exception
    labels = [s.label for s in at.status if "code.md" in s.label]
    assert labels and "clauses read" in labels[0] and "page" not in labels[0], labels
    # nor does its evidence claim a "page 1"
    blocks = [str(m.value) for m in at.markdown if "coc-evidence" in str(m.value)]
    assert blocks and not any("<small>page" in b for b in blocks)


def test_large_file_note_and_reading_summary(strong: bytes) -> None:
    from analyzer import views
    from app_pages import state

    assert state.large_file_note(1_000_000) is None
    assert state.large_file_note(20 * 2**20) == "large file (20 MB): this can take a few minutes"
    pdf = state.engine().analyze(strong, name="strong-code.pdf")
    assert views.reading_summary(pdf).startswith(f"{pdf.document.pages} page")
    md = state.engine().analyze(strong_markdown(), name="code.md")
    assert views.reading_summary(md) == f"{md.document.clauses:,} clauses read"


def test_legal_checklists_say_what_is_met_and_what_is_still_missing(strong: bytes) -> None:
    from analyzer import views
    from app_pages import state

    rubric = state.rubric()
    analysis = state.engine().analyze(weak_pdf(), name="weak-code.pdf")
    rules = {(fw.id, el.id): el for fw in rubric.legal for el in fw.elements}
    levels = {c.id: c.level for c in analysis.criteria}
    for fw in rubric.legal:
        for row in views.legal_rows(analysis, fw.id, rubric):
            el = rules[(fw.id, str(row["id"]))]
            below = [c for c in el.criteria if levels[c] < el.min_level]
            if row["Covered"]:
                assert row["Still missing"] == ""
            elif el.rule == "all":
                assert row["Still missing"] == "; ".join(rubric.criterion(c).title for c in below)
                assert str(row["Needs"]).startswith("all")
            else:
                assert str(row["Still missing"]).startswith("one of: " if len(below) > 1 else "")
    # The shown tables use the new columns and the caption explains the rule.
    at = upload(start(), ("weak-code.pdf", weak_pdf()))
    legal = [t.value for t in at.table if "Still missing" in t.value.columns]
    assert len(legal) == len(rubric.legal)
    assert list(legal[0].columns) == [
        "Element",
        "Covered",
        "Needs",
        "Criteria met",
        "Still missing",
    ]
    assert any("*all* needs every listed criterion" in t for t in texts(at.caption))


def test_corpus_page_shows_sector_labels_whole_scores_and_your_level_first(
    strong: bytes,
) -> None:
    from app_pages import state

    _store_weak_document()
    at = upload(start(), ("strong-code.pdf", strong))
    at.switch_page("app_pages/corpus.py").run()
    assert not at.exception, at.exception
    assert not any("Database:" in t for t in texts(at.caption) + texts(at.markdown))
    docs = frame(at, "Organisation")
    assert list(docs.value["Sector"]) == [state.sector_labels()["hospitality_travel"]]
    assert '"%.0f"' in docs.proto.columns  # scores shown as whole numbers
    at.selectbox(key="corpus_bench_doc").set_value(0).run()
    assert not at.exception, at.exception
    bench = frame(at, "Median").proto
    order = list(bench.column_order)
    assert order[:3] == ["Criterion", "Your level", "Versus median"], order
    assert "25th pct" not in order and "Mean level" not in order
    assert "Typical level (median)" in bench.columns
