"""Domain invariants of the bundled rubric (domain.md sections 8-10) and proof that its cues work.

The cue examples run the cues the way the engine does: phrases through a spaCy PhraseMatcher on
lowercase tokens of a blank English pipeline, regexes case-insensitively, and an ``exclude``
match voids a topic hit only when every topic word lies inside an excluded span.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

from analyzer.rubric import LEVEL_NAMES, THEME_IDS, Rubric, compile_cue, load_rubric

THEMES: dict[str, list[str]] = {
    "commitment_governance": [
        "explicit_prohibition",
        "international_standards",
        "scope_value_chain",
        "senior_approval_accountability",
        "public_communication",
    ],
    "responsible_recruitment": [
        "no_recruitment_fees",
        "recruiter_due_diligence",
        "transparent_contracts",
    ],
    "freedom_conditions": [
        "no_document_retention",
        "freedom_to_leave",
        "wages_no_debt_bondage",
        "working_hours",
        "humane_treatment",
        "housing_standards",
    ],
    "vulnerable_groups": [
        "child_labour_min_age",
        "migrant_equal_treatment",
        "commercial_sexual_exploitation",
        "state_imposed_forced_labour",
    ],
    "supply_chain_due_diligence": [
        "risk_assessment",
        "traceability",
        "contract_flow_down",
        "monitoring_audits",
        "purchasing_practices",
    ],
    "worker_voice_remedy": [
        "grievance_mechanism",
        "non_retaliation",
        "freedom_of_association",
        "remediation",
        "noncompliance_consequences",
    ],
    "capacity_transparency": ["training", "effectiveness_reporting", "stakeholder_collaboration"],
    "sector_specific": [
        "victim_identification_protocol",
        "financial_crime_integration",
        "platform_misuse_controls",
        "maritime_fishing_protections",
    ],
}

CORE = {
    "explicit_prohibition",
    "scope_value_chain",
    "no_recruitment_fees",
    "recruiter_due_diligence",
    "no_document_retention",
    "freedom_to_leave",
    "wages_no_debt_bondage",
    "child_labour_min_age",
    "risk_assessment",
    "grievance_mechanism",
    "remediation",
}

# domain.md section 9: (critical, elevated) per sector
SECTOR_TABLE: dict[str, tuple[set[str], set[str]]] = {
    "apparel": (
        {
            "traceability",
            "state_imposed_forced_labour",
            "purchasing_practices",
            "monitoring_audits",
        },
        {
            "child_labour_min_age",
            "freedom_of_association",
            "no_recruitment_fees",
            "working_hours",
            "scope_value_chain",
        },
    ),
    "electronics": (
        {"no_recruitment_fees", "no_document_retention", "recruiter_due_diligence", "traceability"},
        {
            "freedom_to_leave",
            "housing_standards",
            "working_hours",
            "state_imposed_forced_labour",
            "freedom_of_association",
            "remediation",
        },
    ),
    "agriculture_food": (
        {
            "child_labour_min_age",
            "recruiter_due_diligence",
            "wages_no_debt_bondage",
            "traceability",
        },
        {
            "no_recruitment_fees",
            "housing_standards",
            "freedom_of_association",
            "purchasing_practices",
            "migrant_equal_treatment",
        },
    ),
    "seafood": (
        {
            "maritime_fishing_protections",
            "freedom_to_leave",
            "wages_no_debt_bondage",
            "no_document_retention",
            "no_recruitment_fees",
        },
        {"traceability", "humane_treatment", "recruiter_due_diligence", "grievance_mechanism"},
    ),
    "construction": (
        {
            "no_recruitment_fees",
            "recruiter_due_diligence",
            "wages_no_debt_bondage",
            "housing_standards",
            "scope_value_chain",
        },
        {
            "no_document_retention",
            "freedom_to_leave",
            "migrant_equal_treatment",
            "grievance_mechanism",
        },
    ),
    "mining": (
        {"child_labour_min_age", "traceability", "state_imposed_forced_labour"},
        {
            "risk_assessment",
            "remediation",
            "commercial_sexual_exploitation",
            "stakeholder_collaboration",
        },
    ),
    "hospitality_travel": (
        {"commercial_sexual_exploitation", "victim_identification_protocol", "training"},
        {
            "recruiter_due_diligence",
            "no_recruitment_fees",
            "contract_flow_down",
            "child_labour_min_age",
        },
    ),
    "transport_logistics": (
        {"maritime_fishing_protections", "victim_identification_protocol", "wages_no_debt_bondage"},
        {"recruiter_due_diligence", "no_recruitment_fees", "training", "freedom_to_leave"},
    ),
    "staffing_domestic": (
        {
            "no_recruitment_fees",
            "transparent_contracts",
            "no_document_retention",
            "recruiter_due_diligence",
        },
        {"freedom_to_leave", "humane_treatment", "grievance_mechanism", "migrant_equal_treatment"},
    ),
    "healthcare": (
        {"no_recruitment_fees", "recruiter_due_diligence", "purchasing_practices"},
        {
            "no_document_retention",
            "working_hours",
            "housing_standards",
            "non_retaliation",
            "remediation",
        },
    ),
    "financial_services": (
        {"financial_crime_integration", "risk_assessment"},
        {"remediation", "stakeholder_collaboration", "training", "effectiveness_reporting"},
    ),
    "online_platforms": (
        {"platform_misuse_controls", "commercial_sexual_exploitation"},
        {
            "victim_identification_protocol",
            "stakeholder_collaboration",
            "grievance_mechanism",
            "traceability",
        },
    ),
}

SPECIFIC: dict[str, set[str]] = {
    "hospitality_travel": {"victim_identification_protocol"},
    "transport_logistics": {"victim_identification_protocol", "maritime_fishing_protections"},
    "seafood": {"maritime_fishing_protections"},
    "financial_services": {"financial_crime_integration"},
    "online_platforms": {"platform_misuse_controls", "victim_identification_protocol"},
}


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric()


def test_35_criteria_in_8_themes_with_the_agreed_ids(rubric: Rubric) -> None:
    assert rubric.theme_ids == THEME_IDS == tuple(THEMES)
    for theme, ids in THEMES.items():
        assert [c.id for c in rubric.criteria_in_theme(theme)] == ids
    assert len(rubric.criteria) == 35 == sum(len(v) for v in THEMES.values())


def test_core_set_is_base_weight_three(rubric: Rubric) -> None:
    assert set(rubric.core_criteria) == CORE
    assert all(rubric.criterion(c).base_weight == 3 for c in CORE)
    assert all(c.base_weight < 3 for c in rubric.criteria if c.id not in CORE)


def test_thirteen_sectors_with_multipliers_from_the_sector_table(rubric: Rubric) -> None:
    assert set(rubric.sector_ids) == set(SECTOR_TABLE) | {"general"}
    for sid, (critical, elevated) in SECTOR_TABLE.items():
        s = rubric.sector(sid)
        assert {c for c, v in s.multipliers.items() if v == "critical"} == critical, sid
        assert {c for c, v in s.multipliers.items() if v == "elevated"} == elevated, sid
        assert critical <= set(s.must_haves), f"{sid}: critical criteria must be must-haves"
        assert 4 <= len(s.must_haves) <= 7, sid
        assert set(s.specific_criteria) == SPECIFIC.get(sid, set()), sid
        assert 3 <= len(s.training_focus) <= 5 and 3 <= len(s.supplier_engagement) <= 5, sid
        assert s.risk_factors and all(rf.sources for rf in s.risk_factors), sid
    general = rubric.sector("general")
    assert general.multipliers == {} and set(general.must_haves) == CORE
    assert general.specific_criteria == ()


def test_theme8_criteria_apply_only_where_listed(rubric: Rubric) -> None:
    for c in rubric.criteria_in_theme("sector_specific"):
        assert c.sector_specific
        where = {s.id for s in rubric.sectors if rubric.applicable(s.id, c.id)}
        assert where == {sid for sid, ids in SPECIFIC.items() if c.id in ids}
    assert not any(c.sector_specific for c in rubric.criteria if c.theme != "sector_specific")


def test_every_risk_factor_names_the_criteria_it_bears_on(rubric: Rubric) -> None:
    """The toolkit shows each risk in the gap sections of exactly these criteria."""
    n = 0
    for s in rubric.sectors:
        for rf in s.risk_factors:
            n += 1
            assert 1 <= len(rf.criteria) <= 5, (s.id, rf.factor)
            for cid in rf.criteria:
                assert rubric.applicable(s.id, cid), (s.id, rf.factor, cid)
    assert n == 41


def test_every_criterion_is_complete(rubric: Rubric) -> None:
    for c in rubric.criteria:
        assert c.frameworks, c.id
        assert len(c.model_clause) > 150 and "[Company]" in c.model_clause, c.id
        assert 3 <= len(c.implementation_steps) <= 5, c.id
        assert {s.days for s in c.implementation_steps} <= {30, 90, 180}, c.id
        assert 2 <= len(c.kpis) <= 4, c.id
        assert 2 <= len(c.further_reading) <= 4, c.id
        assert all(r.url and r.url.startswith("https://") for r in c.further_reading), c.id
        assert all(c.levels.describe(n).strip() for n in range(len(LEVEL_NAMES))), c.id
        assert len(c.cues.phrases) >= 5 and c.cues.strong and c.cues.exclude, c.id
        for sid, clause in c.sector_clauses.items():
            assert len(clause) > 100 and clause != c.model_clause, (c.id, sid)


def test_every_critical_criterion_has_a_sector_clause(rubric: Rubric) -> None:
    for sid, (critical, _) in SECTOR_TABLE.items():
        missing = [c for c in critical if sid not in rubric.criterion(c).sector_clauses]
        assert not missing, f"{sid}: no sector_clauses variant for {missing}"


def test_every_cue_regex_compiles_and_phrases_are_lowercase(rubric: Rubric) -> None:
    for c in rubric.criteria:
        for kind in ("patterns", "strong", "weak", "exclude"):
            for p in getattr(c.cues, kind):
                assert compile_cue(p).search("") is None, (c.id, kind, p)
        for p in c.cues.phrases:
            assert p == p.lower() and p == p.strip(), (c.id, p)


def test_legal_checklists_cover_the_statutory_elements(rubric: Rubric) -> None:
    ids = {f.id: [e.id for e in f.elements] for f in rubric.legal}
    assert set(ids) == {"uk_msa", "au_msa", "ca_sb657", "us_far", "eu_flr"}
    assert {f"s54_5_{x}" for x in "abcdef"} <= set(ids["uk_msa"])
    assert {f"s16_1_{x}" for x in "bcdef"} <= set(ids["au_msa"])
    assert set(ids["ca_sb657"]) == {
        "verification",
        "audits",
        "certification",
        "internal_accountability",
        "training",
    }
    far = rubric.legal_framework("us_far")
    prohibitions = [e for e in far.elements if e.id.startswith("b")]
    assert len(prohibitions) == 10 and all(e.min_level >= 2 for e in prohibitions)
    assert {e.id[:4] for e in far.elements if e.id.startswith("h3")} == {
        "h3i_",
        "h3ii",
        "h3iv",
        "h3v_",
    }
    by_id = {e.id: e for e in far.elements}
    assert set(by_id["h3iii_recruitment_wage_plan"].criteria) == {
        "no_recruitment_fees",
        "recruiter_due_diligence",
        "wages_no_debt_bondage",
    }
    assert by_id["b6_recruitment_fees"].criteria == ("no_recruitment_fees",)
    flr = {e.id: e for e in rubric.legal_framework("eu_flr").elements}
    assert flr["state_imposed"].criteria == ("state_imposed_forced_labour",)


# ---------------------------------------------------------------------------------------------
# Cue examples
# ---------------------------------------------------------------------------------------------


class Cue:
    """The engine's cue semantics, small enough to read in a test."""

    def __init__(self, rubric: Rubric) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("en")
        self.rubric = rubric
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for c in rubric.criteria:
            self.phrases.add(c.id, list(self.nlp.tokenizer.pipe(c.cues.phrases)))

    def topic(self, cid: str, text: str) -> list[str]:
        doc = self.nlp.make_doc(text)
        words = [doc[s:e].text for m, s, e in self.phrases(doc) if self.nlp.vocab.strings[m] == cid]
        for rx in self.rubric.criterion(cid).cues.compiled("patterns"):
            words += [m.group(0) for m in rx.finditer(text)]
        return words

    def kind(self, cid: str, kind: str, text: str) -> list[str]:
        regexes: tuple[re.Pattern[str], ...] = self.rubric.criterion(cid).cues.compiled(kind)  # type: ignore[arg-type]
        return [m.group(0) for rx in regexes for m in rx.finditer(text)]

    def fired(self, cid: str, text: str) -> bool:
        return self._fired(cid, text, self.topic(cid, text))

    def _fired(self, cid: str, text: str, topic: list[str]) -> bool:
        excluded = " ".join(self.kind(cid, "exclude", text)).lower()
        return bool(topic) and not (excluded and all(t.lower() in excluded for t in topic))

    def fired_all(self, text: str) -> set[str]:
        """Every criterion whose topic fires in ``text`` (one tokenisation for all)."""
        doc = self.nlp.make_doc(text)
        words: dict[str, list[str]] = {}
        for m, s, e in self.phrases(doc):
            words.setdefault(self.nlp.vocab.strings[m], []).append(doc[s:e].text)
        out = set()
        for c in self.rubric.criteria:
            topic = words.get(c.id, []) + [
                m.group(0) for rx in c.cues.compiled("patterns") for m in rx.finditer(text)
            ]
            if topic and self._fired(c.id, text, topic):
                out.add(c.id)
        return out


