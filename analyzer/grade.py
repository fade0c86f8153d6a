"""The strength grader: reads how strongly a clause commits to something.

A clause that is *about* a criterion (found by the rubric cues and the classifier) still has to be
graded: 1 mention (generic, hedged, aspirational, a loophole, a plan), 2 commitment (specific and
mandatory), 3 best practice (a commitment plus a mechanism, breadth of scope, verification or
remedy). This module reads the generic signals of that strength from the wording of one clause
and its context (heading, the lead-in of a bullet list):

- modality: mandatory ("shall", "must", "is prohibited", "will not", "we do not tolerate")
  against aspirational ("should", "expect", "encourage", "strive", "where possible");
- caps: loopholes ("except where permitted by law", "excessive fees"), duties that only restate
  the law ("as required by law", "the legal minimum wage"), future or conditional intentions
  ("we plan to", "next year"), and explicit absence ("we have not yet audited");
- not evidence at all: definitions, statistics and background, headings;
- raisers: scope (labour agents, sub-tier, any tier), specificity (ages, days, named ILO
  conventions) and mechanisms (hotline, unannounced audits, reimbursement).

:func:`read_signals` returns the matched words of each signal (for the ``why`` and the highlight
of the evidence); :func:`rule_level` turns signals plus the criterion's own strong/weak cue hits
into a level with plain-language reasons. Pure functions, compiled regexes, no heavy imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from analyzer.ingest.cleanup import is_sign_off
from analyzer.rxfilter import narrow

__all__ = [
    "expand_contractions",
    "original_wording",
    "Signals",
    "criterion_caps",
    "distinct_matches",
    "feature_tokens",
    "inherits_lead_in",
    "is_lead_in",
    "read_signals",
    "reports_outcome",
    "rule_level",
]


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


# --- contractions ----------------------------------------------------------------------------
_CONTRACTION = re.compile(
    r"\b(?:(won|shan|can)|(\w+)n)['’]t\b|\b(\w+)['’](ll|ve|re)\b", re.IGNORECASE
)
_IRREGULAR = {"won": "will not", "shan": "shall not", "can": "cannot"}
_SUFFIX = {"ll": "will", "ve": "have", "re": "are"}


def _expand(m: re.Match[str]) -> str:
    irregular, stem, word, suffix = m.groups()
    if irregular:
        full = _IRREGULAR[irregular.lower()]
        return full.capitalize() if irregular[0].isupper() else full
    if stem:
        return f"{stem} not"
    return f"{word} {_SUFFIX[suffix.lower()]}"


def expand_contractions(text: str) -> str:
    """The clause with its contractions written out ("don't" -> "do not", "won't" -> "will not",
    "can't" -> "cannot", "we'll" -> "we will"), so that employee codes written in a plain
    voice ("We don't tolerate forced labour") are read like the formal ones. Possessives
    ("workers' passports") are left alone."""
    if "'" not in text and "’" not in text:
        return text
    return _CONTRACTION.sub(_expand, text)


def original_wording(original: str, phrase: str) -> str:
    """The words of ``original`` that read as ``phrase`` once its contractions are written out
    ("don't tolerate" for "do not tolerate", found in "We don't tolerate ..."), so evidence
    quotes and highlights the document's own wording; ``phrase`` when it is not there."""
    lo: list[int] = []  # per character of the expanded text: where it starts in the original
    hi: list[int] = []  # ... and where it ends
    parts: list[str] = []
    pos = 0
    for m in _CONTRACTION.finditer(original):
        parts.append(original[pos : m.start()])
        lo.extend(range(pos, m.start()))
        hi.extend(range(pos + 1, m.start() + 1))
        full = _expand(m)
        parts.append(full)
        lo.extend([m.start()] * len(full))
        hi.extend([m.end()] * len(full))
        pos = m.end()
    parts.append(original[pos:])
    lo.extend(range(pos, len(original)))
    hi.extend(range(pos + 1, len(original) + 1))
    at = "".join(parts).lower().find(phrase.lower()) if phrase else -1
    return original[lo[at] : hi[at + len(phrase) - 1]] if at >= 0 else phrase


