"""Method page: the rubric, the frameworks behind each criterion, and the limits."""

from __future__ import annotations

import streamlit as st

from analyzer import views
from app_pages import state

rubric = state.rubric()

st.title("Method")
st.markdown(
    f"""
CoC Analyzer reads a document, splits it into clauses (sentences, bullets, numbered clauses,
table rows) and, for each of the rubric's **{len(rubric.criteria)} criteria** in
**{len(rubric.themes)} themes**, finds the clauses that address it (the rubric's cue phrases and
patterns, plus a trained classifier when one is installed). It then grades the criterion:

| Level | Meaning |
|---|---|
| 0 Absent | nothing in the document addresses it |
| 1 Mention | it is named, but only as an aspiration, with hedging or with a loophole |
| 2 Commitment | a specific, mandatory commitment |
| 3 Best practice | a commitment plus a mechanism: scope to sub-tiers and agents, verification, remedy |

Scores run from 0 to 100: each criterion contributes its level out of 3, weighted by its base
weight (core criteria 3, others 1 or 2). A **theme score** averages the theme's criteria, the
**overall score** all criteria that apply. **Sector suitability** also multiplies each weight by
the sector's multiplier (critical x2, elevated x1.5). A sector's **must-have** is *missing* when
it is below level 2 (a firm commitment). The **target level** of a criterion is best practice
(3) when it is critical in the sector or a must-have, commitment (2) otherwise, and the
**priority** of a gap is base weight x sector multiplier x the number of levels missing to reach
the target. Sector-specific criteria count only in the sectors that list them.

Rubric version {views.safe_text(rubric.version)}, content hash `{rubric.short_hash}`.
"""
)

st.subheader("Criteria by theme")
for theme in rubric.themes:
    criteria = rubric.criteria_in_theme(theme.id)
    st.markdown(f"#### {theme.title}")
    st.caption(theme.description)
    for c in criteria:
        with st.expander(f"{c.title} ({', '.join(views.criterion_tags(c))})"):
            st.markdown(c.description)
            st.markdown(
                "\n".join(
                    f"- **{i} {views.level_label(i)}**: {c.levels.describe(i)}" for i in range(4)
                )
            )
            st.markdown(f"**Frameworks:** {views.frameworks_text(c)}")

st.subheader("All criteria at a glance")
st.dataframe(
    views.rubric_rows(rubric),
    hide_index=True,
    column_order=["Theme", "Criterion", "Weight", "Core", "Sector-specific", "Frameworks"],
    key="method_table",
)

st.subheader("Legal checklists")
for fw in rubric.legal:
    with st.expander(f"{fw.label} ({fw.jurisdiction})"):
        st.caption(fw.citation)
        st.markdown(
            "\n".join(
                f"- **{e.ref}** {e.label}: covered when "
                f"{'all' if e.rule == 'all' else 'any'} of "
                + ", ".join(rubric.criterion(cid).title for cid in e.criteria)
                + f" reach level {e.min_level}"
                for e in fw.elements
            )
        )

st.subheader("Limits of the analysis")
st.markdown(
    """
- **It reads words, not practice.** A strong code can sit beside poor conditions in the supply
  chain. Use the results to improve the policy and to ask questions, not as proof of
  compliance or of what happens on the ground.
- **It is not legal advice.** The legal checklists show which elements of each law the policy
  text touches; they do not say whether a statement or programme complies.
- **Evidence can be missed or misread.** Unusual wording, content in tables or images,
  scanned pages read with OCR, and text in languages other than English lower the accuracy.
  Every level comes with the clauses behind it: check them.
- **Cross-references are not followed.** If the code points to a separate policy (for example
  a responsible recruitment policy), that policy must be uploaded too.
- **Scores depend on the rubric.** The rubric version and hash are recorded in every analysis
  so results can be reproduced and compared like for like.
"""
)
