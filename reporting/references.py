"""The works a report cites, by author and year, and its bibliography.

Report text cites a work the way a paper does -- "Woods & McCollam 2002",
"Secker, Davies & Howell 2000" -- never by a file name. Each entry of
:data:`BIBLIOGRAPHY` says how it is cited and the forms its methods are known
by in the text ("Gould-Fernandez roles", "Burt's constraint"); :func:`cited`
finds the works a report's text mentions, in order of first mention, so the
HTML and Markdown renderers can end the report with its references.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Work:
    """A cited work: how it is cited, the full reference, other forms that mention it."""

    citation: str
    reference: str
    mentions: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        """An HTML id for the work's entry: ``ref-woods-mccollam-2002``."""
        return "ref-" + re.sub(r"[^a-z0-9]+", "-", self.citation.lower()).strip("-")


BIBLIOGRAPHY: tuple[Work, ...] = (
    Work("Secker, Davies & Howell 2000",
         "Secker, J., Davies, P. & Howell, V. (2000). Joint commissioning for mental health "
         "services between primary health care and social care in Wales. Primary Health Care "
         "Research and Development. London: Arnold.",
         ("Secker et al. 2000",)),
    Work("Woods & McCollam 2002",
         "Woods, K. & McCollam, A. (2002). Progress in the development of integrated mental "
         "health care in Scotland. Glasgow: University of Glasgow and Scottish Development "
         "Centre for Mental Health."),
    Work("Poxton 1999",
         "Poxton, R. (1999). Partnerships in Primary and Social Care: Integrating services "
         "for vulnerable people. London: King's Fund."),
    Work("Gould & Fernandez 1989",
         "Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach "
         "to brokerage in transaction networks. Sociological Methodology, 19, 89-126.",
         ("Gould-Fernandez", "Gould–Fernandez", "sna::brokerage")),
    Work("Burt 1992",
         "Burt, R. S. (1992). Structural Holes: The Social Structure of Competition. "
         "Cambridge, MA: Harvard University Press.",
         ("Burt's constraint", "structural holes")),
    Work("Freeman 1977",
         "Freeman, L. C. (1977). A set of measures of centrality based on betweenness. "
         "Sociometry, 40(1), 35-41.",
         ("Betweenness centrality",)),
    Work("Brandes & Pich 2007",
         "Brandes, U. & Pich, C. (2007). Centrality estimation in large networks. "
         "International Journal of Bifurcation and Chaos, 17(7), 2303-2318.",
         ("estimated from",)),
    Work("Borgatti & Everett 1999",
         "Borgatti, S. P. & Everett, M. G. (1999). Models of core/periphery structures. "
         "Social Networks, 21(4), 375-395."),
    Work("Hopcroft & Tarjan 1973",
         "Hopcroft, J. & Tarjan, R. (1973). Algorithm 447: efficient algorithms for graph "
         "manipulation. Communications of the ACM, 16(6), 372-378.",
         ("splits the network",)),
    Work("Krackhardt & Stern 1988",
         "Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises: "
         "an experimental simulation. Social Psychology Quarterly, 51(2), 123-140.",
         ("E-I index",)),
    Work("Newman 2003",
         "Newman, M. E. J. (2003). Mixing patterns in networks. Physical Review E, 67, "
         "026126.",
         ("assortativity",)),
    Work("Frey et al. 2006",
         "Frey, B. B., Lohmeier, J. H., Lee, S. W. & Tollefson, N. (2006). Measuring "
         "collaboration among grant partners. American Journal of Evaluation, 27(3), 383-392.",
         ("Levels of Collaboration",)),
    Work("Varda et al. 2008",
         "Varda, D. M., Chandra, A., Stern, S. A. & Lurie, N. (2008). Core dimensions of "
         "connectivity in public health collaboratives. Journal of Public Health Management "
         "and Practice, 14(5), E1-E7.",
         ("PARTNER",)),
    Work("Barrat et al. 2004",
         "Barrat, A., Barthelemy, M., Pastor-Satorras, R. & Vespignani, A. (2004). The "
         "architecture of complex weighted networks. Proceedings of the National Academy of "
         "Sciences, 101(11), 3747-3752."),
    Work("Squartini et al. 2013",
         "Squartini, T., Picciolo, F., Ruzzenenti, F. & Garlaschelli, D. (2013). Reciprocity "
         "of weighted networks. Scientific Reports, 3, 2729.",
         ("weighted reciprocity",)),
    Work("Breiger 1974",
         "Breiger, R. L. (1974). The duality of persons and groups. Social Forces, 53(2), "
         "181-190.",
         ("projection of the two-mode data", "two-mode degree")),
)


#: A citation of two or more authors in report text: "Woods & McCollam 2002".
CITATION = re.compile(r"(?:[A-Z][\w'-]+, )*[A-Z][\w'-]+ (?:& [A-Z][\w'-]+|et al\.) "
                      r"(?:19|20)\d\d")


def uncited(texts: Iterable[str], works: Iterable[Work] = BIBLIOGRAPHY) -> list[str]:
    """Citations in ``texts`` (two or more authors) that the bibliography lacks."""
    known = {form for work in works for form in (work.citation, *work.mentions)}
    return sorted({m.group(0) for text in texts for m in CITATION.finditer(text)} - known)


def cited(texts: Iterable[str], works: Iterable[Work] = BIBLIOGRAPHY) -> list[Work]:
    """The works mentioned in ``texts`` (by citation or a known form), first mention first."""
    text = "\n".join(texts).lower()
    found = []
    for work in works:
        positions = [text.find(form.lower()) for form in (work.citation, *work.mentions)]
        positions = [p for p in positions if p >= 0]
        if positions:
            found.append((min(positions), work))
    return [work for _, work in sorted(found, key=lambda pair: pair[0])]


def document_texts(report: dict) -> list[str]:
    """Every piece of prose of a report document: headlines, titles, descriptions."""
    texts = list(report.get("headlines", []))
    for section in report.get("sections", []):
        texts.append(section.get("title", ""))
        texts += [t.get("title", "") + " " + t.get("description", "")
                  for t in section.get("tables", [])]
        texts += [c.get("title", "") for c in section.get("charts", [])]
    return texts