# --- modality --------------------------------------------------------------------------------
#: "No person under the age of 16 may work ...": the words around a prohibiting "may".
_NO_ONE, _NOT_ALSO = r"\bno\s+(?:\w+\s+){1,8}?", r"\s+(?!also\b)"
#: "No one at our sites, including labour providers, may retain ...", "7.1 No one - the
#: company, a partner or a client - may hold ...": a prohibiting subject, then an aside.
_NO_ONE_ASIDE = (
    r"\b(?:nobody|no[\s-]one|no\s+(?:other\s+)?(?:person|individual|employee|worker|manager|"
    r"supervisor|supplier|agent|agency|contractor|recruiter|party|third\s+party|business\s+partner|"
    r"member\s+of\s+staff)s?)\b(?=[^.;:!?]{0,120}?[,)\u2013\u2014-])"
    r"(?:(?!\b(?:should|must|shall|will|would|could|may|can|but|unless|except)\b)[^.;:!?]){0,120}?\s"
)
MANDATORY = _rx(
    # "shall endeavour", "must strive", "shall use its best efforts": an obligation only to try
    r"\b(?:shall|must)\b(?!\s+(?:\w+\s+)?(?:endeavou?r|strive|(?:seek|try|attempt|aim)\s+to|"
    r"(?:use|make)\s+(?:(?:its|their|all|every|best|reasonable)\s+)*efforts?)\b)",
    r"\bwill\s+not\b",
    r"\bwon['’]t\b",
    # "may not" prohibits ("Suppliers may not retain passports"), unless it states a possibility
    # ("migrant workers may not understand their contracts")
    r"\bmay\s+not\b(?!\s+(?:(?:always|necessarily|fully|even|yet)\b|be\s+(?:able|aware)\b|"
    r"understand|know|realis|realiz|recogni[sz]|speak|read|feel|want|notice))",
    r"\bcannot\b",
    r"\b(?:is|are|be|remain)\s+(?:strictly\s+|expressly\s+|absolutely\s+)?"
    r"(?:prohibited|forbidden|banned|not\s+(?:permitted|allowed|tolerated|acceptable))\b",
    r"\bprohibit(?:s|ed)?\b",
    r"\b(?:is|are)\s+(?:required|obliged|obligated|bound)\s+to\b",
    r"\brequire[sd]?\b",
    r"\b(?:do|does|will)\s+not\s+(?:tolerate|permit|allow|accept|use|engage|charge|retain|"
    r"hold|withhold|confiscate|employ|work\s+with|source)\b",
    r"\bzero[\s-]tolerance\b",
    r"\bunder\s+no\s+circumstances\b",
    r"\bin\s+no\s+case\b",
    r"\bnever\b",
    r"\b(?:is|are)\s+not\s+to\s+be\b",
    r"\bmandatory\b",
    r"\bcondition\s+of\s+(?:doing\s+business|contract|supply)",
    r"\b(?:we|the\s+company|supplier|suppliers|contractor|vendor)s?\s+will\s+"
    r"(?:ensure|provide|pay|reimburse|repay|bear|give|not|verify|audit|terminate|investigate|"
    r"remediate|publish|report|train|maintain|conduct|cover)\b",
    r"\bno\s+(?:worker|employee|person|one|individual|supplier)s?\s+(?:shall|may|will|is|are)\b",
    # "No person under the age of 16 may work ..." is a prohibition, not a hedge.
    rf"{_NO_ONE}may{_NOT_ALSO}",
    # "Nobody may hit you", "No-one can make you pay a fee"
    r"\b(?:nobody|no[\s-]one)\s+(?:may|can|will|shall|is\s+allowed\s+to)\b",
    rf"{_NO_ONE_ASIDE}(?:may|can)\s+(?!not\b)",
)
#: People a code protects: when they are the subject of "can"/"may", the modal grants a right
#: ("Workers may resign at any time", "Crew can contact the Fishers' Line"), it does not hedge.
RIGHTS_HOLDER = (
    r"(?:workers?|employees?|crew(?:\s+members?)?|staff|seafarers?|fishers?|colleagues|"
    r"team\s+members?|personnel|you|anyone|everyone|any\s+(?:worker|employee|person|individual)|"
    r"job\s*seekers?|candidates?|applicants?|trainees?|apprentices?|residents?|victims?|"
    r"survivors?|members\s+of\s+the\s+public|guests?|users?|drivers?|couriers?|migrants?|"
    r"callers?|reporters?|complainants?|whistle-?blowers?)"
)
#: Words between a rights-holder and the modal that make someone else the subject, or the
#: clause conditional ("employees who breach this Code may face ...").
_NOT_RIGHTS_SUBJECT = (
    r"(?:we|suppliers?|compan(?:y|ies)|employers?|owners?|agents?|agenc(?:y|ies)|managers?|"
    r"management|who|which|that|if|where|when|unless)"
)
#: Modal words that do not hedge (each group is one such word): a prohibition ("No person
#: under 16 may work ..."), an entitlement of the people protected, and an enumeration
#: ("disciplinary action, which may include dismissal"); the month May is no modal at all.
NEUTRAL_MODAL = re.compile(
    rf"{_NO_ONE}(may){_NOT_ALSO}"
    r"|\b(?:nobody|no[\s-]one)\s+(may|can)\b"
    rf"|{_NO_ONE_ASIDE}(may|can)\s+(?!not\b)"
    # "Any person, including a worker of a Supplier, may report a concern ..."
    r"|\b(?:any|every)\s*(?:person|one|body|individual|worker)\b,\s+including\b[^.;:]{0,100}?,\s+"
    r"(may|can)\b"
    rf"|\b{RIGHTS_HOLDER}\b(?:(?!\b{_NOT_RIGHTS_SUBJECT}\b)[^.;:!?]){{0,80}}?"
    r"\b(can|may)\s+(?:also\s+|still\s+|freely\s+|always\s+)?"
    r"(?!be\b|not\b|face\b|lose\b|have\b|need\b|result\b|include\b|only\b)"
    r"|\b(may)\s+(?:also\s+)?include\b"
    # availability of a channel: "the Hotline can be used by ...", "reports may be made anonymously"
    r"|\b(can|may)\s+(?:also\s+)?be\s+(?:used|made|raised|reported|submitted|lodged|filed|"
    r"reached|contacted|accessed|called)\s+(?:by|anonymously|online|confidentially|free|in\b|at\b|"
    r"through|via|24|directly|without)"
    # the month: "approved in May 2025", "on 3 May", "May 2024", "since May"
    r"|(?:\b\d{1,2}(?:st|nd|rd|th)?\s+|\b(?:in|on|since|from|until|till|by|during|of|last|"
    r"next|early|mid|late)[\s-]+)((?-i:May))\b|\b((?-i:May))\s+\d{1,4}\b",
    re.IGNORECASE,
)


def hedges(text: str) -> tuple[str, ...]:
    """The aspirational words of ``text``, leaving out modals that grant a right, prohibit or
    enumerate (see :data:`NEUTRAL_MODAL`)."""
    found = distinct_matches(ASPIRATIONAL, text)
    if not any(w.lower() in ("may", "can") for w in found):
        return found
    chars = list(text)
    masked = False
    for m in NEUTRAL_MODAL.finditer(text):
        for g in range(1, NEUTRAL_MODAL.groups + 1):
            if m.group(g) is not None:
                chars[m.start(g) : m.end(g)] = " " * (m.end(g) - m.start(g))
                masked = True
    return distinct_matches(ASPIRATIONAL, "".join(chars)) if masked else found