@lru_cache(maxsize=1)
def _cue() -> Cue:
    return Cue(load_rubric())


FIRES = [
    ("explicit_prohibition", "Suppliers shall not use forced, bonded or prison labour."),
    ("explicit_prohibition", "No worker may be made to work against their will."),
    (
        "scope_value_chain",
        "This Code applies to all suppliers at any tier, including labour agents.",
    ),
    ("no_recruitment_fees", "No worker shall pay recruitment fees or related costs for a job."),
    (
        "no_recruitment_fees",
        "Crew shall not pay any recruitment, placement, visa or training fees.",
    ),
    (
        "recruiter_due_diligence",
        "We only use licensed recruitment agencies that we audit every year.",
    ),
    (
        "transparent_contracts",
        "Workers receive a written contract in their own language before departure.",
    ),
    ("no_document_retention", "Employers and agents shall not retain workers' passports."),
    (
        "no_document_retention",
        "Workers are not required to lodge identity papers with the employer.",
    ),
    ("freedom_to_leave", "Workers may resign with reasonable notice and without penalty."),
    ("wages_no_debt_bondage", "Wages shall be paid monthly into each worker's own bank account."),
    (
        "working_hours",
        "Overtime is voluntary and total working hours shall not exceed 60 per week.",
    ),
    ("child_labour_min_age", "No one under the age of 15 shall be employed."),
    ("commercial_sexual_exploitation", "Employees must never purchase commercial sex acts."),
    (
        "state_imposed_forced_labour",
        "We do not accept goods made with state-imposed forced labour.",
    ),
    ("risk_assessment", "We assess forced labour risks by country and commodity every year."),
    (
        "traceability",
        "Suppliers must disclose the spinning mills and the country of origin of cotton.",
    ),
    ("monitoring_audits", "We conduct unannounced audits with confidential worker interviews."),
    ("purchasing_practices", "We pay suppliers within 30 days and ring-fence labour costs."),
    ("grievance_mechanism", "Supply chain workers can raise concerns through our hotline."),
    ("non_retaliation", "We do not tolerate retaliation against anyone who reports a concern."),
    ("remediation", "Any fees identified will be repaid to affected workers."),
    ("training", "All buyers receive training on forced labour indicators every year."),
    ("effectiveness_reporting", "In 2024 we carried out 198 audits, 61% of them unannounced."),
    (
        "victim_identification_protocol",
        "Front desk staff are trained to recognise the signs of trafficking.",
    ),
    (
        "financial_crime_integration",
        "Our transaction monitoring includes red flags for human trafficking.",
    ),
    (
        "platform_misuse_controls",
        "We remove job listings that promote scam recruitment or trafficking.",
    ),
    (
        "maritime_fishing_protections",
        "Fishers shall have satellite communication access while at sea.",
    ),
]

