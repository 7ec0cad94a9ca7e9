"""The PDF gap report: its context, its HTML, the PDF (WeasyPrint) and its fingerprint.

`report_context` turns `assessment_results` into what the template shows, part by part, with
or without the annex of every answer (the summary and the full report). `render_pdf` renders
it; only background workers call it (assessments/reports/documents.py). `report_fingerprint`
is a hash of everything that goes into the report, so a change of an answer, a target, the
ticked challenges, the legal-status profile or the framework text gives a new document.

Everything is rendered in the active language, which the worker sets to the job's
(`translation.override(job.language)`): the interface strings, the framework text of that
language (English where it has none, marked lang="en"), dates and numbers in its formats, the
member state's name (assessments.country_names), the running header and footer of each page
(`page_strings_css`) and, for Arabic, a right-to-left document. Answers are never translated:
the report says so (docs/translation.md, Documents, numbers and dates).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.display import GapView, LevelNames, gap_views, indicator_changes
from assessments.models import Answer, Assessment, EvidenceFile
from assessments.plans.report_part import plan_fingerprint, plan_part, printable_timeline
from assessments.reports.charts import Datum, bars, radar
from assessments.results import AssessmentResults, assessment_results, previous_submitted
from assessments.scoring import MATURITY_MAX, Score
from assessments.validators import printable
from roadmap.models import (
    Category,
    Challenge,
    Edition,
    Indicator,
    LegalReference,
    Pillar,
    ScaleLevel,
    Section,
)

# Bump when the template, the CSS or this module changes what a PDF looks like: a draft's
# stored PDFs are then rendered again (a submitted assessment's record stays as it was).
REPORT_FORMAT = "5"
TOP_GAPS = 10
CSS_PATH = "css/report.css"
PDF_VARIANT = "pdf/ua-1"


@dataclass
class CategoryPart:
    number: int
    category: Category
    score: Score | None
    target: int
    target_name: str  # e.g. "3 Established"
    chart: str
    sections: list[tuple[Section, Score | None]]
    gaps: list[GapView] = field(default_factory=list)
    challenges: list[Challenge] = field(default_factory=list)


@dataclass(frozen=True)
class AnnexRow:
    indicator: Indicator
    answer: Answer | None
    level_label: str
    files: tuple[EvidenceFile, ...] = ()  # attached evidence files (the report's annex only)


def pct(level: int) -> float:
    """A maturity level as a 0..100 position on the charts."""
    return 100 * level / MATURITY_MAX


def category_parts(
    results: AssessmentResults, gaps: list[GapView], names: LevelNames
) -> list[CategoryPart]:
    """One part per category: score, section bars, its gaps and (planning) its challenges."""
    result = results.result
    challenges = list(results.assessment.challenges.order_by("position", "code"))
    parts = []
    for number, category in enumerate(results.categories, start=1):
        rows = [(s, result.sections.get(s.code)) for s in results.sections]
        rows = [(s, score) for s, score in rows if s.category_id == category.pk]
        target = results.targets[category.code]
        chart = bars(
            [Datum(s.title, score.score if score else None) for s, score in rows],
            title=_("%(category)s: section scores") % {"category": category.name},
            target=pct(target),
        )
        parts.append(
            CategoryPart(
                number=number,
                category=category,
                score=result.categories.get(category.code),
                target=target,
                target_name=names.target_level(target),
                chart=chart,
                sections=rows,
                gaps=[v for v in gaps if v.gap.category == category.code],
                challenges=challenges if category.code == Category.Code.PLANNING else [],
            )
        )
    return parts


def annex_rows(
    results: AssessmentResults, names: LevelNames | None = None, *, files: bool = False
) -> list[tuple[Category, list[tuple[Section, list[AnnexRow]]]]]:
    """Every applicable indicator with its answer (or none), by category and section;
    with `files`, each answer's attached evidence files too (one query more)."""
    names = names or LevelNames.for_edition(results.assessment.edition_id)
    answers = {a.indicator_id: a for a in results.assessment.answers.order_by()}
    attached: dict[int, tuple[EvidenceFile, ...]] = {}
    if files:
        for file in EvidenceFile.objects.attached().filter(assessment=results.assessment):
            attached[file.indicator_id] = (*attached.get(file.indicator_id, ()), file)
    by_section: dict[int, list[AnnexRow]] = {}
    for indicator in results.indicators.values():
        answer = answers.get(indicator.pk)
        label = ""
        if answer is not None and answer.level is not None:
            label = names.level(indicator, answer.level)
        by_section.setdefault(indicator.section_id, []).append(
            AnnexRow(
                indicator=indicator,
                answer=answer,
                level_label=label,
                files=attached.get(indicator.pk, ()),
            )
        )
    sections_of: dict[int, list[tuple[Section, list[AnnexRow]]]] = {
        c.pk: [] for c in results.categories
    }
    for section in results.sections:
        if section.pk in by_section:
            sections_of[section.category_id].append((section, by_section[section.pk]))
    return [(c, sections_of[c.pk]) for c in results.categories if sections_of[c.pk]]