ASPIRATIONAL = _rx(
    r"\bshould\b",
    r"\bexpect(?:s|ed)?\b",
    r"\bencourag(?:e|es|ed|ing)\b",
    r"\bstrive[sd]?\b",
    r"\bendeavou?r(?:s|ed)?\b",
    r"\bwhere(?:ver)?\s+(?:possible|feasible|practicable|practical|appropriate|relevant)\b",
    r"\bas\s+far\s+as\s+(?:possible|practicable|reasonably)\b",
    r"\b(?:seek|seeks|aim|aims|aspire|aspires|try|tries|hope|hopes)\s+to\b",
    # "we will work to ensure that no worker pays": an effort, not a duty
    r"\bwork\s+to\s+(?:ensure|provide|prevent|eliminate|address|achieve|improve|reduce|"
    r"promote|identify|remove)\b",
    r"\bprefers?\s+to\b",
    r"\breasonable\s+(?:efforts|endeavou?rs|steps)\b",
    r"\bbest\s+efforts\b",
    r"\b(?:make|makes|use|uses)\s+every\s+(?:reasonable\s+)?effort\b",
    r"\bmay\b",
    r"\bwe\s+(?:oppose|support|respect|value|promote|recogni[sz]e|believe|welcome)\b",
    r"\b(?:are|is)\s+committed\s+to\b",
    r"\bcommit(?:s)?\s+to\s+(?:respecting|supporting|promoting|upholding)\b",
    r"\bwould\s+like\b",
    r"\bwe\s+ask\b",
    # a request is not a requirement: "Suppliers are requested to ...", "The Company requests
    # suppliers to ...", "We ask our suppliers to ..."
    r"\b(?:is|are)\s+(?:kindly\s+|also\s+)?(?:requested|asked)\s+to\b",
    r"\brequests?\s+(?:(?:all|our|its|the|each|every)\s+)?(?:suppliers?|vendors?|"
    r"business\s+partners?|contractors?|partners?)\s+to\b",
    r"\binvite[sd]?\b",
    r"\bfrom\s+time\s+to\s+time\b",
    # a right kept in reserve, advice, or an effort bounded by convenience is not a duty
    r"\breserves?\s+the\s+right\s+to\b",
    r"\brecommend(?:s|ed)?\b",
    r"\bwhen\s+(?:we|they|it)\s+can\b",
    r"\bwhere\s+available\b",
    r"\b(?:can|could)\b",
    r"\bwe\s+(?:do\s+not|don['’]t)\s+accept\b",
)
# --- caps ------------------------------------------------------------------------------------
LOOPHOLE = _rx(
    # An exception is a loophole when it defers to the law, to necessity or to someone's
    # discretion ("except where permitted by law", "unless business needs require"); a bounded
    # exception ("except in emergencies", "unless the worker asks") keeps the commitment.
    r"\b(?:except|unless|save)\b[^.;]{0,60}?\b(?:laws?|legal(?:ly)?|lawful(?:ly)?|permitted|"
    r"allowed|authori[sz]ed|approved|(?<!strictly\s)(?<!absolutely\s)necessary|needs?|"
    r"requirements?|discretion|justified|practicable|feasible|operational|circumstances)\b",
    # an exception anyone can contract into: "unless otherwise agreed (in writing)"
    r"\b(?:except|unless|save)\s+(?:as\s+|where\s+)?otherwise\s+(?:agreed|specified|provided|stated|"
    r"instructed|decided)\b",
    r"\bother\s+than\s+(?:those|as|where)\b",
    # "free to leave subject to ... any repayment obligations", "subject to site rules"
    r"\bsubject\s+to\b[^.;]{0,60}?\b(?:repay\w*|obligations?|rules|approval|discretion|"
    r"operational|business\s+needs)\b",
    r"\bexcessive\b",
    r"\bunreasonabl[ey]\b",
    r"\b(?:legally|lawfully)\s+(?:permitted|allowed|required)\b",
    r"\b(?:permitted|allowed|authori[sz]ed)\s+(?:by|under)\s+(?:local\s+|applicable\s+|national\s+)?law\b",
    r"\bnot\s+(?:be\s+)?required\s+to\s+(?:lodge|surrender|deposit|hand\s+over)\b",
    r"\bin\s+(?:accordance|compliance|line)\s+with\s+(?:all\s+)?(?:applicable\s+|local\s+|relevant\s+|national\s+)+"
    r"(?:laws?|legislation|regulations?)\b",
    r"\bcomply\s+with\s+(?:all\s+)?(?:applicable\s+|local\s+|relevant\s+|national\s+)+"
    r"(?:laws?|legislation|regulations?)\b",
    r"\bto\s+the\s+extent\s+(?:possible|permitted|practicable)\b",
    r"\bknowingly\b",
    r"\bif\s+(?:possible|feasible|practicable|appropriate)\b",
)
FUTURE = _rx(
    r"\b(?:plan|plans|planning|intend|intends|intending|propose|proposes)\s+to\b",
    r"\b(?:will|shall)\s+(?:be\s+)?(?:develop|developing|introduce|roll(?:ing)?\s+out|launch|"
    r"establish|explore|consider|look\s+(?:at|into)|begin|start|pilot|work\s+towards|design|"
    r"implement|formali[sz]e|extend|expand)\w*\b",
    r"\b(?:in|during|over)\s+(?:the\s+)?(?:coming|next|following|forthcoming)\s+"
    r"(?:year|years|months|reporting\s+period|financial\s+year|phase)\b",
    r"\bnext\s+(?:year|financial\s+year|reporting\s+(?:period|year)|fy)\b",
    r"\bby\s+(?:the\s+end\s+of\s+)?(?:20[2-9]\d|fy\s?\d{2,4})\b",
    r"\bgoing\s+forward\b",
    # "we will act on both recommendations in FY25": a plan, not a standing commitment.
    r"\bwill\b.{0,80}\b(?:in|during)\s+FY\s?\d{2,4}\b",
    r"\bin\s+(?:the\s+)?future\b",
    r"\b(?:are|is)\s+(?:working\s+towards|in\s+the\s+process\s+of|currently\s+developing|"
    r"exploring|considering|reviewing\s+(?:options|whether))\b",
    r"\bfuture\s+(?:plans?|steps|priorities)\b",
    r"\bwe\s+(?:would|could)\b",
)
#: A requirement that only restates the law ("as required by law", "in accordance with UK
#: employment law", "at least the legal minimum wage"): the rubric reads it as a mention.
LAW_ONLY = _rx(
    r"\b(?:as|where|if|when)\s+(?:is\s+|are\s+)?(?:required|mandated|prescribed)\s+(?:by|under)\s+"
    r"(?:the\s+)?(?:\w+\s+){0,3}?(?:laws?|legislation|regulations?|statutes?)\b",
    r"\bas\s+(?:the\s+)?(?:\w+\s+){0,10}?(?:law|legislation|act|regulations?)\s+(?:\d{4}\s+)?"
    r"(?:requires?|demands?|prescribes?)\b",
    r"\bin\s+(?:accordance|compliance|line)\s+with\s+(?:the\s+)?(?:\w+\s+){0,2}?"
    r"(?:employment|labou?r|local|national|applicable|relevant|domestic)\s+(?:laws?|legislation)\b",
    r"\b(?:legal|statutory|national)\s+minimum\s+(?:wages?|pay|piece[\s-]rates?)\b",
    # "freedom of association ... as provided by applicable law"
    r"\bas\s+(?:provided|permitted|set\s+out|defined)\s+(?:for\s+)?(?:by|in|under)\s+(?:the\s+)?"
    r"(?:applicable|local|national|relevant)\s+(?:laws?|legislation)\b",
    r"\blegally\s+(?:mandated|required)\b",
    # "not charged fees in breach of the Migration Act 1958": the law is the only bar
    r"\bin\s+breach\s+of\s+(?:the\s+|any\s+|applicable\s+)?(?:[\w()]+\s+){0,4}?"
    r"(?:Act|laws?|legislation|regulations?)\b",
)
#: ... unless the clause sets a floor above the law ("or 15, whichever is higher").
ABOVE_LAW = _rx(
    r"\bwhichever\s+is\s+(?:higher|greater|more\s+protective)\b",
    r"\bwhere\s+(?:this|that|it|the\s+law)\s+is\s+(?:higher|stricter|more\s+protective)\b",
    r"\b(?:the\s+)?higher\s+of\b",
    r"\breal\s+living\s+wage\b|\bliving\s+wage\s+foundation\b",
    r"\b\d+\s*(?:%|per\s*cent)\s+above\b",
)
ABSENCE = _rx(
    r"\b(?:have|has|had|did|do|does)\s+not\s+(?:yet\s+|currently\s+)?(?:conducted?|audited?|"
    r"undertaken|undertake|implemented?|established?|developed?|mapped?|assessed?|trained?|"
    r"adopted?|introduced?|put\s+in\s+place|have|had|engaged?|extended?|identified|"
    r"carried\s+out|carry\s+out|published?|set\s+up|reviewed?|surveyed?)\b",
    r"\bnot\s+yet\b",
    # a disclaimer: "Nothing in this clause obliges the Group to conduct any audit."
    r"^\W*nothing\s+in\s+this\s+\w+\s+(?:obliges|requires|commits|shall\s+(?:oblige|require|"
    r"be\s+(?:construed|read)))\b",
    r"\b(?:is|are)\s+not\s+currently\b",
    # "we do not currently require suppliers to reimburse fees", "we are yet to roll out": as
    # the main statement of the sentence (not "..., and do not currently assess crew conditions")
    r"^\W*(?:[\w’'-]+\s+){0,4}?(?:(?:do|does|did)\s+not\s+(?:currently|as\s+yet|at\s+present|"
    r"presently)|(?:is|are|am|have|has)\s+(?:yet|still)\s+to)\b",
    # "we do not currently audit these agencies", "we have not given any formal training": a
    # process the organisation does not run (not a ban such as "we do not charge fees")
    r"\b(?:we|the\s+(?:company|group))\s+(?:do|does|did)\s+not\s+(?:currently\s+|yet\s+|as\s+yet\s+)?"
    r"(?:audit|publish|map|monitor|assess|track|visit|verify|survey|disclose|collect|review)\b",
    r"\b(?:have|has|had)\s+not\s+(?:yet\s+)?(?:given|provided|delivered|offered|run|held|"
    r"rolled\s+out|received)\b",
    r"\bthere\s+(?:is|are|was|were)\s+(?:currently\s+)?no\s+(?:formal\s+)?"
    r"(?:policy|process|mechanism|procedure|programme|program|system|plan)\b",
    r"\bwe\s+(?:have|had)\s+no\s+(?:formal\s+)?(?:policy|process|mechanism|procedure|"
    r"programme|program|system|plan|visibility|audits?)\b",
    r"\b(?:lack|lacks|lacked)\s+(?:of\s+)?(?:visibility|a\s+formal)\b",
    r"\bnot\s+(?:in\s+)?scope\s+of\s+this\b",
    # the organisation itself is exempt: "we are not required to publish a statement"
    r"\b(?:we|the\s+(?:company|group|organi[sz]ation|business|firm))\s+(?:is|are|was|were)\s+"
    r"not\s+(?:currently\s+|legally\s+)?(?:required|obliged|obligated)\s+to\b"
    r"(?!.{0,120}\b(?:but|however|nevertheless|voluntar\w*)\b)",
)
#: A reported finding of a breach ("auditors found that workers had paid fees", "five sites had
#: non-conformances about fees"): evidence that checks work, not a commitment on the practice.
FINDING = _rx(
    r"\b(?:audits?|auditors?|assessments?|visits?|checks?|inspections?|reviews?|interviews?|"
    r"investigations?)\b[^.;:]{0,40}?\b(?:found|identified|revealed|uncovered|showed)\b"
    r"(?!\s+no\b)",
    r"(?<!\bif\s)(?<!\bwhere\s)(?<!\bwhen\s)\b(?:we|it|they)\s+(?:also\s+)?"
    r"(?:found|identified|uncovered)\b(?!\s+no\b)",
    r"\b(?:was|were|had\s+been)\s+found\s+(?:to\s+(?:have|be)\b|holding\b|charging\b|"
    r"using\b|employing\b|retaining\b|keeping\b|deducting\b)",
    r"\bnon-?conformit(?:y|ies)\b|\bnon-?conformances?\b",
    r"\b(?:the\s+)?(?:most\s+common|main|key)\s+(?:findings?|issues?\s+found)\b",
)
DEFINITION = re.compile(
    r"^\W{0,3}(?:\(?[a-z0-9ivx]{1,4}[.)]\s+)?"
    # "In this chapter, "child" means ..."
    r"(?:(?:In|For\s+the\s+purposes\s+of)\s+this\s+(?:\w+\s+){0,2}?\w+,\s+)?"
    # the term: quoted, or capitalised and not a pronoun ("This means that we ..." explains)
    r"(?:[\"“'‘][\w /'’-]{1,60}?[\"”'’]|(?!(?:This|That|It|Which|What|Doing|Our|Your)\b)"
    r"[A-Z][\w /'’-]{1,60}?),?\s+"
    r"(?:means|shall\s+mean|refers\s+to|is\s+defined\s+as|has\s+the\s+meaning|denotes|"
    r"includes\s+a\s+condition)\b"
    # a definition names what the term is, not what someone does ("... means we will end it")
    r"(?!\s+(?:that|we|you|our|they|it|suppliers?)\b)"
)
INSTRUMENT = re.compile(
    r"\b(?:ILO|International\s+Labou?r\s+Organi[sz]ation|Palermo|United\s+Nations|UN\s+Protocol|"
    r"OECD)\b|\bConvention(?:\s+No\.?)?\s*\(?\s*(?:No\.?\s*)?\d{2,3}\b"
)
DEFINITION_HEADING = re.compile(
    r"\b(?:definitions?|glossary|interpretation|key\s+terms|terminology|meaning\s+of)\b",
    re.IGNORECASE,
)
STATISTIC = _rx(
    r"\b(?:estimated?|estimates)\b.{0,80}\b(?:million|billion|\d[\d,.]*\s*%|per\s*cent)\b",
    r"\b\d[\d,.]*\s*(?:million|billion)\s+(?:people|persons|workers|children|victims|adults)\b",
    r"\b(?:according\s+to|the\s+ilo\s+(?:estimates|reports)|global\s+slavery\s+index|"
    r"walk\s+free\s+(?:estimates|reports)|global\s+estimates)\b",
    r"\b(?:worldwide|globally|around\s+the\s+world),?\s+(?:an\s+estimated|some|more\s+than|"
    r"over|nearly|approximately)\b",
)
#: The start of a sentence: a clause number, then perhaps a run-in label ("Restrictions on the
#: right to organise: In some countries ...").
_OPENING = (
    r"^\W{0,3}(?:\(?[a-z0-9ivx]{1,4}[.)]\s+|\d{1,3}(?:\.\d{1,3}){0,4}\s+)?"
    r"(?:[A-Z][\w ,'’/-]{2,60}:\s+)?"
)
#: Openers that make other countries, governments or companies the subject.
_OTHER_PARTIES = (
    r"in\s+(?:some|many|certain)\s+(?:countries|sectors|industries|regions|parts)|"
    r"(?:many|some|most|other|these|such|those|several)\s+"
    r"(?:companies|businesses|employers|brands|buyers|governments|countries)|"
    r"(?:countries|governments)\s+(?!(?:must|shall|will|should)\b)"
)
#: Background: a sentence that describes the risk, the law or what others do rather than what the
#: organisation (or its suppliers) does: at most a mention when it has no binding wording.
BACKGROUND = re.compile(
    _OPENING + r"(?:"
    r"examples?\s+(?:include|are)|for\s+(?:example|instance)|often|typically|commonly|"
    r"in\s+(?:some|many|certain)\s+cases|" + _OTHER_PARTIES + r"|"
    r"research|studies|convened\s+by|"
    r"(?:the\s+)?ilo(?:'s)?\s+(?:convention|recommendation|protocol|indicators|guidance|"
    r"general\s+principles|definition)|the\s+(?:un\s+)?guiding\s+principles)\b"
    r"|\b(?:(?:is|are)\s+(?:often\s+|particularly\s+|especially\s+|more\s+|most\s+)?"
    r"vulnerable\s+to|who\s+are\s+(?:the\s+)?most\s+vulnerable|"
    r"(?:is|are)\s+(?:widely\s+)?(?:recogni[sz]ed|considered|regarded|known)\s+as\s+"
    r"(?:a\s+|an\s+)?high[\s-]risk)\b",
    re.IGNORECASE,
)
#: A sentence about other countries, governments or companies ("In some countries it is legally
#: prohibited for migrants to join unions", "These companies do not charge fees") and not about
#: the organisation itself: its binding words bind someone else, so it is a mention at most.
THIRD_PARTY = re.compile(
    _OPENING + r"(?:" + _OTHER_PARTIES + r")\b(?![^.]*\b(?:we|our|us)\b)", re.IGNORECASE
)
HEADINGISH = re.compile(r"^[\dIVX.()\s-]{0,8}[A-Z][^.!?;:]{0,70}$")
#: A numbered title that ends with a full stop ("9.3.3 Identity documents.", "4.4 Child Labour."):
#: a number and at most three words, none of them a verb that would make it a sentence.
NUMBERED_TITLE = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d{1,3}){0,4}|[A-Z]\d{1,2}(?:\.\d{1,2}){0,3})[.)]?\s+"
    r"(?!(?:\w+\s+){0,2}(?:is|are|was|were|be|has|have|gets?|gives?|receives?|pays?|must|shall|will|"
    r"may|can|do|does|need|needs|applies|apply)\b)[A-Za-z][\w'’-]*(?:\s+[\w'’-]+){0,2}\.?\s*$"
)
# --- raisers ---------------------------------------------------------------------------------
SCOPE = _rx(
    r"\blabou?r\s+(?:agents?|agenc(?:y|ies)|providers?|brokers?|contractors?|recruiters?)\b",
    r"\b(?:recruiters?|recruitment\s+(?:agents?|agenc(?:y|ies)|firms?|intermediar(?:y|ies)|"
    r"partners?))\b",
    r"\b(?:brokers?|intermediar(?:y|ies)|staffing\s+(?:firms?|agenc(?:y|ies)))\b",
    r"\bsub-?contractors?\b",
    r"\bsub-?tier\b",
    r"\b(?:at\s+)?(?:any|all|every)\s+tiers?\b",
    r"\bbeyond\s+(?:tier\s*(?:1|one)|first[\s-]tier|direct\s+suppliers)\b",
    r"\btier\s*(?:2|3|two|three)\b",
    r"\b(?:second|third|lower)[\s-]tier\b",
    r"\b(?:raw\s+materials?|upstream)\b",
    r"\b(?:temporary|agency|migrant|seasonal|contract|foreign|dispatched)\s+workers?\b",
    r"\bdirectly\s+or\s+indirectly\b",
    r"\bsubsidiar(?:y|ies)\b",
    r"\bjoint\s+ventures?\b",
    r"\b(?:entire|whole|extended)\s+(?:supply|value)\s+chain\b",
    r"\bsupply\s+chain\s+workers\b",
    r"\bworkers\s+in\s+(?:our|the|its)\s+supply\s+chains?\b",
    r"\b(?:their|its)\s+(?:own\s+)?suppliers\b",
)
SPECIFIC = _rx(
    r"\b(?:C|P)\s?(?:029|29|105|138|181|182|188|190)\b",
    r"\bconvention\s+(?:no\.?\s*)?\d{2,3}\b",
    r"\bUNGPs?\b|\bguiding\s+principles\b",
    r"\bOECD\b",
    r"\bPalermo\b",
    r"\bILO\b",
    r"\bMLC\b",
    r"\bDhaka\s+principles\b|\bemployer\s+pays\s+principle\b",
    r"\b(?:aged?|age\s+of|under|below)\s+(?:1[2-8])\b|\b1[4-8]\s+years\b",
    r"\b\d{1,3}\s+(?:hours?|days?|weeks?|months?|languages?)\b",
    r"\b(?:US\$|\$|£|€|AUD|USD|GBP|EUR)\s?\d[\d,.]*",
    r"\b\d[\d,.]*\s*(?:%|per\s*cent)",
    r"\b(?:passports?|identity\s+documents?|work\s+permits?|visas?)\b",
    r"\bdebt\s+bondage\b|\bbonded\s+labou?r\b|\bindentured\b|\bprison\s+labou?r\b",
)
MECHANISM = _rx(
    r"\bhot-?lines?\b|\bhelp-?lines?\b|\bspeak[\s-]up\b|\bwhistle-?blow\w*\b",
    r"\bhttps?://\S+|\bwww\.\S+",
    r"(?:\+?\d[\d\s()-]{7,}\d)",
    r"\bthird[\s-]party\s+(?:operated|administered|run|provider|hotline|auditors?)\b",
    r"\bindependent(?:ly)?\s+(?:operated|run|third|auditors?|audits?|verif\w+|monitor\w*)\b",
    r"\banonymous(?:ly)?\b",
    r"\bin\s+(?:\d+|their|the\s+worker['’]s|workers['’]|a|his\s+or\s+her)\s+"
    r"(?:own\s+|native\s+)?languages?\b",
    r"\bunannounced\b|\bunscheduled\b|\bsemi-announced\b",
    r"\bwithout\s+(?:prior\s+|advance\s+)?(?:notice|warning)\b",
    # "off-site worker interviews" is one mechanism: the longer wording is tried first
    r"\boff[\s-]?site\s+(?:worker\s+)?interviews?\b|\bworker\s+interviews?\b",
    r"\boff[\s-]?site\b|\baway\s+from\s+(?:the\s+)?(?:\w+['’]s?\s+)?(?:management|managers|officers|"
    r"supervisors|employers?|captain|master|recruiters?)\b",
    r"\bin\s+(?:each|every|all\s+the|the)\s+(?:\w+\s+)?languages?\b|\bpictorial\b|"
    r"\b(?:explained|read\s+out)\s+(?:verbally|orally|in\s+person|aloud)\b|\bverbally\b",
    r"\bcorrective\s+action\s+plans?\b|\bCAPs?\b",
    r"\breimburs\w*\b|\brepa(?:y|id|ys|yment|ying)\b|\brefund\w*\b",
    r"\bremediation\s+(?:fund|plan|protocol|procedure)\b",
    r"\bwithin\s+\d+\s+(?:days?|weeks?|months?|hours?)\b",
    r"\b(?:verif(?:y|ied|ies|ication)|certif(?:y|ied|ies|ication))\b",
    r"\bKPIs?\b|\bkey\s+performance\s+indicators?\b|\bmetrics?\b",
    # a review cycle, not "annual turnover" or "annual leave"
    r"\b(?:annual(?:ly)?(?!\s+(?:turnover|revenue|sales|income|leave|holidays?|salary|pay|"
    r"bonus|general\s+meeting|report\s+and\s+accounts))|every\s+(?:year|\d+\s+years|two\s+years|"
    r"three\s+years)|each\s+year|quarterly)\b",
    r"\bescalat\w+\b",
    r"\bgrievance\s+(?:mechanism|procedure|channel)\b",
    r"\b(?:lockers?|safe\s+storage)\b",
    # a review or training cycle shorter than a year (not "paid monthly")
    r"\bevery\s+(?:\d{1,2}|two|three|four|six|nine)\s+months\b|\btwice\s+a\s+year\b|"
    r"\b(?:each|every)\s+quarter\b",
    r"\b(?:24/7|24\s+hours)\b",
    # the governing board, not "on board" a vessel or "across the board"
    r"(?<!\bon\s)(?<!\baboard\s)(?<!across\sthe\s)\bboard(?:\s+of\s+directors)?\b(?!\s+(?:a|the|ships?|vessels?)\b)",
    r"\bage\s+verification\b|\boriginal\s+documents\b",
    r"\bbest\s+interests?\s+of\s+the\s+child\b",
)
PAST_ACTION = _rx(
    r"\b(?:in|during)\s+(?:fy\s?\d{2,4}|20[12]\d|the\s+(?:reporting|financial)\s+(?:period|year)|"
    r"(?:the\s+)?(?:last|past)\s+(?:year|twelve\s+months|12\s+months))\b",
    r"\b(?:we|the\s+company|the\s+group)\s+(?:have\s+|has\s+)?(?:audited|trained|conducted|"
    r"identified|repaid|reimbursed|engaged|launched|completed|mapped|assessed|surveyed|"
    r"visited|rolled\s+out|delivered|received|resolved|investigated|terminated|published)\b",
)
FIGURES = re.compile(r"\b\d[\d,.]*\b")
#: A row of a flattened table: a label followed by two figures in a row ("Staff trained 71% 86%
#: Audits completed 4 9"); prose puts words between its numbers.
TABLE_ROW = re.compile(r"[A-Za-z)]\s+\d[\d,.]*%?\s+\d[\d,.]*%?(?=\s+[A-Za-z(]|\s*$)")
#: A repayment that is prohibited ("will not demand repayment of ...") is not a remedy.
NEGATED_MECHANISM = re.compile(
    r"\b(?:not|never|no)\s+(?:\w+\s+){0,2}?(?:demand|seek|require|request|ask\s+for|claim)\w*\s+"
    r"(?:any\s+)?(repa\w+|reimburs\w+|refund\w*)",
    re.IGNORECASE,
)
#: A clause's own number ("4.2.1 ", "(b) ") is not a figure.
NUMBERING = re.compile(r"^\s*(?:\(?\d{1,3}(?:\.\d{1,3}){0,4}[.)]?|\(?[a-z]\)|[ivxIVX]{1,4}[.)])\s+")
DECLARATIVE_WORDS = 12
LEAD_IN = re.compile(r"(?::|—|–|\s-|\w-)\s*$")
BULLET_START = re.compile(
    r"^\s*(?:[-•*▪‣◦–]|\(?[a-z]\)|\(?[ivxIVX]{1,4}\)|\(?[A-Z]\)|\(?\d{1,2}[.)])\s+"
)