DOES_NOT_FIRE = [
    # an exclude voids the hit: these are about something else
    ("explicit_prohibition", "This statement is published under the Modern Slavery Act 2015."),
    ("no_recruitment_fees", "Audit fees paid to the auditors were 2 million."),
    ("no_recruitment_fees", "Advertising agency fees rose last year."),
    ("training", "Workers must never repay training costs as a condition of recruitment."),
    ("monitoring_audits", "Our financial audit covered all sites."),
    ("risk_assessment", "Our risk assessment of fire hazards at the premises is updated yearly."),
    ("grievance_mechanism", "Customers can call our customer service hotline about deliveries."),
    ("child_labour_min_age", "The minimum age to register an account is 18."),
    ("remediation", "Soil remediation at the former depot was completed."),
    ("wages_no_debt_bondage", "The company refinanced its corporate debt."),
    ("maritime_fishing_protections", "The film crew members arrived by bus."),
    # no topic at all
    ("no_document_retention", "We keep records for seven years under our data retention policy."),
    ("scope_value_chain", "We sell furniture in four countries."),
    ("freedom_to_leave", "Employees are entitled to 25 days of annual leave."),
]

STRONG = [
    ("no_recruitment_fees", "Any fees paid shall be reimbursed to the worker within 90 days."),
    (
        "no_document_retention",
        "Workers may keep documents in personal lockers with access at any time.",
    ),
    ("freedom_to_leave", "Return travel is paid by the employer at the end of the contract."),
    ("monitoring_audits", "Audits are unannounced and include confidential worker interviews."),
    ("grievance_mechanism", "The hotline is operated by an independent provider in 12 languages."),
    ("explicit_prohibition", "We have zero tolerance for forced labour."),
    ("scope_value_chain", "Suppliers shall flow these requirements down to every tier."),
    ("child_labour_min_age", "Suppliers shall verify the age of every worker before hiring."),
]

