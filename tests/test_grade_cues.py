"""Rubric cues that decide a grade: best-practice (strong) and weak cues read on real-style
sentences (our own wording), with the rules-only engine's level where it matters."""

from __future__ import annotations

import pytest
import spacy

from analyzer.grade import read_signals, rule_level
from analyzer.match import CueHit, CueMatcher
from analyzer.rubric import load_rubric


@pytest.fixture(scope="module")
def matcher() -> CueMatcher:
    return CueMatcher(load_rubric(), spacy.blank("en"))


def _hit(matcher: CueMatcher, text: str, criterion: str) -> CueHit:
    """The criterion's cue hit in ``text``, with the topic words the matcher found."""
    return matcher.detail(text, criterion, matcher.topics([text])[0].get(criterion, ()))


def _level(matcher: CueMatcher, text: str, criterion: str) -> int:
    topic = matcher.topics([text])[0].get(criterion, ())
    hit = matcher.detail(text, criterion, topic)
    return rule_level(read_signals(text), hit.strong, hit.weak, hit.topic)[0]


@pytest.mark.parametrize(
    "text",
    [
        "Where local law and this Code cover the same matter, the supplier shall follow whichever "
        "provision gives workers the greater protection.",
        "Where national law and our Standards differ, contractors must apply the standard that "
        "offers the higher protection to workers.",
    ],
)
def test_higher_standard_rule_is_best_practice(matcher: CueMatcher, text: str) -> None:
    assert matcher.detail(text, "international_standards").strong
    assert _level(matcher, text, "international_standards") == 3


@pytest.mark.parametrize(
    "text",
    [
        "Where national law and these Standards differ, the higher standard applies.",
        "Where the law of a country of origin sets a lower standard than this Policy, this "
        "Policy applies.",
        "Where national law and our Supplier Code address the same issue, suppliers must apply "
        "the provision that gives workers more protection.",
        "Where the MLC, 2006, flag State requirements and the collective agreement differ, the "
        "provision most favourable to the seafarer applies.",
        "When this Guideline is different from the laws, the supplier shall follow the stricter "
        "requirement.",
    ],
)
def test_higher_standard_rule_without_an_instrument_is_found_and_graded(
    matcher: CueMatcher, text: str
) -> None:
    # the rule is the criterion's best practice even in a clause that names no instrument
    # (the instruments are usually named in another clause of the document)
    from analyzer.engine import Grader

    found = Grader(load_rubric(), matcher).findings([text], [None])[0]
    level = {f.criterion: f.level for f in found}.get("international_standards")
    assert level == 3, [(f.criterion, f.level, f.why) for f in found]


def test_seeking_to_honour_rights_where_law_conflicts_is_no_higher_standard_rule(
    matcher: CueMatcher,
) -> None:
    text = (
        "Where national law conflicts with internationally recognised human rights, we will "
        "seek ways to honour the principles of those rights while complying with the law."
    )
    assert not matcher.detail(text, "international_standards").strong


def test_a_code_in_many_languages_is_not_the_weak_intranet_cue(matcher: CueMatcher) -> None:
    translated = "This Code is published on our website and is available in 11 languages."
    hit = matcher.detail(translated, "public_communication")
    assert hit.strong and not hit.weak
    # "available on the intranet" without any communication is still only a mention
    intranet = "The Policy is available on the staff intranet."
    assert matcher.detail(intranet, "public_communication").weak


def test_we_are_opposed_to_forced_labour_is_a_mention(matcher: CueMatcher) -> None:
    text = "We are opposed to forced labour and human trafficking and expect our vendors to agree."
    assert matcher.topics([text])[0].get("explicit_prohibition")
    assert _level(matcher, text, "explicit_prohibition") == 1


# --- best practice specific to one criterion, worded in the ways real codes word it ---------
@pytest.mark.parametrize(
    ("criterion", "text"),
    [
        (
            "freedom_to_leave",
            "When a seasonal worker's contract ends or she resigns, the grower pays her journey "
            "home.",
        ),
        (
            "freedom_to_leave",
            "Workers may leave at any time on two weeks' notice, or without notice where they have "
            "been abused by a supervisor.",
        ),
        (
            "effectiveness_reporting",
            "In 2025 our hotline received 340 reports, and 41 cases were referred to the labour "
            "inspectorate.",
        ),
    ],
)
def test_criterion_specific_best_practice_is_a_strong_cue(
    matcher: CueMatcher, criterion: str, text: str
) -> None:
    assert matcher.detail(text, criterion).strong
    assert _level(matcher, text, criterion) == 3