@dataclass(frozen=True, slots=True)
class Signals:
    """The strength signals found in one clause: each is the tuple of matched words."""

    mandatory: tuple[str, ...] = ()
    aspirational: tuple[str, ...] = ()
    loophole: tuple[str, ...] = ()
    future: tuple[str, ...] = ()
    absence: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    specific: tuple[str, ...] = ()
    mechanism: tuple[str, ...] = ()
    past_action: tuple[str, ...] = ()
    law_only: tuple[str, ...] = ()
    finding: tuple[str, ...] = ()
    definition: bool = False
    #: a definition that cites an international instrument ("as defined in ILO Convention 29")
    cites_instrument: bool = False
    statistic: bool = False
    background: bool = False
    third_party: bool = False
    heading_like: bool = False
    inherited: bool = False
    figures: int = 0
    words: int = 0
    table_rows: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def not_evidence(self) -> bool:
        """Definitions (unless they cite an international instrument), statistics, explicit
        absences and bare headings never count."""
        return (
            (self.definition and not self.cites_instrument)
            or self.statistic
            or bool(self.absence)
            or self.heading_like
        )

    def matched_words(self) -> list[str]:
        """Every matched word, for highlighting, without duplicates (order kept)."""
        seen: dict[str, None] = {}
        for group in (
            self.mandatory,
            self.aspirational,
            self.loophole,
            self.future,
            self.scope,
            self.specific,
            self.mechanism,
        ):
            for word in group:
                seen.setdefault(word, None)
        return list(seen)