NOT_STRONG = [
    ("no_recruitment_fees", "Workers shall not pay recruitment fees."),
    ("explicit_prohibition", "We prohibit forced labour."),
    ("monitoring_audits", "We may audit suppliers."),
    ("grievance_mechanism", "Employees can raise concerns with their manager."),
]

WEAK = [
    ("no_recruitment_fees", "Suppliers shall not charge workers excessive recruitment fees."),
    ("no_recruitment_fees", "No fees shall be charged except where permitted by local law."),
    (
        "no_document_retention",
        "Workers are not required to lodge identity papers with the employer.",
    ),
    ("monitoring_audits", "We may audit suppliers from time to time."),
    ("grievance_mechanism", "Employees should raise concerns with their line manager."),
    ("humane_treatment", "We treat all employees with dignity and respect."),
]

NOT_WEAK = [
    # ordinary legal filler or a strong clause must not be mistaken for a loophole
    (
        "wages_no_debt_bondage",
        "Wages shall be paid in full and on time, in accordance with applicable law.",
    ),
    (
        "no_document_retention",
        "Workers are not required to surrender passports and no agent may hold them.",
    ),
    (
        "humane_treatment",
        "Workers shall be treated with dignity; harassment and threats are prohibited.",
    ),
    ("grievance_mechanism", "Workers may contact their line manager or the anonymous hotline."),
    (
        "monitoring_audits",
        "We reserve the right to conduct unannounced audits with worker interviews.",
    ),
    ("housing_standards", "Where housing is provided, it shall meet host-country standards."),
]