def report_date(assessment: Assessment):
    """The date the report speaks for: submission, or the latest change of a draft.

    Not today's date: the same data must give the same PDF, or the cache would be useless.
    """
    if not assessment.is_draft and assessment.submitted_at:
        return assessment.submitted_at
    latest = assessment.answers.aggregate(at=Max("updated_at"))["at"]
    return max(filter(None, [latest, assessment.created_at]), default=timezone.now())


def summary_charts(results: AssessmentResults) -> dict[str, object]:
    """The radar of the categories and the 4P bars, with their numbers."""
    result = results.result
    category_data = [
        Datum(c.name, result.categories[c.code].score if c.code in result.categories else None)
        for c in results.categories
    ]
    pillar_rows = [(str(label), result.pillars.get(value)) for value, label in Pillar.choices]
    pillar_data = [Datum(label, s.score if s else None) for label, s in pillar_rows]
    return {
        "radar": radar(
            category_data,
            title=_("Category scores"),
            target=[pct(level) for level in results.category_targets],
        ),
        "pillar_bars": bars(pillar_data, title=_("Scores by pillar (4P)"), label_width=200),
        "pillar_rows": pillar_rows,
    }


def document_title(assessment: Assessment) -> str:
    """The PDF's title: member state, assessment and year (once, if the title has none)."""
    year = str(assessment.reporting_year)
    title = assessment.title if year in assessment.title else f"{assessment.title} ({year})"
    return _("%(state)s · %(title)s: gap report") % {
        "state": assessment.member_state.display_name,
        "title": title,
    }


def language_name(code: str | None = None) -> str:
    """A language's name in its own language, as the language menu shows it (default: active)."""
    code = code or get_language() or settings.LANGUAGE_CODE
    return dict(settings.LANGUAGES).get(code, code)


def report_context(
    results: AssessmentResults, *, annex: bool = True, preview: bool = False, record: bool = False
) -> dict[str, object]:
    """Everything templates/reports/report.html shows.

    `annex`: the full report, with Annex A (every answer); False gives the summary. `record`:
    the report rendered at submission, in the submitter's language (its cover says so).
    """
    assessment = results.assessment
    names = LevelNames.for_edition(assessment.edition_id)
    gaps = gap_views(results, names)
    comparison = results.comparison
    plan = plan_part(results, names)
    if plan is not None and not preview:
        plan.timeline = printable_timeline(plan.timeline)
    return {
        "assessment": assessment,
        "document_title": document_title(assessment),
        "results": results,
        "result": results.result,
        "is_draft": assessment.is_draft,
        "date": report_date(assessment),
        "category_rows": [
            (
                c,
                results.result.categories.get(c.code),
                names.target_level(results.targets[c.code]),
                plan.projected.categories.get(c.code) if plan else None,
            )
            for c in results.categories
        ],
        "critical_gaps": [v for v in gaps if v.gap.critical_gap],
        "top_gaps": gaps[:TOP_GAPS],
        "gap_count": len(gaps),
        "parts": category_parts(results, gaps, names),
        "comparison": comparison,
        "changes": indicator_changes(comparison, names) if comparison is not None else [],
        # The summary leaves out the annex of every answer (most of a long report's pages).
        "annex": annex_rows(results, names, files=True) if annex else None,
        "full": annex,
        "legal_statuses": list(assessment.legal_statuses.in_order()),
        # The plan as it stood at submission (a draft's: now); None leaves its part out.
        "action_plan": plan,
        "preview": preview,
        "record": record,
        "report_language": language_name(),
        **summary_charts(results),
    }


def report_html(
    assessment: Assessment, *, annex: bool = True, preview: bool = False, record: bool = False
) -> str:
    """The report as one standalone HTML document (`annex=False`: the summary)."""
    context = report_context(
        assessment_results(assessment), annex=annex, preview=preview, record=record
    )
    return render_to_string("reports/report.html", context)


# --- PDF -------------------------------------------------------------------------------------


def _refuse_urls(url: str, *args, **kwargs):
    """WeasyPrint fetches nothing: the report is self-contained (and evidence is only text)."""
    raise ValueError(f"The report does not load external resources ({url[:60]}).")


@lru_cache(maxsize=1)
def report_css_path() -> str:
    path = finders.find(CSS_PATH)
    if not path:
        raise FileNotFoundError(CSS_PATH)
    return str(path)