@pytest.mark.parametrize(
    ("criterion", "text"),
    [
        # a plain ban, a plain commitment: no mechanism of the criterion's best practice
        ("non_retaliation", "We do not tolerate retaliation against anyone who speaks up."),
        ("training", "All employees must complete training on this Code."),
        (
            "freedom_to_leave",
            "Workers must be free to resign from their employment on reasonable notice.",
        ),
        ("recruiter_due_diligence", "Suppliers must use reputable recruitment agencies."),
        (
            "noncompliance_consequences",
            "Breaches of this Code may lead to termination of the business relationship.",
        ),
        ("effectiveness_reporting", "We will report on our progress in our annual statement."),
    ],
)
def test_plain_commitments_stay_below_best_practice(
    matcher: CueMatcher, criterion: str, text: str
) -> None:
    assert not matcher.detail(text, criterion).strong
    assert _level(matcher, text, criterion) <= 2


@pytest.mark.parametrize(
    "text",
    [
        "This policy was approved by the Board in May 2025.",
        "Signed on 3 May 2024 by the Chief Executive.",
        "May 2024: the policy was updated after consultation with unions.",
    ],
)
def test_the_month_may_is_not_a_hedge(text: str) -> None:
    assert read_signals(text).aspirational == ()


def test_the_modal_may_is_still_a_hedge() -> None:
    assert read_signals(
        "Suppliers may use labour agencies, and we may audit them in May."
    ).aspirational


@pytest.mark.parametrize(
    "text",
    [
        "We comply with all applicable wage and hour laws.",
        "Suppliers are expected to respect local laws on working hours.",
        "We know that crew on some vessels work very long hours.",
        "Working time at our depots must comply with local law.",
    ],
)
def test_generic_working_hours_wording_is_a_mention(matcher: CueMatcher, text: str) -> None:
    assert matcher.topics([text])[0].get("working_hours")
    assert _level(matcher, text, "working_hours") == 1


def test_working_hours_of_a_helpline_are_not_the_topic(matcher: CueMatcher) -> None:
    text = "The helpline is staffed during working hours and by voicemail at other times."
    assert not matcher.topics([text])[0].get("working_hours")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a signature or an owner line is a mention of senior accountability ...
        ("Tom Pennock, Director", 1),
        ("Policy owner: Vice President, Trust and Safety", 1),
        ("Endorsed by: Kjersti Amundsen, Group CEO", 1),
        # ... formal approval by the board is a commitment
        ("This Code was approved by the Board of Directors in February 2024.", 2),
    ],
)
def test_sign_off_lines_name_who_stands_behind_the_code(
    matcher: CueMatcher, text: str, expected: int
) -> None:
    assert matcher.topics([text])[0].get("senior_approval_accountability")
    assert _level(matcher, text, "senior_approval_accountability") == expected


@pytest.mark.parametrize(
    ("criterion", "text"),
    [
        (
            "risk_assessment",
            "Our buyers aim to consider human rights risks when selecting suppliers.",
        ),
        (
            "no_recruitment_fees",
            "We will work to ensure that no worker pays for a job at our sites.",
        ),
        ("working_hours", "No shift may exceed 12 hours including handover."),
        ("training", "We will raise awareness of this Policy among our workforce."),
        (
            "training",
            "An awareness program informs employees about the policy prohibiting trafficking.",
        ),
        ("grievance_mechanism", "We are piloting a worker voice channel with crew on six vessels."),
        ("transparent_contracts", "Everyone gets a written contract."),
        ("housing_standards", "Caravans are provided on site for seasonal workers."),
        ("child_labour_min_age", "We register only candidates aged 18 or over."),
        (
            "state_imposed_forced_labour",
            "Processors must confirm that they do not employ workers sent by the government of "
            "North Korea.",
        ),
        ("freedom_to_leave", "Residents are free to come and go outside rostered hours."),
        ("remediation", "Suppliers are expected to correct any shortcomings we identify."),
    ],
)
def test_plain_wordings_of_a_topic_are_found(
    matcher: CueMatcher, criterion: str, text: str
) -> None:
    assert matcher.topics([text])[0].get(criterion), text


def test_signing_in_at_reception_is_not_contract_flow_down(matcher: CueMatcher) -> None:
    assert not matcher.topics(["Visitors must sign in at the site office."])[0].get(
        "contract_flow_down"
    )


@pytest.mark.parametrize(
    ("criterion", "text"),
    [
        # training office roles on forced-labour indicators is training, not a front-line
        # victim-identification procedure
        (
            "victim_identification_protocol",
            "Modern slavery training is mandatory every year for buyers, merchandisers and "
            "sourcing teams, with a module on recognising forced-labour indicators.",
        ),
        # enhanced due diligence on supply-chain inputs is not financial-crime screening
        (
            "financial_crime_integration",
            "Inputs from high-risk regions require enhanced due diligence, including tracing "
            "polysilicon and cotton to their origin.",
        ),
    ],
)
def test_sector_specific_cues_stay_in_their_sector_sense(
    matcher: CueMatcher, criterion: str, text: str
) -> None:
    topic = matcher.topics([text])[0].get(criterion, ())
    assert not topic or matcher.detail(text, criterion, topic).exclude