def distinct_matches(rx: re.Pattern[str] | None, text: str) -> tuple[str, ...]:
    """The distinct (case-insensitively) non-blank matches of ``rx`` in ``text``, in order,
    with inner whitespace collapsed; () when there is no pattern."""
    if rx is not None:  # only the alternatives that can match this text (same matches)
        rx = narrow(rx, text)
    if rx is None:
        return ()
    out: list[str] = []
    seen: set[str] = set()
    for m in rx.finditer(text):
        word = " ".join(m.group(0).split())
        if word and word.lower() not in seen:
            seen.add(word.lower())
            out.append(word)
    return tuple(out)


def is_lead_in(text: str) -> bool:
    """A clause that introduces a list ("Suppliers shall:", "We will not tolerate the following:")."""
    return bool(LEAD_IN.search(text))


def inherits_lead_in(text: str, kind: str = "sentence") -> bool:
    """Whether a clause looks like an item of a list (so it may inherit its lead-in's modality)."""
    if kind in ("bullet", "numbered"):
        return True
    stripped = text.lstrip()
    return bool(BULLET_START.match(stripped)) or (stripped[:1].islower())


@lru_cache(maxsize=256)
def _lead_in_words(
    lead_in: str,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Mandatory, aspirational, loophole and future words of a lead-in, read once for all the
    items of its list."""
    return (
        distinct_matches(MANDATORY, lead_in),
        hedges(lead_in),
        distinct_matches(LOOPHOLE, lead_in),
        distinct_matches(FUTURE, lead_in),
    )


def read_signals(
    text: str,
    heading: str | None = None,
    *,
    lead_in: str | None = None,
    kind: str = "sentence",
) -> Signals:
    """Read the strength signals of ``text`` (with its heading and list lead-in, if any).

    ``lead_in`` is the text of the clause that introduces the list this clause belongs to (e.g.
    "Suppliers shall:"); its mandatory or aspirational modality is inherited when the clause has
    none of its own.
    """
    mandatory = distinct_matches(MANDATORY, text)
    aspirational = hedges(text)
    # "must not be required to lodge" style loopholes are read before "required to".
    loophole = distinct_matches(LOOPHOLE, text)
    future = distinct_matches(FUTURE, text)
    absence = distinct_matches(ABSENCE, text)
    notes: list[str] = []
    inherited = False
    if lead_in and not mandatory and not aspirational:
        lead_mand, lead_asp, lead_loop, lead_fut = _lead_in_words(lead_in)
        if lead_mand or lead_asp:
            inherited = True
            mandatory = lead_mand
            aspirational = lead_asp
            notes.append(f"inherits the modality of its lead-in ({_short(lead_in)})")
        if lead_loop:
            loophole = loophole + lead_loop
        if lead_fut and not future:
            future = lead_fut
    definition = bool(DEFINITION.search(text)) or bool(
        heading and DEFINITION_HEADING.search(heading) and not mandatory
    )
    statistic = bool(STATISTIC.search(text)) and not mandatory
    words = len(text.split())
    # a heading: ingestion says so, or a short unpunctuated title-like line that neither
    # introduces a list nor signs the document off; or a numbered title with a full stop
    title_like = (
        words <= 8
        and not mandatory
        and not aspirational
        and bool(HEADINGISH.match(text.strip()))
        and not text.rstrip().endswith((";", ",", "."))
    )
    numbered_title = (
        kind != "bullet" and not mandatory and not aspirational and bool(NUMBERED_TITLE.match(text))
    )
    heading_like = (
        (kind == "heading" or title_like) and not lead_in and not is_sign_off(text)
    ) or numbered_title
    return Signals(
        mandatory=mandatory,
        aspirational=aspirational,
        loophole=loophole,
        future=future,
        absence=absence,
        scope=distinct_matches(SCOPE, text),
        specific=distinct_matches(SPECIFIC, text),
        mechanism=_mechanisms(text),
        past_action=distinct_matches(PAST_ACTION, text),
        law_only=_law_only(text),
        finding=distinct_matches(FINDING, text),
        definition=definition,
        cites_instrument=definition and bool(INSTRUMENT.search(text)),
        statistic=statistic,
        background=bool(BACKGROUND.search(text)),
        third_party=bool(THIRD_PARTY.search(text)),
        heading_like=heading_like,
        inherited=inherited,
        figures=len(FIGURES.findall(NUMBERING.sub("", text, count=1))),
        words=words,
        table_rows=len(TABLE_ROW.findall(text)),
        notes=tuple(notes),
    )


def _law_only(text: str) -> tuple[str, ...]:
    """Words that tie the requirement to the law alone (none if it sets a higher floor)."""
    found = distinct_matches(LAW_ONLY, text)
    return () if found and ABOVE_LAW.search(text) else found


def _mechanisms(text: str) -> tuple[str, ...]:
    """Mechanism words, without a repayment the clause prohibits."""
    found = distinct_matches(MECHANISM, text)
    if found and (negated := {m.group(1).lower() for m in NEGATED_MECHANISM.finditer(text)}):
        found = tuple(w for w in found if w.lower() not in negated)
    return found


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _q(words: tuple[str, ...], n: int = 3) -> str:
    return ", ".join(f'"{w}"' for w in words[:n])


def rule_level(
    signals: Signals,
    strong: tuple[str, ...] = (),
    weak: tuple[str, ...] = (),
    topic: tuple[str, ...] = (),
    *,
    generic_raisers: bool = True,
    lacks_element: bool = False,
    practice: bool = False,
    named: tuple[str, ...] = (),
) -> tuple[int, list[str]]:
    """Grade a clause already known to be about a criterion: level 0-3 and the reasons.

    ``strong``/``weak`` are the criterion's own strong and weak cue matches in this clause;
    ``topic`` its topic cue matches: a specific term that is the criterion's own topic (a ban on
    passport retention naming "passports") does not count as extra specificity.
    ``generic_raisers=False`` (a clause found without any topic cue of the criterion) lets only
    the criterion's own strong cue raise it to 3: its mechanisms, scope and figures may belong
    to another topic of the clause. ``lacks_element``: the criterion's rubric names the elements
    a commitment requires (``cues.commitment``) and the clause names none of them.
    ``practice``: the criterion is a practice workers must not suffer (its
    theme is marked ``practice`` in the rubric), so a reported finding of a breach of it is a
    mention at most. ``named``: what the clause names of the criterion's ``cues.named`` list,
    whose mere naming meets the commitment level (a specific international instrument): such
    a clause is a commitment even when hedged, a definition, or deferring to the law.
    Policy (documented in docs/engine.md):

    - definitions, statistics/background, explicit absences and headings: 0 (not evidence);
    - mandatory modality (own or inherited from a list lead-in), or a concrete past action with
      figures, makes a commitment (2); otherwise a mention (1);
    - a commitment rises to 3 with a strong cue of the criterion, or with two of mechanism /
      scope breadth / specificity (two distinct mechanisms count as two);
    - a loophole, the criterion's weak cue, a duty that only restates the law, a future or
      conditional intention, hedged (aspirational-only) wording, the lack of every element a
      commitment to the criterion requires, a sentence about what other countries or companies
      do or must do, or (for a practice criterion) a reported finding of a breach caps the
      level at 1.
    """
    why: list[str] = list(signals.notes)
    # naming is the commitment, unless it is a plan or about what others do
    names = named if not (signals.future or signals.third_party) else ()
    if signals.definition:
        if names:
            return 2, [*why, f"a definition that {_naming(names)}"]
        if signals.cites_instrument:  # the instrument it is tied to is itself a mention
            return 1, [*why, "a definition citing an international instrument: a mention"]
        return 0, [*why, "a definition, not a commitment"]
    if signals.statistic:
        return 0, [*why, "statistics or background, not a commitment"]
    if signals.absence:
        return 0, [*why, f"states an absence ({_q(signals.absence)}), which is not evidence"]
    if signals.heading_like:
        return 0, [*why, "a heading only"]
    outcome = reports_outcome(signals)
    concrete = bool(signals.scope or signals.mechanism or signals.specific or signals.figures)
    if signals.mandatory and not (signals.aspirational and not _strong_mandatory(signals)):
        level = 2
        why.append(f"mandatory wording ({_q(signals.mandatory)})")
    elif outcome:
        level = 2
        why.append(f"reports a concrete action with figures ({_q(signals.past_action)})")
    elif (
        not signals.aspirational
        and not signals.future
        and not signals.background
        and (concrete or signals.past_action or signals.words >= DECLARATIVE_WORDS)
    ):
        level = 2
        why.append("a concrete statement of practice (no hedging)")
    else:
        level = 1
        if signals.aspirational:
            why.append(f"hedged or aspirational wording ({_q(signals.aspirational)})")
        elif signals.background and not signals.future:
            why.append("describes the risk, the law or what others do, not a practice of its own")
        else:
            why.append("names the topic only in general terms")
    if names and level < 2:
        level = 2
        why.append(_naming(names))
    specific = _specific(signals, topic)
    flattened_table = _flattened_table(signals)
    if flattened_table:
        why.append("reads like a flattened table; not raised to best practice")
    # generic raisers: mechanism, scope breadth and specifics other than the topic's own words
    # two distinct mechanisms ("at least twice a year without prior notice") count as two
    raisers = (
        sum(map(bool, (signals.mechanism, signals.scope, specific))) + (len(signals.mechanism) >= 2)
        if generic_raisers
        else 0
    )
    if level == 2 and not flattened_table and (strong or raisers >= 2):
        level = 3
        parts = []
        if strong:
            parts.append(f"best-practice cue {_q(strong)}")
        if signals.mechanism:
            parts.append(f"mechanism {_q(signals.mechanism)}")
        if signals.scope:
            parts.append(f"scope {_q(signals.scope)}")
        if specific:
            parts.append(f"specifics {_q(specific)}")
        why.append("raised to 3 by " + "; ".join(parts))
    caps = criterion_caps(signals, weak, lacks_element=lacks_element, practice=practice)
    if signals.loophole and not names:
        caps.append(f"loophole ({_q(signals.loophole)})")
    if signals.law_only and not names:
        caps.append(f"only restates the law ({_q(signals.law_only)})")
    if signals.future and not signals.past_action:
        caps.append(f"future or conditional intention ({_q(signals.future)})")
    if signals.third_party:
        caps.append("describes what other countries or companies do or must do")
    if caps and level > 1:
        level = 1
        why.append("capped at 1 by " + "; ".join(caps))
    elif caps:
        why.append("also: " + "; ".join(caps))
    return level, why


def _naming(names: tuple[str, ...]) -> str:
    """The reason given when naming an instrument makes the commitment (``cues.named``)."""
    return f"names {_q(names)}, which is itself the commitment for this criterion"


def criterion_caps(
    signals: Signals,
    weak: tuple[str, ...] = (),
    *,
    lacks_element: bool = False,
    practice: bool = False,
) -> list[str]:
    """Why the criterion's own reading caps a clause at 1 (empty: it does not): its weak cue,
    none of the elements a commitment requires, or a reported finding of a breach of a practice
    criterion. The one definition behind :func:`rule_level` and ``CueHit.caps``."""
    caps: list[str] = []
    # a reported outcome ("In 2024 we repaid US$1.2 million to 310 workers") shows the practice
    # at work even where it does not restate the element
    if lacks_element and not reports_outcome(signals):
        caps.append("names none of the elements a commitment to this criterion requires")
    if weak:
        caps.append(f"weak wording for this criterion ({_q(weak)})")
    if practice and signals.finding:
        caps.append(f"reports a finding ({_q(signals.finding)}), not a commitment on the practice")
    return caps


def reports_outcome(signals: Signals) -> bool:
    """A concrete past action with figures ("In 2024 we audited 212 factories"), not a plan."""
    return bool(signals.past_action) and signals.figures >= 1 and not signals.future


def _specific(signals: Signals, topic: tuple[str, ...]) -> tuple[str, ...]:
    """Specific terms that are not the criterion's own topic words, nor part of a mechanism
    already counted ("within 30 days" is one raiser, not a mechanism plus "30 days")."""
    taken = [t.lower() for t in (*topic, *signals.mechanism)]
    return tuple(
        w for w in signals.specific if not any(w.lower() in t or t in w.lower() for t in taken)
    )


def _flattened_table(signals: Signals) -> bool:
    """A flattened table (many numbers, few words per number) mixes unrelated cells: its
    numbers and terms do not make one clause best practice."""
    return signals.figures >= 8 and (signals.words < 3 * signals.figures or signals.table_rows >= 3)


def _strong_mandatory(signals: Signals) -> bool:
    """Mandatory words that outweigh a stray hedge ("must ... where possible" and "we prefer to
    use agencies that do not charge fees" stay hedged)."""
    hard = [
        w
        for w in signals.mandatory
        if w.lower().split()[0] in ("shall", "must", "never", "zero", "under", "in")
        or "prohibit" in w.lower()
        or "not" in w.lower()
    ]
    hedged = [w for w in signals.aspirational if w.lower() != "may"]
    return bool(hard) and not any(
        h.lower().startswith(("where", "as far", "reasonable", "best", "prefer", "work to"))
        for h in hedged
    )


def feature_tokens(signals: Signals, strong: bool = False, weak: bool = False) -> list[str]:
    """Signals as a bag of tokens (``g_mandatory``, ``g_scope``...) for the level model."""
    toks: list[str] = []
    for name in (
        "mandatory",
        "aspirational",
        "loophole",
        "future",
        "absence",
        "scope",
        "specific",
        "mechanism",
        "past_action",
        "law_only",
    ):
        found: tuple[str, ...] = getattr(signals, name)
        if found:
            toks.append(f"g_{name}")
            if len(found) >= 2:
                toks.append(f"g_{name}_2")
    for name in ("definition", "statistic", "heading_like", "inherited"):
        if getattr(signals, name):
            toks.append(f"g_{name}")
    if signals.figures:
        toks.append("g_figures")
    if strong:
        toks.append("g_strongcue")
    if weak:
        toks.append("g_weakcue")
    toks.append("g_len_" + ("s" if signals.words < 12 else "m" if signals.words < 30 else "l"))
    return toks