def css_string(text: str) -> str:
    """Text as a CSS string literal (quotes, backslashes and line breaks escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def page_number_content() -> str:
    """The footer's "Page 2 of 9" as a CSS `content` value, in the active language.

    One translatable sentence, cut at its two numbers: the words around them may come in any
    order a language needs ("หน้า 2 จาก 9", "Halaman 2 dari 9").
    """
    marker = "\x00"
    sentence = _("Page %(page)s of %(pages)s") % {"page": f"{marker}1", "pages": f"{marker}2"}
    first, *rest = sentence.split(marker)
    parts = [css_string(first)] if first else []
    for piece in rest:  # each starts with the number that followed a marker
        parts.append("counter(page)" if piece[0] == "1" else "counter(pages)")
        if piece[1:]:
            parts.append(css_string(piece[1:]))
    return " ".join(parts)


def page_strings_css() -> str:
    """The words of the page margins (every PDF: report, plan, regional brief), translated.

    CSS cannot call gettext: report.css leaves these out and this stylesheet, made for the
    active language, comes after it. The running headers are strings set from the document's
    own (translated) headings.
    """
    confidential = css_string(_("Confidential"))
    page = page_number_content()
    return (
        f"@page {{ @bottom-left {{ content: {confidential}; }} "
        f"@bottom-right {{ content: {page}; }} }}\n"
        f"@page plan-export {{ @bottom-left {{ content: {confidential}; }} "
        f"@bottom-right {{ content: {page}; }} }}\n"
        f"@page regional-brief {{ @bottom-right {{ content: {page}; }} }}\n"
    )


def html_to_pdf(html: str) -> bytes:
    """Render the report's HTML with its print stylesheet and the margins' translated words."""
    from weasyprint import CSS, HTML  # imported late: it loads Pango, slow to import

    # Text stored before input refused control characters would print as boxes: leave it out.
    document = HTML(
        string=printable(html), base_url=str(settings.BASE_DIR), url_fetcher=_refuse_urls
    )
    # PDF/UA-1: tagged (headings, tables, lists, reading order) for screen readers, with the
    # document's language and its title in the metadata. About a tenth more time.
    return document.write_pdf(
        stylesheets=[CSS(filename=report_css_path()), CSS(string=page_strings_css())],
        pdf_variant=PDF_VARIANT,
    )


def _edition_text(assessment: Assessment) -> list[object]:
    """The framework text the report quotes: any admin edit changes the fingerprint."""
    edition = assessment.edition_id
    return [
        # The title page names the edition: a rename must give a new report.
        list(Edition.objects.filter(pk=edition).values_list("code", "name")),
        list(Category.objects.filter(edition_id=edition).values_list("code", "name")),
        list(Section.objects.filter(edition_id=edition).values_list("id", "code", "title")),
        list(
            Indicator.objects.filter(edition_id=edition)
            .order_by("pk")
            .values_list("id", "code", "question", "recommendation", "weight", "critical", "pillar")
        ),
        list(
            LegalReference.objects.filter(indicator__edition_id=edition)
            .order_by("pk")
            .values_list("indicator_id", "instrument__short_name", "article")
        ),
        list(
            ScaleLevel.objects.filter(scale__edition_id=edition)
            .order_by("pk")
            .values_list("scale_id", "value", "label")
        ),
        list(Challenge.objects.filter(edition_id=edition).values_list("code", "kind", "text")),
    ]


def _answers(assessment: Assessment | None) -> list[object]:
    if assessment is None:
        return []
    return list(
        assessment.answers.order_by("indicator_id").values_list(
            "indicator_id", *Answer.ANSWER_FIELDS, "updated_by_name", "updated_at"
        )
    )


def _files(assessment: Assessment) -> list[object]:
    """What the annex says of the attached evidence files (a removal or purge changes it)."""
    return list(
        EvidenceFile.objects.attached()
        .filter(assessment=assessment)
        .order_by("indicator_id", "uploaded_at", "pk")
        .values_list("pk", "indicator_id", "name", "size", "uploaded_by_name", "uploaded_at")
    )


def report_fingerprint(assessment: Assessment) -> str:
    """A hash of everything that goes into the report of this assessment."""
    previous = previous_submitted(assessment)
    inputs = [
        REPORT_FORMAT,
        get_language(),
        assessment.member_state.name,
        [
            assessment.pk,
            assessment.title,
            assessment.reporting_year,
            str(assessment.status),  # the enum and the loaded string must hash alike
            assessment.submitted_at,
            assessment.created_at,
            assessment.target_level,
            assessment.profile,
        ],
        sorted(assessment.category_targets.values_list("category", "level")),
        sorted(assessment.challenges.values_list("pk", flat=True)),
        list(
            assessment.legal_statuses.order_by("instrument_id").values_list(
                "instrument__name", "status", "year", "note"
            )
        ),
        _answers(assessment),
        _files(assessment),
        [previous.pk, previous.submitted_at, _answers(previous)] if previous else None,
        _edition_text(assessment),
        plan_fingerprint(assessment),
    ]
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def render_pdf(assessment: Assessment, *, annex: bool, record: bool = False) -> bytes:
    """The report as PDF (seconds to a minute: only background workers call this)."""
    return html_to_pdf(report_html(assessment, annex=annex, record=record))


def download_name(assessment: Assessment, extension: str, *, suffix: str = "") -> str:
    """`<member-state>-<year>-<title>[-<suffix>][-draft].<extension>`, safe ASCII only.

    A draft's file says so in its name: a saved copy must not pass for the submitted one.
    `suffix` tells variants apart (the full report: "full").
    """
    stem = "-".join(
        filter(
            None,
            [
                slugify(assessment.member_state.name),
                str(assessment.reporting_year),
                slugify(assessment.title),
            ],
        )
    )[:150]
    stem = f"{stem}-{suffix}" if suffix else stem
    return f"{stem}-draft.{extension}" if assessment.is_draft else f"{stem}.{extension}"