def test_front_line_victim_identification_still_counts(matcher: CueMatcher) -> None:
    text = (
        "Drivers receive a leaflet on spotting the signs of human trafficking with their handbook."
    )
    assert _level(matcher, text, "victim_identification_protocol") == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an ethics line for the company's own staff is the rubric's mention example ...
        (
            "Colleagues can raise concerns with their manager or through our confidential speak-up "
            "service, which is available by phone or online in 11 languages.",
            1,
        ),
        # ... a line open to supply-chain workers is not
        (
            "Workers in our supply chain can call our Speak Up line free of charge in 11 "
            "languages, and callers may remain anonymous.",
            3,
        ),
    ],
)
def test_an_employee_only_speak_up_line_is_a_mention(
    matcher: CueMatcher, text: str, expected: int
) -> None:
    assert _level(matcher, text, "grievance_mechanism") == expected


@pytest.mark.parametrize(
    ("criterion", "text", "expected"),
    [
        # the rubric's mention examples: generic non-discrimination, ethics training, a contract
        # with no language, timing or content, a bare "free to leave"
        (
            "migrant_equal_treatment",
            "The Supplier shall not discriminate on the basis of gender, age, ethnicity, religion "
            "or disability.",
            1,
        ),
        (
            "migrant_equal_treatment",
            "Migrant and agency workers must be paid the same rates as directly employed staff.",
            2,
        ),
        (
            "training",
            "All buyers must complete an ethical trade e-learning module when they join.",
            1,
        ),
        (
            "training",
            "All buyers must complete training on forced labour indicators when they join.",
            2,
        ),
        ("transparent_contracts", "All workers shall be issued a written contract.", 1),
        (
            "transparent_contracts",
            "All workers shall receive a written contract in a language they understand before "
            "they leave home.",
            2,
        ),
        ("freedom_to_leave", "All work must be voluntary, and workers must be free to leave.", 1),
        (
            "freedom_to_leave",
            "Workers must be free to resign with reasonable notice and without any penalty.",
            2,
        ),
    ],
)
def test_rubric_mention_examples_stay_mentions(
    matcher: CueMatcher, criterion: str, text: str, expected: int
) -> None:
    assert _level(matcher, text, criterion) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Our books are audited each year by an independent external auditor.",
        "The Audit and Compliance Committee of the Board reviews the Code each year.",
    ],
)
def test_financial_audits_are_not_supplier_monitoring(matcher: CueMatcher, text: str) -> None:
    topic = matcher.topics([text])[0].get("monitoring_audits", ())
    assert not topic or matcher.detail(text, "monitoring_audits", topic).exclude


@pytest.mark.parametrize(
    ("text", "level"),
    [
        # naming a specific instrument is the commitment the level texts ask for
        (
            "We support the UN Guiding Principles on Business and Human Rights and the OECD "
            "Guidelines for Multinational Enterprises.",
            2,
        ),
        (
            "For the purposes of this policy, human trafficking has the meaning given in the "
            "Palermo Protocol.",
            2,
        ),
        (
            "Suppliers shall comply with all applicable laws and regulations and with the ILO "
            "core conventions.",
            2,
        ),
        # a plan to name one, a vague reference and the law alone stay mentions
        ("We plan to align this Code with the UNGPs next year.", 1),
        ("We respect internationally recognised human rights.", 1),
        ("We comply with all UK laws and regulations that apply to our business.", 1),
    ],
)
def test_naming_an_instrument_is_the_standards_commitment(
    matcher: CueMatcher, text: str, level: int
) -> None:
    hit = _hit(matcher, text, "international_standards")
    assert hit.topic, "the clause is about international standards"
    assert hit.grade(read_signals(text))[0] == level
    assert bool(hit.named) is (level == 2 or "UNGPs" in text)


@pytest.mark.parametrize(
    ("criterion", "text"),
    [
        # a review cycle drawing on stakeholders is a best-practice element of its own, even in
        # a clause that names no approval or owner
        (
            "senior_approval_accountability",
            "We review the Policy every two years, drawing on feedback from unions, NGOs and "
            "our own team members.",
        ),
        # FAR 52.222-50 (i): the clause itself flows down to every subcontract and agent
        (
            "contract_flow_down",
            "(1) The Contractor shall include the substance of this clause, including this "
            "paragraph (i), in all subcontracts and in all contracts with agents.",
        ),
        # and the annual certification the best-practice text asks for
        (
            "contract_flow_down",
            "Annually after receiving an award, the Contractor shall submit a certification to "
            "the Contracting Officer that it has a compliance plan in place.",
        ),
        # role-specific training, as the best-practice level text names it
        (
            "training",
            "Buyers and recruiters must also complete a role-specific course on forced labour "
            "indicators every two years.",
        ),
    ],
)
def test_best_practice_elements_named_by_the_level_texts(
    matcher: CueMatcher, criterion: str, text: str
) -> None:
    hit = _hit(matcher, text, criterion)
    assert hit.topic and hit.strong and not hit.lacks_element
    assert hit.grade(read_signals(text))[0] == 3