@pytest.mark.parametrize(("cid", "text"), FIRES)
def test_topic_cues_fire(cid: str, text: str) -> None:
    assert _cue().fired(cid, text), (cid, text)


@pytest.mark.parametrize(("cid", "text"), DOES_NOT_FIRE)
def test_topic_cues_do_not_over_fire(cid: str, text: str) -> None:
    assert not _cue().fired(cid, text), (cid, text, _cue().topic(cid, text))


@pytest.mark.parametrize(("cid", "text"), STRONG)
def test_strong_cues(cid: str, text: str) -> None:
    assert _cue().kind(cid, "strong", text), (cid, text)


@pytest.mark.parametrize(("cid", "text"), NOT_STRONG)
def test_plain_commitments_are_not_strong(cid: str, text: str) -> None:
    assert not _cue().kind(cid, "strong", text), (cid, text, _cue().kind(cid, "strong", text))


@pytest.mark.parametrize(("cid", "text"), WEAK)
def test_weak_cues(cid: str, text: str) -> None:
    assert _cue().kind(cid, "weak", text), (cid, text)


@pytest.mark.parametrize(("cid", "text"), NOT_WEAK)
def test_weak_cues_spare_strong_or_ordinary_wording(cid: str, text: str) -> None:
    assert not _cue().kind(cid, "weak", text), (cid, text, _cue().kind(cid, "weak", text))


# ---------------------------------------------------------------------------------------------
# Cue quality on the labelled corpus (sentences labelled with the criteria they address)
# ---------------------------------------------------------------------------------------------

LABELS = Path(__file__).resolve().parent.parent / "corpus" / "labels"


@pytest.mark.slow
@pytest.mark.skipif(not any(LABELS.glob("*.jsonl")), reason="no labelled corpus")
def test_topic_cues_find_labelled_sentences_without_flooding() -> None:
    """Topic cues alone (before any grading) on every labelled sentence: micro precision and
    recall stay above a floor. Measured 0.69 / 0.64 for rubric 2026.11 (first draft 0.54 / 0.51);
    the grader and the classifier then filter the topic hits further."""
    rows = [json.loads(line) for f in sorted(LABELS.glob("*.jsonl")) for line in f.open()]
    cue = _cue()
    tp = fp = fn = 0
    for row in rows:
        gold = {c for c, v in row["labels"].items() if v >= 1}
        found = cue.fired_all(row["text"])
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.55 and recall >= 0.55, (round(precision, 3), round(recall, 3))
