"""Gradings: which element or adaptation a sentence grades, at which grade, by whom and when.

Items are recognised against the task force's concept scheme (`therapykg/ontology/graded_items.ttl`,
read by `scheme`): every label and spelling of every graded element and adaptation. A grade binds
to items only through a grading construction inside one clause, found from closed lists of
function words, never from commas alone:

    passive / copular   "X and Y were rated P", "X was judged to be P", "X earned a rating of P",
                        "X landed in the P tier", "X qualified as P", "X is a P element"
    relative            "X, which the 2011 task force rated P", "X, which was deemed P"
    active              "the task force rated X (as) P", "placed X in the P category"
    gapped              "… were rated P, Z Q" / "… rated X P and Y Q" (after a verb construction)
    grade first         "Rated P were X; Y; and Z", "Among the P elements were X", "Judged P: X"
    parenthesis         "X (P)", "X (rated P)"
    appositive          "X, a P element, …", "X and Y, both rated P in 2019, …"
    anaphora            "X and Y were reviewed …, and both were rated P" (counts must agree)
    coordinated         "X was treated as an adaptation and judged P"

An item list is a run of scheme labels joined only by list words (`,` `and` `or` `to` `the` …);
any other word ends it. A run whose first item follows a preposition ("the emphasis on empathy")
is a modifier, not the subject, and binds nothing; a contrast word ("unlike", "rather than",
"independently of", "not") hides the phrase it opens, and so do a condition, a question or a
doubted or reported opinion ("if", "whether", "critics doubt that"). A grade given by anyone
but a task force (NICE, Division 12, a study) grades nothing. An item outside the scheme is kept
only as the sole subject of a passive grading verb whose agent is a task force.

Faithful by construction: every item comes from words of the sentence (a scheme label or, in the
one strict case, the subject as written) and every grade from a grade phrase of the sentence.
When a construction is unclear, no grading is made; the sentence itself is kept as a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from therapykg.loaders import scheme
from therapykg.loaders.facts import Node
from therapykg.loaders.grading_units import (
    KIND_NOUN_AFTER,
    STUDY_RE,
    STUDY_WORDS,
    later_grades,
    unit_bindings,
)
from therapykg.loaders.lexicon import (
    ADAPTATION_ALIASES,
    ADAPTING_RE,
    ELEMENT_ALIASES,
    FORMAT_HEADS,
    FORMAT_MODIFIERS,
    FORMAT_WORDS,
    GRADE_PHRASES,
    GRADE_RE,
    GRADING_VERBS,
    ORG_HEAD_WORDS,
    ORG_HEADS,
    ORG_NOISE_WORDS,
    POPULATION_WORDS,
    grade_of,
    may_contain,
    may_name_grade,
)
from therapykg.ontology.iri import slugify

# --------------------------------------------------------------------------------------------
# Closed word lists (function words and grading verbs)
# --------------------------------------------------------------------------------------------

_BE = (
    r"(?:is|are|was|were|has\s+been|have\s+been|had\s+been|be|being|been|remains?|remained"
    r"|became|becomes?|(?:has|have|had)\s+become)"
)
_ADV = (
    r"(?:(?:also|both|all|each|jointly|together|consistently|likewise|similarly|again|later"
    r"|subsequently|ultimately|eventually|initially|originally|then|still|now|formally|explicitly"
    r"|collectively|previously|already|once|themselves|itself|in\s+turn|in\s+\d{4}|only|merely"
    r"|just|indeed|in\s+fact|nonetheless|nevertheless|however|thus|therefore"
    # "was, in that edition, P" (its commas dropped by `_SET_OFF_AFTER_BE`)
    r"|in\s+(?:that|this|the|its|their)\s+(?:same\s+|(?:19|20)\d\d\s+|first\s+|second\s+|third\s+)?"
    r"(?:edition|report|volume|review|round|update)"
    r"|(?!(?:hardly|barely|scarcely|rarely|seldom|only|partly|partially|arguably|supposedly"
    r"|allegedly|reportedly)\b)[a-z]+ly)\s+)*"
)
_RATING_NOUN = r"(?:rating|grade|designation|classification|label|verdict|status|ranking|category)"
_PASSIVE_VERB = (
    r"(?:rated|judged|adjudged|deemed|classed|classified|categori[sz]ed|graded|designated|considered"
    r"|regarded\s+as|treated\s+as|seen\s+as|viewed\s+as|label(?:l)?ed(?:\s+as)?|listed\s+(?:as|among\s+the)|ranked(?:\s+as)?"
    r"|counted\s+(?:as|among\s+the)|assessed\s+as|evaluated\s+as|scored\s+as|certified\s+as"
    r"|placed\s+(?:in|into|among|within|under)\s+the|put\s+(?:in|into|among)\s+the"
    r"|(?:assigned|allocated|consigned|relegated|promoted|admitted)\s+to\s+the"
    r"|found(?:\s+to\s+be)?|shown\s+to\s+be|judged\s+to\s+be|declared|pronounced"
    r"|(?:left|kept)\s+at(?:\s+the)?"
    r"|(?:thought|held|reckoned)\s+to\s+be"
    r"|(?:recogni[sz]ed|acknowledged|identified|confirmed|established|singled\s+out|supported"
    r"|endorsed|characteri[sz]ed)\s+as"
    r"|(?:upgraded|downgraded|raised|lowered|moved|promoted|demoted|elevated|restored|returned"
    r"|reinstated|bumped|lifted)(?:\s+(?:up|down|back))?(?:\s+in\s+(?:19|20)\d\d)?\s+to"
    rf"|(?:given|assigned|awarded|granted)\s+(?:a|an|the)\s+{_RATING_NOUN}(?:\s+of)?)"
)
_RATING_AFTER = (  # "achieved a P rating": the rating noun comes after the grade
    r"(?P<rating_after>(?:(?:was|were|is|are|has\s+been|have\s+been|has|have|had)\s+)?(?:earned|earns|earn"
    r"|received|receives|receive|achieved|achieves|got|gets|attained|obtained|gained|holds|held"
    r"|carries|carried|retained|kept|secured|given|assigned|awarded|granted|merited|merits"
    r"|warranted|warrants|deserved|deserves|won|wins|drew|draws|reached|reaches|reach)\s+"
    r"(?:(?:only|merely|just|also|again)\s+)?(?:a|an|the)?)"
)
_INTRANSITIVE = (
    rf"(?:(?:earned|earns|earn|received|receives|receive|got|gets|achieved|achieves|attained"
    rf"|obtained|gained|holds|held|hold|carries|carried|carry|retained|kept|secured)\s+"
    rf"(?:(?:only|merely|just|also|again|still)\s+)?(?:a|an|the)\s+{_RATING_NOUN}(?:\s+(?:of|as))?"
    r"|(?:qualified|qualifies|qualify|came\s+out|comes\s+out|come\s+out|emerged|emerges|emerge"
    r"|counts|counted|count|ranks|ranked|rank|stands|stood|stand|features|featured|feature"
    r"|registered|registers|scored|scores)\s+as"
    r"|(?:landed|lands|land|fell|falls|fall|sits|sat|sit|belongs|belonged|belong|ended\s+up"
    r"|ranks|ranked|rank|counts|counted|stands|stood|features|featured"
    r"|ends\s+up|end\s+up|appears|appeared|appear|went|goes|go|came\s+out|comes\s+out)\s+"
    r"(?:in|into|among|within|under"
    r"|to)\s+(?:the|its|their)"
    r"|(?:made|makes|make)\s+the"
    # "stayed at the P level", "were left at P", "scraped in at 'P'"
    r"|(?:stayed|stays|stay|remained|remains|remain|left|sat|sits|stood|stands|rested|rests"
    r"|(?:scraped|squeezed|came|comes)\s+in)\s+at(?:\s+(?:the|a))?"
    # a grade as the verb's complement: "came out P", "ended up P", "scored P"
    r"|(?:(?:came|comes|come|turned|turns|turn)\s+out(?:\s+(?:as|to\s+be))?|(?:ended|ends|end"
    r"|wound)\s+up(?:\s+as)?|scored|scores)(?:\s+(?:only|merely|just|still))?"
    # a change of grade: "moved up to P", "rose to P", "dropped back to P"
    r"|(?:moved|moves|rose|rises|risen|climbed|climbs|jumped|jumps|advanced|advances|dropped|drops"
    r"|slipped|slips|fell|falls|returned|returns|went|shifted|shifts|progressed|progresses"
    r"|graduated)\s+(?:(?:up|down|back)\s+)?to)"
)
_AGENT = r"(?:\s+by\s+[^,;:()]{1,80}?)?"
# A noun naming what kind of thing an item is ("an adaptation", "a relationship element").
_KIND_NOUN = (
    r"(?:(?:relationship|therapy|therapeutic|responsiveness|task[\s-]force)\s+)?"
    r"(?:elements?|adaptations?|factors?|methods?|practices?|ingredients?|components?)"
)
_ITEM_NOUNS = (
    r"(?:(?:relationship\s+|therapy\s+|therapeutic\s+|responsiveness\s+)?(?:elements?|adaptations?"
    r"|factors?|items?|ones)|category|tier|group|class|list|column|band|bin)"
)
# The task force as the agent of a clause, and the verbs it grades with.
_PANEL = (
    r"(?:the\s+|its\s+|that\s+|[A-Z][\w-]+(?:\s+and\s+[A-Z][\w-]+)?['’]s\s+)?"  # "Norcross's"
    r"(?:(?:2002|2011|2019|first|second|third|interdivisional|APA|responsiveness|relationship)\s+)*"
    r"(?:task[\s-]force|panel|authors\s+of\s+the\s+(?:2002|2011|2019)\s+report"
    # "Norcross and Wampold's 2019 responsiveness volume": the task force's published work
    r"|(?<=(?:2002|2011|2019)\s)(?:responsiveness\s+|relationship\s+)?(?:volume|report|edition))"
)
_PANEL_VERB = (
    r"(?:rated|judged|deemed|classed|classified|categori[sz]ed|graded|designated|considered"
    r"|labell?ed|found|called|termed|named)(?:\s+(?:as|to\s+be))?"
)
_LINK = re.compile(  # starts at a word, a comma or a colon (never inside a word): fewer tries
    rf"(?:(?<![\w’'\-])(?=\w)|(?=[,:]))(?P<rel>,?\s*(?:which|that|who)\s+)?"
    rf"\b(?:{_ADV}(?:{_BE}\s+{_ADV}{_PASSIVE_VERB}{_AGENT}(?:\s+in\s+\d{{4}})?(?:\s+(?:as|to\s+be))?"
    r"(?:\s+(?:only|merely|just|still|now|already))?"
    r"(?P<enough>\s+(?:strong|sufficient|robust|solid|good)\s+enough\s+(?:for|to\s+(?:warrant|earn"
    r"|merit|justify|support))\s+(?:a|an|the))?"
    rf"|(?:(?:{_BE}|has|have|had)\s+{_ADV})?{_INTRANSITIVE}|{_RATING_AFTER}"
    rf"|{_BE}\s+{_ADV}(?:one\s+of|among)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{_ITEM_NOUNS}\s+"
    rf"(?:(?:(?:that|which)\s+(?:were|was|are|is|have\s+been)\s+)?{_PASSIVE_VERB}(?:\s+as)?"
    # "one of the adaptations (that) the task force deemed P": a reduced relative, its agent
    rf"|(?:(?:that|which)\s+)?{_PANEL}(?:\s*,\s*in\s+(?:19|20)\d\d\s*,)?\s+(?:had\s+|has\s+|have\s+)?"
    rf"{_ADV}{_PANEL_VERB})"
    rf"|{_BE}\s+{_ADV}an?\s+{_KIND_NOUN}\s+(?:(?:that|which)\s+(?:were|was|are|is|has\s+been"
    rf"|have\s+been)\s+)?{_PASSIVE_VERB}{_AGENT}(?:\s+(?:as|to\s+be))?"
    rf"|(?P<copular>{_BE}(?:\s+{_ADV}(?:(?:in|among|within|under|into)\s+the)?)?))"
    rf"|(?P<colon>:\s*(?:(?:both|all|each|also)\s+)?))"
    rf"\s*(?:\b(?:an?|the|one\s+of(?:\s+the)?(?:\s+(?:two|three|four|five|six|seven|eight|nine))?"
    r"|among\s+the)\s+)?"
    # "carries the task force's strongest rating", "earned the 2019 panel's P rating"
    r"(?:(?:(?:2002|2011|2019|first|second|third)\s+)?(?:task[\s-]force|panel|report)(?:['’]s|['’])"
    r"\s+)?[\"“‘']?$",
    re.IGNORECASE,
)
# After a grade that only a copula or a colon links to its items: the clause ends, or the grade
# modifies an item noun, or an agent, year or edition follows.
_ANY_GRADE_LOOK = r"(?:(?:demonstrably|probably)[\s-]+effective|promising)"
# The setting a grade is given for, between the grade and the copula's tail: "… demonstrably
# effective in group therapy since 2002", "… with young clients, per the 2019 volume".
_SETTING = (
    r"(?:\s+(?:in|for|with|among)\s+(?:the\s+|an?\s+)?(?:[\w’'-]+\s+){0,4}?"
    r"(?:therapy|therapies|psychotherapy|psychotherapies|treatment|counsell?ing|settings?|groups?"
    r"|clients?|patients?|youth|young\s+people|children|adolescents|adults|couples|families))?"
)
_COPULAR_AFTER = re.compile(
    # "… again in the 2019 volume", "… once more in 2019."
    r"^" + _SETTING + r"(?:\s+(?:again|also|too|still|likewise|once\s+more)\b)?"
    r"(?:\s*$|\s*[.,;:)\]\"”’'—–(\[]|\s+(?:according\s+to|by|per|in\s+\d{4}"
    # "X and Y were P and Z Q": another grade follows in the clause
    rf"|and\s+(?=[^,;.]{{0,60}}?{_ANY_GRADE_LOOK})"
    r"|(?:when|once|after)(?=\s[^,;.]*(?:task[\s-]force|panel|report|edition|conclusions|review))"
    # "… as an adaptation": the task force's own kind
    r"|as\s+(?:an?\s+)?(?:(?:relationship|responsiveness)\s+)?(?:element|adaptation)s?\b"
    # "in the 2019 volume", "in Norcross and Lambert's third edition"
    r"|in\s+(?:both\s+)?(?:the|its|their|each|every|all|[A-Z][\w’'-]+(?:\s+(?:and|&)\s+[A-Z][\w’'-]+)?[’']s?)"
    r"\s+[^,;:.]*?(?:conclusions|edition|report|review|volumes?|classification|summary|round"
    r"|update|ratings|grading|scheme|reckoning|verdicts?|judge?ment|estimation|assessment)"
    # "… P on the 2002 list", "… on the task force's scale"
    r"|on\s+(?:the|its|their|each|every)\s+[^,;:.]*?(?:list|tier|scale|ladder|ranking)"
    r"|since|across|for\s+(?:all|every)"
    # "… P for the second task force (and Q for the third)": in its judgement
    r"|for\s+(?:the|its)\s+(?:(?:19|20)\d\d\s+|first\s+|second\s+|third\s+)?(?:(?:APA|interdivisional)\s+)?"
    r"(?:task[\s-]force|panel|edition|report|volume)\b"
    r"|for\s+the\s+(?:first|second|third)\s*(?=[.;,)]|$)"
    r"|(?:relationship\s+|therapy\s+|therapeutic\s+|responsiveness\s+)?(?:elements?|adaptations?"
    r"|factors?|items?|methods?|practices?|bas[ie]s\s+for\s+(?:adapting|tailoring|matching"
    r"|customi[sz]ing|adjusting)|tier|category|group|class|list|ratings?|grades?"
    r"|designations?|labels?|findings?|bands?)\b))",
    re.IGNORECASE,
)
_ANY_GRADE = "(?:" + "|".join(pattern for _, pattern in GRADE_PHRASES) + ")"
# The rating noun after the grade, or after a second grade ("earned P and Q ratings, respectively").
_RATING_NOUN_AFTER = re.compile(
    rf"^[\"”’']?(?:\s+and\s+[\"“‘']?{_ANY_GRADE}[\"”’']?)?\s+{_RATING_NOUN}s?\b",
    re.IGNORECASE,
)
_ACTIVE_VERB = re.compile(
    r"\b(?:rated|rates|rate|judged|judges|judge|deemed|deems|deem|classed|classes|class"
    r"|classified|classifies|classify|categori[sz]ed|graded|grades|designated|designates"
    r"|considered|considers|regarded|regards|labell?ed|listed|lists|list|placed|places|put|puts"
    r"|ranked|ranks|counted|counts|found|finds|declared|declares|gave|gives|give|assigned|assigns"
    r"|awarded|awards|granted|grants|called|calls|call|termed|terms|recogni[sz]ed|recogni[sz]es"
    r"|identified|identifies|described|describes|describe|thought|thinks|reckoned|reckons|viewed"
    r"|views|adjudged|named|names|treated|treats"
    r"|pronounced|pronounces|certified|certifies"
    # a change of grade: "upgraded X to P", "moved X up to P"
    r"|upgraded|upgrades|downgraded|downgrades|raised|raises|lowered|lowers|moved|moves"
    r"|promoted|promotes|demoted|demotes|elevated|elevates|restored|restores|bumped|lifted|lifts"
    # a grade kept or left as it was: "kept X at the P level", "left X at P"
    r"|kept|keeps|left|leaves)\b",
    re.IGNORECASE,
)
_GLOSS = re.compile(r"\s*(?:[—–]\s*[^—–;:()]{1,100}?\s*[—–]|\([^()]{1,100}\))")
# Verbs anyone may use of an item ("Rogers called empathy P", "critics described X as P",
# "Rogers thought empathy P"):
# they grade only with the task force as their subject
_NAMING_VERBS = frozenset(
    [
        *("called", "calls", "call", "termed", "terms", "described", "describes", "describe"),
        *("thought", "thinks"),
        *("reckoned", "reckons", "viewed", "views", "pronounced", "pronounces"),
        *("kept", "keeps", "left", "leaves", "named", "names", "treated", "treats"),
    ]
)
_PANEL_SUBJECT = re.compile(
    r"task[\s-]force|panel|interdivisional|report|edition|review|conclusions|Norcross"
    r"|(?:19|20)\d\d",
    re.IGNORECASE,
)
_AFTER_OBJECT = re.compile(
    # "judged the religion and spirituality adaptation P": the item's kind after its name
    r"^(?:\s+(?:(?:relationship|responsiveness)\s+)?(?:element|adaptation)s?\b)?"
    rf"\s*,?\s*(?:(?:together|jointly|both|all|each|also|collectively|up|down|back)\s+)?"
    rf"(?:(?:only|merely|just)\s+)?"
    # "placed X and Y one step lower, at P"
    r"(?:(?:one|a|two)\s+(?:step|notch|rung|level|grade)s?\s+(?:lower|higher|down|up|below|above)"
    r"\s*,?\s*)?"
    rf"(?:(?:as|to\s+be|to|among|in|into|within|under|at)\s+)?(?:(?:an?|the|its|their)\s+)?"
    # "put X among the merely P items"
    rf"(?:(?<=among\sthe\s)(?:only|merely)\s+)?(?:{_RATING_NOUN}\s+(?:of\s+)?)?[\"“‘']?$",
    re.IGNORECASE,
)
_RELATIVE_BEFORE_VERB = re.compile(
    r",?\s*\b(?:(?:both|all|each|either|neither)\s+of\s+)?(?:which|that|whom)"
    r"\s+(?P<subject>[^,;:()]{0,80}?)\s*$",
    re.IGNORECASE,
)
# The same clause with no relative pronoun, after an appositive of the item's kind.
_APPOSITIVE_BEFORE_VERB = re.compile(
    rf"(?P<mark>[,—–])\s*(?:an?|one|another|one\s+of\s+(?:the|only)\s+(?:(?:few|two|three|four|five|six|seven"
    rf"|eight|nine|handful\s+of)\s+)?)\s*{_KIND_NOUN}\s+(?:(?:which|that)\s+)?"
    r"(?P<subject>(?:the|a|an|its|their)\s[^,;:()]{0,80}?|reviewers|panel(?:ists)?)\s*$",
    re.IGNORECASE,
)
# A count before an item noun ("nine elements", "two relationship elements").
_COUNT = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
# "elements (that) the 2019 task force judged": a relative on an item noun, its grade next
_ITEMS_JUDGED = (
    r"(?:relationship\s+|relational\s+|responsiveness\s+)?(?:elements|adaptations|items|factors"
    r"|ones)\s+(?:(?:that|which)\s+)?"
    r"(?:(?:the\s+|its\s+)?(?:(?:19|20)\d\d\s+)?(?:task[\s-]force|panel|report|review|volume"
    r"|edition)\s+(?:had\s+|has\s+)?)?"
    r"(?:rated|judged|deemed|classed|classified|graded|considered|found|listed|placed|ranked"
    r"|counted|called|labell?ed)\s+(?:as\s+)?(?:(?:only|merely|just)\s+)?"
)
_INVERTED_BEFORE = re.compile(
    r"(?:^|[;:.(]\s*|,\s*|\b(?:and|while|whereas|but)\s+|^(?:in|by)\s+(?:19|20)\d\d,?\s+"
    rf"|\b(?:lists?|listed|names?|named|includes?|included|counts?|counted)\s+(?={_COUNT}\s)"
    # the two leads below may follow any word: they end in a colon list (checked after)
    rf"|\s(?=(?:{_COUNT}\s+)?(?:relationship\s+|relational\s+|responsiveness\s+)?(?:elements|adaptations)\s+(?:that|which)\s"
    r"|(?:reached|earned|received|got|won|achieved|attained)\s+(?:the|a|an)\s))[\"“‘']?"
    r"(?P<lead>(?:(?:rated|judged|deemed|classed|classified|categori[sz]ed|graded|designated"
    r"|considered|found|listed|placed|ranked|counted)\s+(?:as\s+)?)"
    r"|(?:among|in|into|within|under)\s+(?:the|its|their|(?:the\s+)?(?:19|20)\d\d['’]s"
    r"|the\s+(?:[\w-]+\s+){0,2}?(?:task[\s-]force|panel|report|review)['’]s)\s+"
    # "Among the elements (that the 2019 task force) judged P were X", "Of the elements the task
    # force deemed P, X is …": a reduced or full relative on the item noun, its grade first
    rf"|(?:among|of)\s+(?:the|its|their)\s+{_ITEMS_JUDGED}"
    r"|(?:the|its|their)\s+"
    # "… two relationship elements that the 2019 task force judged P: X and Y", "The elements
    # rated P in 2019 were X and Y"
    rf"|(?:(?:the|its|their)\s+)?(?:{_COUNT}\s+)?{_ITEMS_JUDGED}"
    # "Seven elements were P in 2019: X, Y, …": a counted list after a copula
    rf"|{_COUNT}\s+(?:relationship\s+|relational\s+|responsiveness\s+)?(?:elements|adaptations)\s+"
    r"(?:were|are)\s+(?:(?:all|only|each)\s+)?"
    # "Three elements … reached the top grade in 2019: X, Y and Z"
    r"|(?P<reached>(?:reached|earned|received|got|won|achieved|attained)\s+(?:the|a|an)\s+)"
    # "The 2011 task force's middle band held …": the task force's own list, a determiner
    r"|(?:the\s+)?(?:(?:19|20)\d\d\s+)?(?:task[\s-]force|panel|edition|report|volume)['’]s\s+"
    # "The 2019 task force's list of P elements includes X", "the list of P adaptations is …"
    r"|(?:the|its|their)\s+(?:(?:19|20)\d\d\s+)?(?:(?:[\w-]+\s+){0,2}?(?:task[\s-]force|panel"
    r"|edition|report|volume)['’]s\s+)?(?:list|roster|set|column|category|tier)\s+of\s+"
    # "The 2019 conclusions list nine P elements, among them X and Y"
    rf"|(?P<count>{_COUNT}\s+))?[\"“‘']?$",
    re.IGNORECASE,
)
_INVERTED_AFTER = re.compile(
    rf"^[\"”’']?\s*(?P<noun>(?:{_ITEM_NOUNS}|grade|rating)\s*)?(?:\([^()]*\)\s*)?"
    r"(?:(?:in|by|since|as\s+of)\s+(?:the\s+|its\s+)?(?:(?:19|20)\d\d|first|second|third)"
    r"(?:\s+(?:task[\s-]force|edition|report|review|round|conclusions|update|panel))?\s*)?"
    # "Graded P in 2011 and Q in 2019: X": a second dated grade before the list
    rf"(?:,?\s*and\s+{_ANY_GRADE}\s+(?:in|by)\s+(?:19|20)\d\d\s*(?=:))?"
    r"(?P<aside>,\s*[^,;:()]{1,60}?(?=\s*(?::|,\s*(?:were|are|was|is)\b)))?"
    r"(?:(?P<colon>:|\s*[—–](?=\s*\w))|(?P<among>,\s*(?:among\s+them|including|notably|such\s+as)\b)"
    r"|(?P<comma>,)(?!\s*(?:were|are|was|is)\b)"
    r"|,?\s*\b(?:(?:now|also|still|thus|therefore)\s+)?(?P<verb>were|was|are|is|included|include|includes"
    r"|comprised|comprise|comprises|covered|contained|went\s+to|sat|sit|sits|fell|landed|stood"
    r"|stand|stands|held|holds"
    r"|named|names)\b"
    r"(?:\s+the\s+following)?"
    rf"(?:\s+{_COUNT}\s+{_ITEM_NOUNS})?\s*:?)\s*",
    re.IGNORECASE,
)
_PARENTHESIS_BEFORE = re.compile(
    r"^\s*[(\[]\s*(?:(?:rated|graded|judged|deemed|classed|classified|categori[sz]ed|now|both"
    r"|all|each)\s+)*(?:as\s+)?(?:an?\s+)?[\"“‘']?$",
    re.IGNORECASE,
)
_PARENTHESIS_AFTER = re.compile(
    r"^[\"”’']?\s*(?:(?:[,;]|\s(?:in|by|since|from|per|as\s+of|until|through)\b)\s*[^()\[\]]*)?"
    r"[)\]]"
)
_EVERY_ONE = re.compile(r"\b(?:both|all|each)\b", re.IGNORECASE)
# A study named right after a grade, before the next comma, semicolon or parenthesis.
_STUDY_AFTER = re.compile(
    r"^[^();,]*?\b(?:meta-?analys[ie]s|trials?|stud(?:y|ies)|reviews?)\b", re.IGNORECASE
)
# A reduced relative between commas or dashes: "Empathy, rated P in 2011, …", "X—judged P—".
# "both", "each", "all three" after a list: every item of the list, as many as the word says.
_EVERY = r"(?P<every>both|each|all(?:\s+(?P<count>two|three|four|five|six))?)"
_REDUCED_BEFORE = re.compile(
    rf"^\s*(?P<open>[,—–])\s*(?:{_EVERY}\s+)?"
    # "X, an element rated only P in 2019": the participle after the item's kind
    r"(?:(?:an?|one)\s+(?:relationship\s+|responsiveness\s+)?(?:element|adaptation)\s+)?"
    r"(?:(?:also|since|later|once|though|although"
    rf"|albeit|while|when|first|originally|initially|previously)\s+)?{_PASSIVE_VERB}"
    r"(?:\s+(?:as|to\s+be))?(?:\s+(?:only|merely|just|still|already|now))?\s+(?:an?\s+)?[\"“‘']?$",
    re.IGNORECASE,
)
# A bare grade set off by commas with its edition: "Collaboration, probably effective in 2011,
# rose to …" (the edition makes it the task force's grade).
_BARE_EDITION = (
    r"(?:in|by)\s+(?:the\s+)?(?:(?:2002|2011|2019)(?:\s+(?:conclusions|ones|report|edition|review"
    r"|task[\s-]force))?|(?:first|second|third)(?:\s+(?:edition|task[\s-]force|report|review"
    r"|ones))?)"
    # "in the first task force's report"
    r"(?:['’]s\s+(?:report|conclusions|volume|review|verdict))?"
)
_BARE_EDITION_AFTER = re.compile(
    rf"^\s+{_BARE_EDITION}"
    # "X, promising in 2011 and probably effective in 2019, …": a second grade, its own edition
    rf"(?:\s+and\s+(?:then\s+|later\s+)?{_ANY_GRADE}\s+{_BARE_EDITION})?\s*(?:,|[.;]?\s*$)",
    re.IGNORECASE,
)
_COMMA_ONLY = re.compile(r"\s*,\s*")
# A grade alone between commas after its item: "X, also P, is …", "X and Y, both P in 2019, …";
# only a grade written in full ("promising" alone may be praise, "the top tier" needs a verb).
_BARE_GRADE_BEFORE = re.compile(
    rf"^\s*,\s*(?:{_EVERY}\s+)?(?:(?:also|likewise|too|again|similarly|itself)\s+)?$",
    re.IGNORECASE,
)
_BARE_GRADE_AFTER = re.compile(
    r"^(?:\s+(?:in|by|since|as\s+of)\b[^,;:()—–]*|\s+according\s+to\s+(?:the\s+)?(?:(?:19|20)\d\d"
    r"\s+|first\s+|second\s+|third\s+)?(?:task[\s-]force|panel|conclusions|report|edition|review"
    r"|Norcross)[^,;:()—–]*"
    # "…, demonstrably effective across all three task forces."
    r"|\s+across\s+(?:all\s+)?(?:the\s+)?(?:three|two|both|every)\s+(?:task[\s-]forces?|editions?"
    r"|reports?|reviews?))?\s*,",
    re.IGNORECASE,
)
# The same set off at the sentence's end ("…, the element is empathy, demonstrably effective in
# every edition."), with the task force or an edition named in it.
_BARE_GRADE_AT_END = re.compile(
    r"^\s+(?:in|across|according\s+to|by)\s+(?:[^,;:()—–]*?\b(?:task[\s-]forces?|editions?"
    r"|conclusions|(?:2002|2011|2019))\b[^,;:()—–]*?)?[.;!]?\s*$",
    re.IGNORECASE,
)
_FULL_GRADE = re.compile(
    r"(?:demonstrably|probably)[\s-]+effective|promising[\s-]+but[\s-].*", re.IGNORECASE
)
_DASHED_BEFORE = re.compile(  # "X—P in 2011—", "X and Y—both P—", "the X grade — P —"
    rf"^(?:\s+(?:adaptation|element)?\s*{_RATING_NOUN})?"
    rf"\s*[—–]\s*(?:{_EVERY}\s+)?(?:(?:now|once|only|an?)\s+)*[\"“‘']?$",
    re.IGNORECASE,
)
_REDUCED_AFTER = re.compile(
    rf"^[\"”’']?(?:\s+{_ITEM_NOUNS}\b)?(?:\s+(?:by|in|since|from|per|across|according\s+to)\b"
    r"[^,;:()—–]*)?"
    r"(?P<parenthesis>\s*\([^()]*\))?\s*(?P<close>[,—–]|$|\.)",
    re.IGNORECASE,
)
# An appositive that calls the item a graded one: "X, a P element, …", "X, one of the P
# adaptations added in 2019, …", "X and Y, both P elements, …".
_APPOSITIVE_BEFORE = re.compile(
    rf"^\s*(?P<open>[,—–])\s*(?:(?:itself|themselves|also|likewise)\s+)?"
    rf"(?:(?P<one>an?|another|one\s+of\s+(?:the|its)(?:\s+(?:two|three|four|five|six|seven|\d))?)|{_EVERY})"
    r"\s+[\"“‘']?$",
    re.IGNORECASE,
)
_APPOSITIVE_AFTER = re.compile(  # the task force's own nouns only: "a promising factor" is praise
    r"^[\"”’']?\s+(?:(?:relationship|responsiveness)\s+)?(?:elements?|adaptations?)\b"
    r"(?:\s+(?:(?:added|introduced|listed|graded|rated|included)\s+)?"
    r"(?:by|in|since|from|per|according\s+to|across)\b[^,;:()—–]*)?\s*(?P<close>[,—–]|$|\.)"
    # another noun only with the task force's name after it: "a P practice, per the 2011 and
    # 2019 task forces"
    r"|^[\"”’']?\s+(?:practices?|factors?|skills?|ingredients?|components?|methods?|findings?)"
    # "a P finding of the third edition"
    r"\s*,?\s+(?:by|in|of|per|according\s+to)\s+[^,;:()—–]*?(?:task[\s-]forces?|panel|edition|conclusions"
    r"|Norcross)[^,;:()—–]*\s*(?P<closed>[,—–]|$|\.)",
    re.IGNORECASE,
)
COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
# Where a list item starts: nothing but a bullet or a number before the item ("- X — P").
_LIST_ITEM_START = re.compile(r"^\s*(?:[-*•·▪‣]|\d{1,2}[.)])?\s*$")
_GAP_LEAD = re.compile(  # matched at the end of the previous construction (no ^ there)
    # "X were P in 2011 and Y Q": the first grade's year before the conjunction
    r"(?:\s+(?:in|by)\s+(?:19|20)\d\d)?"
    r"\s*(?:[,;]\s*)?(?:(?:and|while|whereas|but|with|then|plus)\s+)?",
    re.IGNORECASE,
)
_GAP_TAIL = re.compile(
    r"^\s*,?\s*(?:(?:likewise|also|too|similarly|equally|again)\s+)?(?:(?:as|at)\s+)?(?:an?\s+)?"
    r"[\"“‘']?$",
    re.IGNORECASE,
)
# What may follow a grade phrase that grades something: the end of a clause, a context, an
# agent, or a noun the grade modifies ("a demonstrably effective element", "the promising tier").
_AFTER_GRADE = re.compile(
    r"^(?:\s*$|\s*[.,;:()\]\"”’'—–\[|*_]|\s+(?:in|by|for|among|across|within|under|according|with"
    r"|and|or|but|while|whereas|at|per|on|from|since|when|to|after|before|because|were|was"
    r"|then|now|too|again|respectively|initially|originally|at\s+first|at\s+the\s+time|as\s+of"
    r"|there|whatever|whichever|regardless|irrespective"
    # "… P a decade later", "… P eight years after it had been rated Q"
    r"|later|afterwards|eventually|(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}"
    r"|some|several|a\s+few)\s+)?(?:decades?|years?)\s+(?:later|after|afterwards|on|earlier|before)"
    # "… to P between 2011 and 2019", "… between the second and third editions"
    r"|between\s+(?:[A-Z][\w’'-]+(?:\s+(?:and|&)\s+[A-Z][\w’'-]+)?[’']s\s+|the\s+)?"
    r"(?:(?:19|20)\d\d|first|second|third|1st|2nd|3rd|two)\b"
    r"|are|is|as|included|include|includes|comprised|comprise|comprises|covered|contained|sat"
    r"|comes|came"
    r"|fell|landed|stood|went|(?:that|this|the\s+same|the\s+following|the\s+next)\s+(?:year|time"
    r"|round|edition)|once\s+more|this\s+time|every\s+time|throughout|both\s+times|each\s+time"
    r"|(?:(?:general|common|core|key|specific|relational|relationship|therapy|therapeutic"
    r"|responsiveness|patient|client)\s+)?(?:elements?|adaptations?"
    r"|factors?|items?|categor(?:y|ies)|tiers?|groups?|class|band|bin|column|list|ratings?|grades?"
    r"|labels?|designations?|classifications?|status|standing|verdicts?|ones?|methods?|practices?"
    r"|conclusions?|targets?|findings?"
    r"|ingredients?|components?|skills?|bas[ie]s|standards?|bar|thresholds?|criteri(?:on|a))\b))",
    re.IGNORECASE,
)
# Words that hide the phrase they open: the items in it are set against the graded ones.
_CONTRAST = re.compile(
    r"(?P<open>,)?\s*\b(?:unlike|rather\s+than|as\s+opposed\s+to|in\s+contrast\s+(?:to|with)|contrary\s+to"
    r"|independently\s+of|independent\s+of|instead\s+of|apart\s+from|except(?:\s+for)?"
    # ("not until", "not only … but" deny nothing)
    r"|excluding|but\s+not|not(?!\s+(?:until|till|only|just|merely)\b)|never|no\s+longer|nor"
    r"|neither|without)\b(?![-‐])(?:[^,;:()\[\]—–]|(?<=\w)[—–](?=\w))*(?(open),?)",
    re.IGNORECASE,
)
# Every match of _CONTRAST holds one of these (lowercase): a cheap test first (`may_contain`).
_CONTRAST_WORDS = (
    "unlike", "rather", "opposed", "contra", "independent", "instead", "apart", "except",
    "excluding", "no", "never", "neither", "without",
)  # fmt: skip
# Words that make what follows no assertion: a condition ("if X is P"), an open question
# ("whether X is P") or a doubted or merely reported opinion ("critics doubt that X is P",
# "proponents claim that X is P"); the latter only when the clause names no task force.
_UNASSERTED = re.compile(
    r"\b(?:(?P<open>whether|if|unless)|(?P<reported>(?:doubt|question|dispute|den(?:y|ie)|challenge"
    r"|contest|wonder|ask|claim|believe|argue|suggest|assume|hope|insist|maintain|contend|speculate"
    r"|hypothesi[sz]e|predict|say|sai)(?:s|d|ed|ing)?\s+(?:that|whether|if)))\b[^,;:()\[\]]*",
    re.IGNORECASE,
)
# Every match of _UNASSERTED holds one of these: the open words, or what a reported verb takes.
_UNASSERTED_WORDS = ("whether", "if", "unless", "that")
# A colon after words about grading announces a verbless list: "The verdicts were clear: X P, Y Q".
_ANNOUNCED = re.compile(
    r"\b(?:verdicts?|ratings?|grades?|gradings?|rated|graded|judged|classified|conclusions?)\b"
    r"[^:;.]*:\s*",
    re.IGNORECASE,
)
# A second grade inside the parenthesis of the first: "X (P in 2011, Q in 2019)".
_NEXT_IN_PARENTHESIS = re.compile(
    r"^(?:\s+(?:in|since|as\s+of|by|until)\s+[^,;()]{1,40})?\s*[,;]\s*(?:(?:and|but|then|later|now)\s+)?$",
    re.IGNORECASE,
)
# A grade a study gives, not a task force: "… probably effective in a 2015 meta-analysis)".
_OTHER_SOURCE = re.compile(
    r"^[^()]*?\b(?:meta-?analys[ie]s|trials?|stud(?:y|ies)|reviews?)\b[^()]*\)", re.IGNORECASE
)
# Categories other than the three grades, whose words would otherwise read as two grades.
_NOT_A_GRADE = re.compile(
    r"\bpromising\s+(?:and|or|/)\s+probably[\s-]+effective|\bprobably[\s-]+effective\s+(?:and|or|/)"
    r"\s+promising\b(?!,?\s+respectively)",
    re.IGNORECASE,
)
_NOT_A_GRADE_WORDS = ("promising",)  # in every match of _NOT_A_GRADE
# Words between listed items (a run of items is items joined only by these).
_LIST_GAP = re.compile(
    r"^(?:\s|,|\b(?:and|or|as\s+well\s+as|both|either|the|a|an|to|plus|along\s+with|together\s+with"
    r"|its|their|(?:(?:each|the|a|an)\s+)?(?:client|patient)s?['’]s?|adapting\s+to|matching\s+to"
    r"|tailoring\s+to|adjusting\s+to|accommodating)\b)*$",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"^[\"”’']?\s*(?:$|[.;,)\]—–:]|\s*\b(?:while|whereas|but|and\s+(?:rated|judged)))", re.I
)
# Between two grades of one subject: "… rated P in 2002 and (was downgraded to) Q in 2011".
_SAME_SUBJECT = re.compile(
    # "… and later rated Q", "…, having been listed as P in 2011": the same subject's grade
    r"^(?=.*\b(?:and|but|then|later|having)\b)(?:\s|,|\b(?:in|and|but|then|later|subsequently|again"
    r"|having|been|listed|placed|graded|deemed|classed|classified|considered|found|called"
    r"|was|were|rated|re-?rated|judged|downgraded|upgraded|revised|moved|restored|returned"
    r"|reinstated|raised|lowered|promoted|demoted|elevated|back|up|down|to|as|by|the|first"
    r"|second|third|task\s+force|edition|conclusions|report|review|round|volume|each|both|all"
    r"|norcross|lambert|wampold|\d{4})\b)*$",
    re.IGNORECASE,
)
_ADDED_ITEM = re.compile(
    r",\s*(?:along\s+with|together\s+with|as\s+well\s+as|and\s+also|plus)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_ITEM_NOUN_GAP = re.compile(
    r"^\s+(?:relationship\s+)?(?:elements?|adaptations?|factors?|matching|tailoring)\s*$",
    re.IGNORECASE,
)
# An appositive naming the item's kind: "Attachment style, an adaptation (that was deemed P)".
_APPOSITIVE_GAP = re.compile(
    rf"^\s*,\s*(?:an?|one|another)\s+(?:(?:other|further|second|third|graded)\s+)?{_KIND_NOUN}\s*$",
    re.IGNORECASE,
)
# A prepositional phrase after an item that names no context the lexicon knows.
_QUALIFIER = re.compile(
    r"^\s+(?:in|with|for|among|across|within|of)\s+(?:[\w’'/-]+\s+){0,5}?[\w’'/-]+\s*$",
    re.IGNORECASE,
)
# An aside between a subject and its verb: commas, parentheses or dashes around a short phrase.
_ASIDE = re.compile(
    r"^\s*(?:,\s*[^,;:()\[\]]{1,60}?,|,\s*(?:which|who|whom|whose)\s[^,;:()\[\]]{1,120}?,"
    r"|\([^()]{1,60}\)|[—–]\s*[^;:()—–]{1,100}?[—–])\s*$"
)
_SEMICOLON_GAP = re.compile(r"^(?:\s|[,;]|\b(?:and|or|the|a|an|to)\b)*$", re.IGNORECASE)
# The lead that makes what follows an adaptation: "matching the treatment to a client's …".
_ADAPTING_LEAD = re.compile(
    r"\b(?:adapt(?:ing|ed|ation|ations)?|match(?:ing|ed)?|tailor(?:ing|ed)?|adjust(?:ing|ed)?"
    r"|fitting|customi[sz](?:ing|ed)|responsive(?:ness)?)\b[^,;:.()]{0,60}?\b(?:to|with|for)\s+"
    r"(?:(?:the|a|an|each|their|his|her)\s+)?(?:(?:individual\s+)?(?:client|patient|person)"
    r"(?:’s|'s|s’|s')?\s+)?$",
    re.IGNORECASE,
)
_DETERMINERS_END = re.compile(
    r"(?:\b(?:the|a|an|its|their|this|these|that|those|(?:client|patient)s?['’]s?)\s*)+$", re.I
)
# A verb right before the preposition that ends the text: a participle, or one of the verbs
# that take an element as their prepositional object ("point to", "look like", "lean on"), with
# adverbs between ("trained first of all in", "looks much like").
_VERB_THEN_PREPOSITION = re.compile(
    r"\b(?:\w{3,}(?:ed|ing)|(?:can|could|may|might|will|would|to)\s+\w+|points?|looks?|leans?"
    r"|rel(?:y|ies)|draws?|builds?|focus(?:es)?|rests?|depends?|turns?|attends?|invests?"
    r"|insists?|counts?)(?:\s+(?:\w+ly|much|more|most|first|of|all|above|also|too|again|still))*"
    r"\s+[\w’'-]+\s*$",
    re.IGNORECASE,
)
_CLIENT_POSSESSIVE_END = re.compile(
    r"\b(?:client|patient|therapist|clinician|counsell?or)s?['’]s?\s*$", re.IGNORECASE
)
# A run whose first item follows one of these is a modifier inside a larger phrase.
_PREPOSITIONS_TEXT = """
    of on for with about from between in than like by over under beyond into onto upon
    regarding concerning toward towards through via against despite beside besides among amid
    around across within without versus vs including unlike except
"""
_PREPOSITIONS = frozenset(_PREPOSITIONS_TEXT.split())
_CLAUSE_START = re.compile(r"[;:.]\s|^", re.IGNORECASE)
_TASK_FORCE_AGENT = re.compile(
    r"\bby\s+(?:the\s+)?(?:[\w’'-]+\s+){0,5}?(?:task[\s-]force|interdivisional)", re.IGNORECASE
)
_NON_TASK_FORCE = re.compile(
    r"\b(?:NICE|Division\s+12|Cochrane|SAMHSA|guidelines?|Society\s+of\s+Clinical\s+Psychology"
    r"|FDA|WHO|VA/DoD)\b"
)
_TASK_FORCE = re.compile(r"task[\s-]force|interdivisional", re.IGNORECASE)
_STUDY_WORDS = STUDY_WORDS
# A grader named right after the grade that is no task force: "P by NICE in 2022", "P in a
# single meta-analysis", "P according to a 2020 study" (not "in the 2019 review of 82 studies").
_OTHER_GRADER_AFTER = re.compile(
    r"^[^,;.()—–]{0,60}?\b(?i:by|in|from|according\s+to|per)\s+(?:(?!(?i:of)\b)[\w'’-]+\s+){0,4}?"
    rf"(?:NICE|Division\s+12|Cochrane|SAMHSA|FDA|WHO|VA/DoD|(?i:guidelines?|{_STUDY_WORDS}))\b"
)
# A view someone else holds, named after the grade: "…, according to critics", "in the view of
# many clinicians", "… by many clinicians"
_OPINION_NOUNS = (
    r"(?:critics|clinicians|therapists|practitioners|proponents|advocates|skeptics|sceptics"
    r"|supporters|commentators|trainees|enthusiasts|detractors)"
)
_OPINION_AFTER = re.compile(
    r"^(?:[^;.()—–]{0,60}?\b(?:according\s+to|per|in\s+the\s+(?:view|eyes|opinion)\s+of)"
    r"|[^,;.()—–]{0,30}?\bby"  # "by" only as the agent of the grade's own clause
    r"|[^,;.()—–]{0,30}?\bfor(?=\s+(?:some|many|most|several|a\s+few)\s))\s+"
    r"(?:(?:some|many|most|several|the|its|their|a\s+few)\s+)?(?:[\w-]+\s+)?"
    rf"(?:{_OPINION_NOUNS}|reviewers|supervisors|developers|founders)\b",
    re.IGNORECASE,
)
# Holders of a view, as the subject of a grading verb: not the task force's grade
_OPINION_HOLDER = re.compile(rf"\b(?:{_OPINION_NOUNS}|students|writers)\b", re.IGNORECASE)
# A study as the agent of a passive link ("was rated by a 2020 meta-analysis as P") or as the
# subject of an active one ("A 2020 meta-analysis judged X P"); a fronted phrase ("Drawing on
# dozens of meta-analyses, the panel …") is no subject.
_STUDY_AGENT = re.compile(rf"\bby\s+(?:(?!of\b)[\w'’-]+\s+){{0,4}}?{_STUDY_WORDS}\b", re.IGNORECASE)
_STUDY = STUDY_RE
_FRONTED = re.compile(
    r"^\s*(?:(?:[A-Z]\w*ing|Based|Across|In|After|Following|From|With|Among|Over|Within|Beyond)\b"
    r"[^,]*,\s*)+"
)
_UNKNOWN_STOP_TEXT = """
    it its this these that those they them he she we which who what there here model
    approach therapy therapies treatment treatments technique techniques method methods
    intervention interventions program programme framework theory school tradition study
    studies research evidence findings data results outcome outcomes element elements
    adaptation adaptations factor factors item items all both each several many some most
    none others other
"""
_UNKNOWN_STOP = frozenset(_UNKNOWN_STOP_TEXT.split())  # words no graded item's name holds


# Helpers shared with the older table-driven code (contexts, names, grading bodies)
_DETERMINER = re.compile(r"^(?:the|a|an|and|or|to|its|their)\s+", re.I)
_ORG = re.compile(
    rf"(?P<org>(?:[\w’'-]+\s+){{0,4}}?{ORG_HEADS})\s*(?::|,?\s+(?:which\s+|that\s+)?{GRADING_VERBS}\b)"
    rf"|\bby\s+(?P<by>(?:[\w’'-]+\s+){{0,4}}?{ORG_HEADS})\b",
    re.I,
)
_ORG_HEAD = re.compile(ORG_HEADS, re.I)  # every _ORG match holds one: a cheap test first
_ORG_HEAD_CASED = re.compile(ORG_HEADS)
_ANY_CONTEXT = re.compile(r"\s+(?:in|for|with)\s+(?P<ctx>.+)$")
_CONTEXT_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_RELATIVE = re.compile(r"\b(?:which|that|who|whom)\b")


@dataclass(frozen=True, slots=True)
class Stated:
    """One item a sentence grades: the item node, the grade and the contexts."""

    item: Node
    grade: str
    contexts: tuple[Node, ...]
    edition: int | None = None  # the task-force edition the grading's clause names (2002 …)
    year: int | None = None  # the year it gives, as written


@dataclass(frozen=True, slots=True)
class Mention:
    """A scheme label in the sentence, with the contexts written right after it."""

    start: int
    end: int  # end of the label and of its context ("alliance in group therapy")
    concepts: tuple[scheme.Concept, ...]
    contexts: tuple[Node, ...]


@dataclass(slots=True)
class _Run:
    """Items joined by list words, and whether they are adaptations by their lead."""

    mentions: list[Mention]
    adapting: bool = False


# --------------------------------------------------------------------------------------------
# Graded items
# --------------------------------------------------------------------------------------------


def graded_items(text: str) -> list[Stated]:
    """Every (item, grade, contexts) the sentence states through a grading construction."""
    text = plain_wording(text)
    facts = [current_item(fact) for fact in _graded(text)]
    if "effective" in text and _ELIDED_PAIR.search(text):
        # "X and Y were rated demonstrably and probably effective": which item has which grade
        # is said only by "respectively" and one grade an item; anything else is left out
        both = {f.item for f in facts if f.grade == "demonstrably-effective"} & {
            f.item for f in facts if f.grade == "probably-effective"
        }
        if both:
            facts = [f for f in facts if f.grade not in _PAIRED_GRADES]
    if "respectively" in text:
        # "X and Y, rated P and Q, respectively": a reading that gave an item both grades did
        # not pair them; which item has which is left out rather than guessed
        grades: dict[tuple[str, str], set[str]] = {}
        for fact in facts:
            grades.setdefault((fact.item.kind, fact.item.slug), set()).add(fact.grade)
        facts = [f for f in facts if len(grades[(f.item.kind, f.item.slug)]) == 1]
    return facts


# A study or team that did the work for the task force: its grade is the task force's ("rated P
# by Burlingame's team for the 2011 task force", "per Soto's 2019 meta-analysis for the task
# force"); the study is left out of the reading, the task force kept.
_STUDY_FOR_PANEL = re.compile(
    r"\b(?P<lead>by|per|in|according\s+to)\s+[^,;:.()—–]{1,60}?\s+for\s+"
    r"(?P<panel>(?:the|its)\s+(?:(?:19|20)\d\d\s+|first\s+|second\s+|third\s+)?(?:APA\s+)?"
    r"(?:interdivisional\s+)?(?:task[\s-]force|volume|edition|report))\b",
    re.IGNORECASE,
)
# A comma aside between an item and the copula that grades it: "Managing countertransference,
# close kin to BRT's self-scrutiny, was promising in 2011" reads as "X was P in 2011".
_COMMA_ASIDE = re.compile(
    r",\s(?P<relative>(?:which|who|whom)\s)?[^,;:()\[\]—–]{3,90}?,"
    r"(?=\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+"
    r"(?:(?:\w+ly|also|again|still|then|now|once)\s+)?(?:(?:rated|judged|graded|deemed|classed"
    r"|classified|considered|found|placed)\s+(?:as\s+)?)?" + _ANY_GRADE_LOOK + ")",
    re.IGNORECASE,
)


# An edition set off by commas between a copula and its grade: "X was, in that edition, P".
_SET_OFF_AFTER_BE = re.compile(
    r"\b(?P<be>is|are|was|were|been)\s*,\s*(?P<aside>in\s+(?:that|this|the|its|their)\s+"
    r"(?:same\s+|(?:19|20)\d\d\s+|first\s+|second\s+|third\s+)?(?:edition|report|volume|review"
    r"|round|update))\s*,\s+(?=" + _ANY_GRADE_LOOK + ")",
    re.IGNORECASE,
)


def _comma_aside(match: re.Match[str]) -> str:
    """The aside as spaces when it names no grade and no grader of its own: a relative clause
    ("Cohesion, which Yalom saw as the group's alliance, has been rated P": the alliance is not
    the subject), or a phrase after a scheme item that names no item ("X, close kin to Y, was
    P"; ", Y and Z were P" is a list, not an aside)."""
    aside = match.group(0)
    if may_name_grade(aside) or _PANEL_SUBJECT.search(aside):
        return aside  # a grade, or who graded ("X, in the 2011 conclusions, was P")
    if match["relative"]:
        return " " * len(aside)
    before = match.string[max(0, match.start() - 60) : match.start()]
    if scheme.label_re().search(aside):
        return aside
    if not any(m.end() == len(before) for m in scheme.label_re().finditer(before)):
        return aside
    return " " * len(aside)


# A grade named by its place below another: "one rung below the top", "one step below
# demonstrably effective", "the latter one step below it", "one rank lower".
_STEP_BELOW = re.compile(
    r"\b(?P<n>one|a|two|the\s+next)\s+(?:step|rung|rank|notch|level|tier|grade|band|category)s?\s+"
    r"(?:(?:below|beneath|under|lower\s+than|down\s+from|short\s+of)\s+(?P<ref>(?:the\s+(?:very\s+)?"
    r"(?:top|highest|strongest))(?:[\s-]+(?:tier|grade|rating|category|band|level|rung))?"
    r"|demonstrably[\s-]+effective|probably[\s-]+effective|(?P<pronoun>it|that|this|them|those))"
    r"|(?:lower|down|below)\b)",
    re.IGNORECASE,
)
_SAME_GRADE_HERE = re.compile(
    r"\bthe\s+same\s+(?P<noun>grade|rating|verdict|category|tier|classification|designation)\b"
    r"(?!\s+as\b)"  # "the same rating as the alliance" names its own standard
    r"|\bthe\s+same(?=\s*(?:[.;]|,\s|$))",  # "gave X a P rating and Y the same"
    re.IGNORECASE,
)


def _same_grade_here(text: str, match: re.Match[str]) -> str:
    """ "the same grade" as the one grade the sentence named before it ("… moved up to P, and
    the editors gave Y the same grade"); as it was when it named none or several (a grade
    named in the sentence before is `grading_same`'s)."""
    before = {grade_of(g) for g in GRADE_RE.finditer(text, 0, match.start())}
    if len(before) != 1:
        return match.group(0)
    return f"the {grade_wording(before.pop())} {match['noun'] or 'grade'}"


# "the middle one" after a grade named by its place: the grade noun left out.
_PLACE_ONE = re.compile(
    r"\bthe\s+(?P<place>highest|top|strongest|middle|lowest|bottom)\s+one\b(?!\s+(?:step|rung|rank"
    r"|notch|level|tier|grade))",  # ("the second one" is an item by its place)
    re.IGNORECASE,
)
# A place named against other items' grade: "sits just below the elements rated P" grades none
# of the sentence's items P (what it does grade, a place, is left to the place readings)
_BELOW_THE_GRADED = re.compile(
    r"\b(?:below|beneath|under|behind|short\s+of|above|ahead\s+of|alongside|beside)\s+the\s+"
    r"(?:(?:relationship|responsiveness)\s+)?(?:elements|adaptations|items|ones)\s+(?:that\s+(?:were|are)\s+)?"
    rf"(?:rated|graded|judged|deemed|classed|considered|found)\s+(?:as\s+)?{_ANY_GRADE}",
    re.IGNORECASE,
)
# A counted lead, then the items it counts as an appositive, then their grading verb: "Two other
# 2019 elements fit its style, A and B, rated …" as "In 2019 A and B were rated …"
_COUNTED_APPOSITION = re.compile(
    rf"\b{_COUNT}\s+(?P<lead>(?:[\w’'-]+\s+){{0,3}}?(?:elements|adaptations)\b[^,;:()]{{0,80}}?),\s+"
    r"(?P<items>[^,;:()]+(?:,\s+[^,;:()]+)*?),\s+(?:(?:were|are)\s+)?"
    r"(?P<verb>rated|graded|judged|deemed|classed|classified)\b",
    re.IGNORECASE,
)


def _counted_apposition(match: re.Match[str]) -> str:
    """The counted lead's items as the subject of its verb, the lead's year as the edition."""
    year = _ANY_YEAR.search(match["lead"])
    when = f"In {year.group()} " if year else ""
    return f"{when}{match['items']} were {match['verb']}"


_PARTICIPLE_PAST = {
    "placing": "placed",
    "rating": "rated",
    "grading": "graded",
    "judging": "judged",
    "listing": "listed",
    "classing": "classed",
    "ranking": "ranked",
    "putting": "put",
}
_GRADING_PARTICIPLE = re.compile(
    rf",\s+({'|'.join(_PARTICIPLE_PAST)})\s+(?=[^,;:]{{1,100}}?{_ANY_GRADE})", re.IGNORECASE
)
_THAT_PLACE = re.compile(
    r"\bthat\s+(?=(?:top|highest|strongest|middle|lowest)\s+(?:grade|rating|tier|category)\b)",
    re.IGNORECASE,
)
_RESPECTIVELY_FIRST = re.compile(
    rf"\brespectively\s+(?P<grades>{_ANY_GRADE}(?:\s*,\s*(?:and\s+)?{_ANY_GRADE}|\s+and\s+"
    rf"{_ANY_GRADE})+)",
    re.IGNORECASE,
)
# A change between editions named by its noun, written as its verb: "the task force's upgrade of
# rupture repair from P in 2011 to Q in 2019" as "the task force upgraded rupture repair from …"
_CHANGE_VERBS = {
    "upgrade": "upgraded",
    "upgrading": "upgraded",
    "downgrade": "downgraded",
    "downgrading": "downgraded",
    "promotion": "promoted",
    "demotion": "demoted",
    "move": "moved",
}
_CHANGE_NOUN = re.compile(
    r"(?P<owner>the\s+(?:(?:19|20)\d\d\s+)?(?:task[\s-]force|panel)(?:['’]s)?)\s+"
    rf"(?P<noun>{'|'.join(_CHANGE_VERBS)})\s+of\s+"
    rf"(?=[^,;:.()]{{1,60}}?\s+from\s+(?:the\s+)?{_ANY_GRADE}[^;:.()]{{0,40}}?\s+to\s+)",
    re.IGNORECASE,
)
# A lead that counts the items a grade went to before a colon list, in any words: "three elements
# share the P grade that matters most …:", "an element the task force rates P:"
_GRADED_COLON_LEAD = re.compile(
    rf"\b(?P<count>{_COUNT}|an?|one)\s+(?P<noun>(?:relationship\s+|responsiveness\s+)?"
    r"(?:elements?|adaptations?))\b(?P<mid>[^:;()]{0,80}?)\b"
    rf"(?P<grade>{_ANY_GRADE})(?P<tail>[^:;()]{{0,80}}?):\s+(?=\S)",
    re.IGNORECASE,
)


def _colon_lead(match: re.Match[str]) -> str:
    """The lead written as "N elements were rated P (in YEAR): ", the year kept from its words."""
    words, giver = match["mid"] + " " + match["tail"], match["mid"]  # who gave it: before it
    if _STUDY.search(giver) or _NON_TASK_FORCE.search(giver) or _OPINION_HOLDER.search(giver):
        return match.group(0)  # "two elements that a 2019 meta-analysis found P:" is no grade
    if _DENIAL_WORD.search(giver):
        return match.group(0)  # "… that no edition rated P:", "… never rated P:"
    edition = _EDITION_TAIL.search(match["tail"])
    year = _ANY_YEAR.search(words)
    when = edition.group() if edition else f" in {year.group()}" if year else ""
    found = GRADE_RE.match(match.string, match.start("grade"))
    grade = grade_wording(grade_of(found)) if found else match["grade"]  # "top": the top grade
    return f"{match['count']} {match['noun']} were rated {grade}{when}: "


# "… in the first edition", "… by the 2011 task force": where the grade was given, kept
_EDITION_TAIL = re.compile(
    r"\s+(?:in|by|from)\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}?(?:edition|task[\s-]force|conclusions"
    r"|volumes?|report|list|review|panel)\b",
    re.IGNORECASE,
)
_DENIAL_WORD = re.compile(r"\b(?:not|never|no|nor|neither|without)\b|n[’']t\b", re.IGNORECASE)
# "the strongest of the three grades", "the lowest of the task force's categories"
_OF_THE_GRADES = re.compile(
    r"\bthe\s+(?P<place>highest|top|strongest|middle|lowest|bottom|weakest)\s+of\s+the\s+"
    r"(?:(?:three|task\s+force['’]s|panel['’]s)\s+)?(?:grades|ratings|categories|tiers|levels|bands"
    r"|verdicts|rungs)\b",
    re.IGNORECASE,
)
# A grade, then the item as the heading it was graded under: "rated probably effective under
# the heading of repairing alliance ruptures", "graded P in 2019 under the name X"
_UNDER_HEADING = re.compile(
    r"\b(?P<verb>rated|graded|judged|classed|classified|deemed|listed|placed|ranked)\s+"
    rf"(?P<grade>{_ANY_GRADE})(?P<when>\s+in\s+(?:19|20)\d\d)?\s+under\s+the\s+"
    r"(?:heading|name|label|rubric|banner|title)\s+(?:of\s+)?(?P<item>[^,;:.!?()—–]+)",
    re.IGNORECASE,
)
_PLACE_GRADE = {
    **dict.fromkeys(("highest", "top", "strongest"), "demonstrably-effective"),
    "middle": "probably-effective",
    **dict.fromkeys(("lowest", "bottom", "weakest"), "promising"),
}


def _place_one(text: str, match: re.Match[str]) -> str:
    """ "the middle one" as its grade when the sentence named a grade before it (the noun it
    leaves out); as it was otherwise."""
    if GRADE_RE.search(text, 0, match.start()) is None:
        return match.group(0)
    return f"the {grade_wording(_PLACE_GRADE[match['place'].casefold()])} grade"


_FIRST_PLACE = re.compile(r"\bfirst(?P<noun>[\s-]+(?:tier|rank|band|category)\b)", re.IGNORECASE)
_AT_THE_TOP = re.compile(r"\bat(?=\s+the\s+(?:very\s+)?top\b)", re.IGNORECASE)
_STEP_THEN_GRADE = re.compile(
    _STEP_BELOW.pattern.replace("(?P<", "(?P<x") + r"\s*[,:—–(]\s*(?=" + _ANY_GRADE + ")",
    re.IGNORECASE,
)
_STEP_WORDS = ("step", "rung", "rank", "notch", "level", "tier", "grade", "band", "categor")
_GRADE_ORDER = ("demonstrably-effective", "probably-effective", "promising")


def grade_wording(grade: str) -> str:
    """A grade's slug as the words that state it ("probably-effective" → "probably effective")."""
    return grade.replace("-", " ")


def _step_below(text: str, match: re.Match[str]) -> str:
    """The grade a place below another names, written as that grade ("probably effective" for
    "one rung below the top", "two steps below demonstrably effective" is promising); the phrase
    as it was when what it is below is not a grade the sentence names before it."""
    reference = match["ref"]
    if reference is None or match["pronoun"]:
        earlier = list(GRADE_RE.finditer(text, 0, match.start()))
        if not earlier:
            return match.group(0)
        above = grade_of(earlier[-1])
    else:
        found = GRADE_RE.match(reference)
        above = grade_of(found) if found else "demonstrably-effective"  # "the top", "the highest"
    if above not in _GRADE_ORDER:
        return match.group(0)
    index = _GRADE_ORDER.index(above) + (2 if match["n"].casefold() == "two" else 1)
    if match["n"].casefold().startswith("the") and reference is None and not match["pronoun"]:
        index = 1 if above == "demonstrably-effective" else index  # "the next tier down"
    if index >= len(_GRADE_ORDER):
        return match.group(0)
    wording = grade_wording(_GRADE_ORDER[index])
    return ("ranked " if _POSITION_VERB.search(text, 0, match.start()) else "") + wording


# A verb of position before the place ("sat one rung below the top"): the place is a ranking.
_POSITION_VERB = re.compile(
    r"\b(?:sat|sits|stood|stands|came|comes|landed|lands|finished|ended\s+up)\s+$", re.IGNORECASE
)


def plain_wording(text: str) -> str:
    """The sentence with the wordings that only name a grade another way written plainly, for
    the readings to bind: a place ("one rung below the top" as "probably effective"), "the same
    grade" after one grade, a grade shared by two adverbs, asides between an item and its verb,
    a study that worked for the task force. Every reading of a sentence's grades starts here
    (`graded_items`, the anaphora of `grading_anaphora`)."""
    if "(" in text:  # "the third task force (Norcross & Lambert, 2019) rated X P": the year
        text = _PANEL_CITATION.sub(r"\g<year> \g<panel>", text)  # before it, as "the 2019 …"
    if "did " in text:  # "but it did rate X P": the emphatic past is the plain past
        text = _EMPHATIC_DID.sub(lambda m: _EMPHATIC_PAST[m[1].casefold()], text)
    if "from" in text and _SHARED_EFFECTIVE.search(text):
        text = _SHARED_EFFECTIVE.sub(r"from \g<1> effective to \g<2> effective", text)
    if "enough" in text:  # "strong enough to call it P" as "strong enough for a P rating"
        text = _ENOUGH_TO_CALL.sub(r"enough for a \g<grade> rating", text)
    if "the top" in text or "the very top" in text:  # "rated at the top": "rated" + the grade
        text = _AT_THE_TOP.sub(lambda m: " " * len(m[0]), text)
    if " for the " in text:  # "by Burlingame's team for the 2011 task force": the task force's
        text = _STUDY_FOR_PANEL.sub(r"\g<lead> \g<panel>", text)
    if "," in text:
        text = _COMMA_ASIDE.sub(_comma_aside, text)
        text = _SET_OFF_AFTER_BE.sub(r"\g<be> \g<aside> ", text)
    if ", and that " in text or ", and which " in text:
        # "Among the elements that the task force rated P, and that Gestalt therapists could
        # claim, was X": the second relative clause says nothing of the grade
        text = _SECOND_RELATIVE.sub("", text)
    if "likewise," in text:  # "X was rated P, Y likewise, and Z Q": "Y the same"
        text = _LIKEWISE_GAP.sub(" the same,", text)
    if "same" in text:  # "…, and gave Y the same grade": the one grade named before it
        text = _SAME_GRADE_HERE.sub(lambda m: _same_grade_here(text, m), text)
    if "the " in text and _BELOW_THE_GRADED.search(text):  # "just below the elements rated P"
        text = _BELOW_THE_GRADED.sub(lambda m: " " * len(m[0]), text)
    if " of the " in text:  # "the strongest of the three grades": the strongest grade
        text = _OF_THE_GRADES.sub(r"the \g<place> grade", text)
    if " under the " in text:  # "rated P under the heading of X": X rated P
        text = _UNDER_HEADING.sub(r"\g<verb> \g<item> \g<grade>\g<when>", text)
    if " of " in text and "from" in text:  # "the task force's upgrade of X from P to Q"
        text = _CHANGE_NOUN.sub(
            lambda m: f"{m['owner']} {_CHANGE_VERBS[m['noun'].casefold()]} ", text
        )
    if "ing " in text:  # "… went further, placing X among the P elements": "and placed X …"
        text = _GRADING_PARTICIPLE.sub(
            lambda m: f", and {_PARTICIPLE_PAST[m[1].casefold()]} ", text
        )
    if "that " in text:  # "kept that top rating": the top rating
        text = _THAT_PLACE.sub("the ", text)
    if "respectively " in text:  # "rated respectively P and Q": "rated P and Q, respectively"
        text = _RESPECTIVELY_FIRST.sub(r"\g<grades>, respectively", text)
    if "respectively" in text:  # "Two 2019 elements …, A and B, rated P and Q, respectively"
        text = _COUNTED_APPOSITION.sub(_counted_apposition, text)
    if ":" in text:  # "three elements share the P grade that …: A, B and C"
        text = _GRADED_COLON_LEAD.sub(_colon_lead, text)
    if " one" in text:  # "X earned the highest grade, and Y the middle one"
        text = _PLACE_ONE.sub(lambda m: _place_one(text, m), text)
    if may_contain(text, _STEP_WORDS):
        text = _FIRST_PLACE.sub(r"top\g<noun>", text)  # "the first tier" is the top one
        text = _STEP_THEN_GRADE.sub("", text)  # "one rank lower, P": P decides
        text = _STEP_BELOW.sub(lambda m: _step_below(text, m), text)
    return text


_SECOND_RELATIVE = re.compile(
    r"(?<=effective|promising),\s+and\s+(?:that|which)\s+(?![^,;:]*?(?:effective|promising))"
    r"[^,;:]{1,100}(?=,)",
    re.IGNORECASE,
)
_LIKEWISE_GAP = re.compile(r"(?<=[a-z]) likewise,", re.IGNORECASE)
_PANEL_CITATION = re.compile(
    r"\b(?P<panel>task[\s-]force|panel)\s*\([^()\d]{0,60}?\b(?P<year>(?:19|20)\d\d)[a-z]?\s*\)",
    re.IGNORECASE,
)
_EMPHATIC_PAST = {
    "rate": "rated",
    "grade": "graded",
    "judge": "judged",
    "deem": "deemed",
    "class": "classed",
    "classify": "classified",
    "place": "placed",
    "find": "found",
    "call": "called",
    "put": "put",
}
_EMPHATIC_DID = re.compile(rf"\bdid\s+({'|'.join(_EMPHATIC_PAST)})\b", re.IGNORECASE)
# "the evidence for X strong enough to call it P": the evidence earned X the grade
_ENOUGH_TO_CALL = re.compile(
    r"enough\s+to\s+(?:call|rate|label|deem|judge|class|classify|grade|designate)\s+"
    r"(?:it|them|the\s+(?:adaptation|element|item)s?)\s+(?:as\s+)?"
    rf"(?P<grade>{_ANY_GRADE})",
    re.IGNORECASE,
)
# "demonstrably and probably effective": two grades sharing their last word
_ELIDED_PAIR = re.compile(
    r"\b(?:demonstrably\s+(?:and|or)\s+probably|probably\s+(?:and|or)\s+demonstrably)[\s-]+effective\b",
    re.IGNORECASE,
)
_PAIRED_GRADES = frozenset(["demonstrably-effective", "probably-effective"])


def _table_row(text: str) -> list[Stated] | None:
    """A table row whose first cell names graded items and whose other cells are grades alone
    (one per edition column: "Empathy | demonstrably effective | demonstrably effective"), with
    a year cell or none: every grade cell grades the first cell's items. None when the row has
    fewer than two grade cells, or any other cell (the existing readings decide then)."""
    cells = [c.strip() for c in text.split("|")]
    first, rest = cells[0], [c for c in cells[1:] if c]
    grades = [GRADE_RE.match(c) for c in rest]
    cell_grades = [
        g for g, c in zip(grades, rest, strict=True) if g and _GRADE_CELL.fullmatch(c[g.end() :])
    ]
    years = [c for c in rest if _YEAR_CELL.fullmatch(c)]
    notes = [c for c in rest if not _YEAR_CELL.fullmatch(c) and not GRADE_RE.search(c)]
    # "Goal consensus | Demonstrably effective | 2019 (third) | Agreeing the focus": one grade, its
    # edition's cell, and notes that grade nothing
    one_with_notes = len(cell_grades) == 1 and len(years) == 1 and 2 + len(notes) == len(rest)
    several = len(cell_grades) >= 2 and len(cell_grades) + len(years) == len(rest)
    if len(years) > 1 or not (one_with_notes or several):
        return None
    mentions = _mentions(first)
    if not plain_list(first, mentions):
        return None
    if len(cell_grades) == 1 and years:
        edition, year = _year_cell(years[0])  # the one grade's edition, in a column of its own
    else:
        edition, year = edition_of(years[0]) if years else (None, None)
    adapting = bool(ADAPTING_RE.search(first))
    stated: list[Stated] = []
    for match in cell_grades:
        for mention in mentions:
            node = concept_node(mention.concepts, adapting)
            _append(stated, Stated(node, grade_of(match), mention.contexts, edition, year))
    return stated


def column_gradings(text: str, columns: tuple[str, ...]) -> list[Stated] | None:
    """A table row read with its header ("Element | Second edition (2011) | Third edition
    (2019)"): each grade cell grades the first cell's items in the edition its column names.
    None when no column names one edition, or the row is not items and grade cells alone."""
    cells = [c.strip() for c in text.split("|")]
    if len(cells) != len(columns) or len(cells) < 2:
        return None
    editions = [_header_edition(header) for header in columns]
    if not any(edition for edition, _ in editions[1:]):
        return None
    mentions = _mentions(cells[0])
    if not mentions or not plain_list(cells[0], mentions):
        return None
    adapting = bool(ADAPTING_RE.search(cells[0]))
    stated: list[Stated] = []
    for cell, (edition, year) in zip(cells[1:], editions[1:], strict=True):
        grade = GRADE_RE.match(cell)
        if grade is None or not _GRADE_CELL.fullmatch(_parenthesis_free(cell[grade.end() :])):
            if GRADE_RE.search(cell):
                return None  # a grade inside other words: the sentence readings decide
            continue  # a note or source column
        for mention in mentions:
            node = concept_node(mention.concepts, adapting)
            _append(stated, Stated(node, grade_of(grade), mention.contexts, edition, year))
    return stated or None


def _header_edition(header: str) -> tuple[int | None, int | None]:
    """The edition a column header names: as a sentence would ("Third edition", "2019
    conclusions"), or a task-force year alone in it ("2019 grade", "Grade (2019)")."""
    edition, year = edition_of(header)
    if edition is None:
        years = {int(y) for y in re.findall(rf"\b{_YEAR_TEXT}\b", header)}
        if len(years) == 1 and (only := years.pop()) in _EDITION_YEARS:
            return _EDITION_YEARS[only], only
    return edition, year


def _parenthesis_free(text: str) -> str:
    """`text` without its parentheses ("(as positive regard and affirmation)")."""
    return re.sub(r"\([^()]*\)", "", text)


# An edition's cell: "2019", "(2011)", "2019 (third)", "third edition", "3rd".
_YEAR_CELL = re.compile(
    r"\(?(?P<year>(?:19|20)\d\d)\)?(?:\s*\((?P<ordinal>[a-z0-9]+)(?:\s+edition)?\))?"
    r"|(?P<alone>first|second|third|1st|2nd|3rd)(?:\s+edition)?",
    re.IGNORECASE,
)


def _year_cell(cell: str) -> tuple[int | None, int | None]:
    """The edition and year an edition's cell gives (the year wins a disagreement's doubt:
    neither is kept)."""
    match = _YEAR_CELL.fullmatch(cell)
    if match is None:
        return None, None
    if match["alone"]:
        return _ORDINALS.get(match["alone"].casefold()), None
    year = int(match["year"])
    edition = _EDITION_YEARS.get(year)
    if match["ordinal"] and _ORDINALS.get(match["ordinal"].casefold()) != edition:
        return None, None
    return edition, year


# What may follow a grade in a table cell: a parenthesis ("(as positive regard and
# affirmation)"), a marker's remains, nothing else.
_GRADE_CELL = re.compile(r"\s*(?:\([^()]*\))?\s*[.,;]?\s*")


# "from probably to demonstrably effective": one "effective" for two grades, read as written out
_SHARED_EFFECTIVE = re.compile(
    r"\bfrom\s+(probably|demonstrably)\s+to\s+(probably|demonstrably)[\s-]+effective\b",
    re.IGNORECASE,
)


def current_item(fact: Stated) -> Stated:
    """A label the later editions graded only under a longer name is that item when the sentence
    dates the grade after 2002 or gives a grade the 2002 edition never gave it: "feedback, rated
    demonstrably effective in 2011" is collecting client feedback (see `scheme.successor`)."""
    twin = scheme.same_label_in_edition(fact.item.kind, fact.item.slug, fact.edition)
    if twin is not None:  # "expectations, judged promising in 2011": the 2011 adaptation
        return replace(fact, item=Node(twin.kind, twin.slug, twin.pref_label))
    later = scheme.successor(fact.item.kind, fact.item.slug)
    if later is None or fact.edition == 2002:
        return fact
    if fact.edition is None and fact.grade == "promising":
        return fact  # the 2002 grade, or a later one: the sentence does not say
    return replace(fact, item=Node(later.kind, later.slug, later.pref_label))


def _graded(text: str) -> list[Stated]:
    if text.count("|") >= 2:
        row = _table_row(text)
        if row is not None:
            return row  # "Positive regard | probably effective | demonstrably effective"
    masked, changes = _mask_changes(_mask_contrasts(text))
    masked, likewise = _mask_likewise(masked)
    mentions = _mentions(masked)
    bindings: list[_Binding] = []
    previous_end = 0
    verbal = False  # a verb construction graded items earlier in this sentence
    announced = _ANNOUNCED.search(masked) if ":" in masked else None  # every match holds a colon
    every_grade = list(GRADE_RE.finditer(masked))  # bound or not, readable or not
    grades = [m for m in every_grade if _reads_as_grade(masked, m) and _panel_if_placed(masked, m)]
    # "The verdicts were clear: X P, Y Q" (not "For X, the verdict was clear: P", which names X)
    if _TOPIC_LEAD.match(masked):
        announced = None
    if announced and every_grade and announced.end() <= every_grade[0].start():
        verbal, previous_end = True, announced.end()
    for match in grades:
        found = _bind(masked, match, mentions, previous_end, verbal)
        same_subject = False
        gap = masked[previous_end : match.start()]
        inside = masked.rfind("(", 0, previous_end) > masked.rfind(")", 0, previous_end)
        again = (verbal and _SAME_SUBJECT.match(gap)) or (
            inside
            and _NEXT_IN_PARENTHESIS.match(gap)
            and not _OTHER_SOURCE.match(masked[match.end() :])
        )
        after_relative = (
            bindings
            and (
                _RELATIVE_OPEN.search(
                    masked,
                    max(0, bindings[-1].grade.start() - _LINK_REACH),
                    bindings[-1].grade.start(),
                )
                or _set_off(masked, bindings[-1])
            )
            and _AFTER_RELATIVE.match(gap)
        )
        again = again or bool(after_relative) or bool(verbal and _UP_FROM.match(gap))
        if found is None and bindings and again:
            last = bindings[-1]  # "X was rated P in 2002 and Q in 2011"
            found, same_subject = (last.runs, last.unknown, match.end(), True), True
        if found is None:
            continue
        clause_start = _clause_start(masked, match.start(), 0)
        if _unsure(masked, clause_start, match):
            continue  # "may be rated P", "proposed that X be upgraded to P": no grade yet
        lead = _SET_OFF.sub(lambda m: " " * len(m[0]), masked[clause_start : match.start()])
        cuts = list(_SUBORDINATE_CUT.finditer(lead))
        lead = lead[cuts[-1].end() :] if cuts else lead  # "…believe X is harmful, but the …"
        belief = _BELIEF.search(lead)  # not in an aside: "X, a principle argued by Y, was …"
        if belief and not _PANEL_SUBJECT.search(lead, 0, belief.start()):
            continue  # "Some clinicians believe X is P": someone's view, no task force's grade
        runs, unknown, reach, is_verbal = found
        verbal = verbal or is_verbal
        previous_end = max(match.end(), reach)
        bindings.append(_Binding(runs, unknown, match, same_subject))
    ordinal = _by_ordinals(text, masked, mentions, grades, every_grade)
    if ordinal is not None:
        return ordinal  # "… graded the first P, the second Q": the items in the order named
    paired = _item_grade_pairs(text, masked, mentions, every_grade)
    if paired:
        return paired  # "The 2019 picture: alliance, P; goal consensus, P; …"
    clefts = _clefts(text, masked, mentions, every_grade)
    stated: list[Stated] = []
    grade_positions = [m.start() for m in every_grade]
    taken = {b.grade.start() for b in bindings}
    unbound = [m for m in grades if m.start() not in taken]
    subject_facts: list[Stated] = []  # what the last subject was given ("…, as was Y")
    for binding, first_match in _respectively(masked, bindings):
        before = len(stated)
        for grade_match in [first_match, *later_grades(masked, first_match, unbound)]:
            earlier = changes.get(grade_match.start())
            pair = _change_editions(text, earlier, grade_match) if earlier else None
            _state(stated, text, masked, binding, grade_match, grade_positions, pair and pair[1:])
            if earlier is not None:  # "climbed from P in 2011 to Q in 2019": P too, its year
                positions = sorted([*grade_positions, earlier.start()])
                _state(stated, text, text, binding, earlier, positions, pair and pair[:1])
        # "X was rated P in 2011 and Q in 2019": both bindings are one subject's
        given = stated[before:]
        subject_facts = [*subject_facts, *given] if binding.same_subject else given
    for fact in clefts:
        _append(stated, fact)
    if not _NON_TASK_FORCE.search(masked):
        bound = {id(m) for binding in bindings for run in binding.runs for m in run.mentions}
        loose = [m for m in mentions if id(m) not in bound]
        # where a bound grade's items start: a loose item before a verb that governs them is
        # not its ("… P adaptations, A and B, and placed C a rung lower": C's grade only)
        first_item = {
            b.grade.start(): min(m.start for run in b.runs for m in run.mentions)
            for b in bindings
            if any(run.mentions for run in b.runs)
        }
        for mention, grade_match in unit_bindings(masked, loose, grades, mentions):
            if _unsure(masked, _clause_start(masked, grade_match.start(), 0), grade_match):
                continue
            start = first_item.get(grade_match.start())
            if (
                start is not None
                and mention.end <= start
                and _ACTIVE_VERB.search(masked, mention.end, start)
            ):
                continue
            clause = _clause(masked, grade_match.start())
            node = concept_node(mention.concepts, bool(ADAPTING_RE.search(clause)))
            for edition, year in _editions_for(text, grade_match, grade_positions):
                fact = Stated(node, grade_of(grade_match), mention.contexts, edition, year)
                _append(stated, fact)
    if likewise is not None and not subject_facts and not bindings:
        subject_facts = stated  # "X is among the elements … P, as is Y": the one subject's
    if likewise is not None and subject_facts:
        for fact in _likewise(*likewise, subject_facts):
            _append(stated, fact)
    return stated


# "the first", "the second", "the former", "the latter" (and a noun: "the former adaptation")
# before a grade: an item named earlier in the sentence, by its place in a list.
_ORDINAL_REFERENCE = re.compile(
    r"\bthe\s+(?P<place>first|second|third|fourth|former|latter|last)\b"
    r"(?:\s+(?:one|element|adaptation|item|condition|factor))?\s+(?="
    r"(?:(?:was|were|is|are|has\s+been|had\s+been)\s+)?(?:\w+ly\s+)?(?:(?:rated|judged|graded"
    r"|deemed|called|classed|classified|found|considered|placed|listed|put|labell?ed)\s+)?"
    r"(?:(?:as|in|among)\s+)?(?:(?:only|merely|just)\s+)?[\"“‘']?(?:" + GRADE_RE.pattern + ")"
    # "… the former P and the latter likewise": the grade of the reference before
    r"|(?:(?:was|were)\s+)?(?:rated\s+)?(?P<same>likewise|too|as\s+well|no\s+less\s+so|similarly)\b)",
    re.IGNORECASE,
)
_PLACES = {"first": 0, "former": 0, "second": 1, "third": 2, "fourth": 3}


def _by_ordinals(
    text: str,
    masked: str,
    mentions: list[Mention],
    grades: list[re.Match[str]],
    every_grade: list[re.Match[str]],
) -> list[Stated] | None:
    """ "Of A, B and C, the task force graded the first P, the second Q …"; "… rated the former
    P and the latter Q": each reference takes the grade that follows it, and the item at its
    place among those named before the first reference. None when the sentence has no such
    reference; no facts when a place has no item or a reference no grade of its own."""
    references = list(_ORDINAL_REFERENCE.finditer(masked))
    if not references:
        return None
    items = [m for m in mentions if m.end <= references[0].start()]
    if _NON_TASK_FORCE.search(masked) or not items:
        return []
    positions = [m.start() for m in every_grade]
    stated: list[Stated] = []
    grade: re.Match[str] | None = None
    for index, reference in enumerate(references):
        limit = references[index + 1].start() if index + 1 < len(references) else len(masked)
        if reference["same"] is None or grade is None:
            grade = next((g for g in grades if reference.end() <= g.start() < limit), None)
        place = reference["place"].casefold()
        at = len(items) - 1 if place in ("latter", "last") else _PLACES[place]
        if grade is None or at >= len(items) or (place == "latter" and len(items) != 2):
            return []
        item = items[at]
        adapting = bool(ADAPTING_RE.search(_clause(masked, grade.start())))
        node = concept_node(item.concepts, adapting)
        for edition, year in _editions_for(text, grade, positions):
            _append(stated, Stated(node, grade_of(grade), item.contexts, edition, year))
    return stated


_PAIR = re.compile(
    r"\s*(?:and\s+)?(?:the\s+)?(?P<item>[^,;:]+?),\s*(?:[\"“‘']\s*)?(?P<grade>"
    + GRADE_RE.pattern
    + r")\s*[\"”’']?\s*[.;]?\s*",
    re.IGNORECASE,
)
# What the colon's lead must name for its pairs to be the task force's grades.
_PAIRS_LEAD = re.compile(r"task[\s-]force|edition|\b(?:2002|2011|2019)\b", re.IGNORECASE)


def _item_grade_pairs(
    text: str, masked: str, mentions: list[Mention], every_grade: list[re.Match[str]]
) -> list[Stated]:
    """Two or more "item, grade" pairs set off by semicolons after a colon whose lead names the
    task force, an edition or its year ("Task force (2019): culture, P; preferences, P"). Each
    pair must be a scheme item and a grade and nothing else; one pair that is not makes none."""
    colon = masked.find(":")
    if colon < 0 or not _PAIRS_LEAD.search(masked, 0, colon) or _NON_TASK_FORCE.search(masked):
        return []
    segments = masked[colon + 1 :].split(";")
    if len(segments) < 2:
        return []
    lead_grade = next((g for g in every_grade if g.start() < colon), None)
    if lead_grade is not None:
        return []  # a grade before the colon: the colon explains it, and other readings apply
    positions = [m.start() for m in every_grade]
    lead_years = {int(y) for y in re.findall(rf"\b{_YEAR_TEXT}\b", masked[:colon])}
    lead_years &= set(_EDITION_YEARS)
    stated: list[Stated] = []
    offset = colon + 1
    for segment in segments:
        pair = _PAIR.fullmatch(segment)
        if pair is None:
            return []
        start, end = offset + pair.start("item"), offset + pair.end("item")
        item = next((m for m in mentions if start <= m.start and m.end <= end + 1), None)
        grade = next((g for g in every_grade if g.start() == offset + pair.start("grade")), None)
        if item is None or grade is None:
            return []
        node = concept_node(item.concepts, bool(ADAPTING_RE.search(segment)))
        edition, year = _edition_for(text, grade, positions)
        if edition is None and len(lead_years) == 1:  # "The 2019 picture: …": every pair's
            year = lead_years.pop()
            edition = _EDITION_YEARS[year]
            lead_years.add(year)
        _append(stated, Stated(node, grade_of(grade), item.contexts, edition, year))
        offset += len(segment) + 1
    return stated


# "Empathy, not congruence, was the condition that the 2011 task force rated P"; "Cohesion
# earned the same P rating as the alliance": the item the copula or the comparison names.
_CLEFT = re.compile(
    r"(?P<gap>(?:\s*,[^,;:]{1,40},)?\s+(?:is|was|are|were)\s+(?:the|one)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:elements?|conditions?|adaptations?|ones?|factors?|ingredients?|variables?)\s+(?:that|which)"
    r"\s+(?:the\s+)?(?:(?:2002|2011|2019|first|second|third)\s+)?(?:task[\s-]force|panel)\s+"
    r"(?:had\s+|has\s+)?(?:rated|judged|deemed|graded|classed|classified|called|found|placed)\s+"
    r"(?:as\s+|among\s+the\s+)?[\"“‘']?)$",
    re.IGNORECASE,
)
# A pseudo-cleft: "What the second task force rated P was X".
_WHAT_CLEFT = re.compile(
    r"^\s*What\s+(?:the\s+)?(?:(?:2002|2011|2019|first|second|third)\s+)?(?:APA\s+)?"
    r"(?:interdivisional\s+)?(?:task[\s-]force|panel|review|edition|report)\s+(?:had\s+|has\s+)?"
    r"(?:rated|judged|deemed|graded|classed|classified|called|found)\s+(?:as\s+)?[\"“‘']?$",
    re.IGNORECASE,
)
_WHAT_NAMED = re.compile(r"[\"”’']?\s*,\s*(?:the\s+)?")
_COMMA_NEXT = re.compile(r"\s*,")
_WORD_FOR = re.compile(
    r"[\"”’']?\s+(?:was|is|remained|remains|became)\s+(?:the\s+)?(?:task\s+force's\s+)?"
    r"(?:word|verdict|label|grade|rating|term|classification)\s+(?:for|on|given\s+to)\s+"
    r"(?:the\s+)?",
    re.IGNORECASE,
)


def _opens(text: str, grade: re.Match[str]) -> bool:
    """Whether the grade opens its sentence or clause ("Promising was …", "…; promising was …")."""
    return not text[_clause_start(text, grade.start(), 0) : grade.start()].strip(" \"“‘'*_")


# A one-item question, its answer the grade: "Feedback? Top marks — P in 2011 and again in 2019."
_ASKED = re.compile(
    r"\s*(?:(?:and|so|what\s+about|how\s+about)\s+)?(?:the\s+)?(?P<item>[^?.;:,]{2,60}?)\?\s+"
    r"(?:(?:[A-Z][\w-]*\s+){0,2}[A-Za-z-]*\s*[—–-]\s*)?[\"“‘']?",
    re.IGNORECASE,
)
# A yes-or-no question answered yes, its source named after: "Is cohesion P? Yes, said the 2011
# conclusions." (the item right before the grade, the answer right after the question mark)
_YES_NO = re.compile(r"\s*(?:is|are|was|were)\s+(?:the\s+)?(?P<item>[^?.;:,]{2,60}?)\s+", re.I)
_ANSWERED_YES = re.compile(
    r"[^?.;]{0,40}\?\s+(?:yes|indeed|it\s+(?:is|was)|they\s+(?:are|were))\b", re.IGNORECASE
)
_WHICH_ASKED = re.compile(
    r"\s*(?:which|what)\s+(?:relationship\s+|relational\s+|responsiveness\s+)?(?:elements|adaptations|items)\s+"
    r"(?:did|does|do|has|have)\s+[^?.;]{0,60}?\s+(?:rate|judge|grade|find|call|deem|consider"
    r"|classify)\s+(?:as\s+)?[\"“‘']?",
    re.IGNORECASE,
)
_WHICH_ANSWER = re.compile(
    r"[\"”’']?[^?.;]{0,30}\?\s+(?:(?:two|three|four|five|six|seven|all|these|they\s+were)\s*"
    r"[:—–,]?\s*)?",
    re.IGNORECASE,
)
_WHAT_THEN = re.compile(  # (past a setting: "… for religious clients was …")
    r"[\"”’']?(?:\s+(?:for|with|in|among)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+)?"
    r"\s+(?:was|were|is|are)\s+(?:the\s+)?"
    # "was accommodation of their religion and spirituality": the adaptation's item
    r"(?:(?:accommodation|tailoring|adaptation|matching)\s+(?:of|to)\s+(?:their\s+|the\s+)?)?",
    re.IGNORECASE,
)
_SAME_AS = re.compile(
    r"[\"”’']?\s+(?:rating|grade|status|label|designation)\s+(?:in\s+(?:19|20)\d\d\s+)?as\s+"
    r"(?:the\s+|did\s+)?",
    re.IGNORECASE,
)


def _clefts(
    text: str, masked: str, mentions: list[Mention], every_grade: list[re.Match[str]]
) -> list[Stated]:
    """Items a cleft or a "the same P rating as X" comparison grades (see `_CLEFT`)."""
    if _NON_TASK_FORCE.search(masked):
        return []
    positions = [m.start() for m in every_grade]
    found: list[Stated] = []
    for grade in every_grade:
        before = _CLEFT.search(masked, max(0, grade.start() - 200), grade.start())
        item = None
        before_last: list[Mention] = []
        what = _WHAT_CLEFT.match(masked[: grade.start()])
        if before is not None:
            item = next((m for m in mentions if m.end == before.start()), None)
        elif what is not None and (named := _WHAT_NAMED.match(masked, grade.end())) is not None:
            # "What the 2011 task force rated P, X, the 2019 task force rated Q": the item set
            # off after the what-clause
            item = next((m for m in mentions if m.start == named.end()), None)
            if item is not None and not _COMMA_NEXT.match(masked, item.end):
                item = None
        elif what is not None and (then := _WHAT_THEN.match(masked, grade.end())) is not None:
            # "What the second task force rated P was X": the item after the copula
            item = next((m for m in mentions if m.start == then.end()), None)
        elif (word := _WORD_FOR.match(masked, grade.end())) is not None and _opens(masked, grade):
            # "Promising was the word for X in 2011": the grade first, named as the word for X
            item = next((m for m in mentions if m.start == word.end()), None)
        elif (
            asked := _ASKED.fullmatch(masked, 0, grade.start())
        ) is not None and _PANEL_SUBJECT.search(masked, grade.end()):
            # "Empathy? Demonstrably effective, in the 2019 task force's words": the question's
            # item, the answer's grade, its source named after it
            item = next((m for m in mentions if m.end == asked.end("item")), None)
        elif (
            (asked := _YES_NO.fullmatch(masked, 0, grade.start())) is not None
            and (yes := _ANSWERED_YES.match(masked, grade.end())) is not None
            and _PANEL_SUBJECT.search(masked, yes.end())
        ):
            # "Is cohesion P? Yes, said the 2011 conclusions": asked of the items, answered yes
            asked_items = [
                m for m in mentions if asked.start("item") <= m.start and m.end <= asked.end("item")
            ]
            item = asked_items[-1] if asked_items else None
            before_last = asked_items[:-1]
        elif (
            _WHICH_ASKED.fullmatch(masked, 0, grade.start()) is not None
            and _PANEL_SUBJECT.search(masked, 0, grade.start()) is not None
            and (answer := _WHICH_ANSWER.match(masked, grade.end())) is not None
        ):
            # "Which adaptations did the 2011 task force rate P? Four: X, Y, Z and W."
            listed = [m for m in mentions if m.start >= answer.end()]
            region = _mentions_region(masked, answer.end())
            if listed and plain_list(region, _mentions(region)):
                item, before_last = listed[-1], listed[:-1]
        elif masked[: grade.start()].rstrip(" \"“‘'").casefold().endswith("the same"):
            same = _SAME_AS.match(masked, grade.end())
            item = next((m for m in mentions if same and m.start == same.end()), None)
        if item is None:
            continue
        clause = _clause(masked, grade.start())
        edition, year = _edition_for(text, grade, positions)
        for each in [*before_last, item]:
            node = concept_node(each.concepts, bool(ADAPTING_RE.search(clause)))
            found.append(Stated(node, grade_of(grade), each.contexts, edition, year))
    return found


def _mentions_region(text: str, start: int) -> str:
    """The text from `start` to the end of its sentence, without the closing stop."""
    return text[start:].rstrip().rstrip(".;")


def _set_off(text: str, binding: _Binding) -> bool:
    """Whether the binding's grade was set off after its item ("X, P in 2011, …", "X, rated P,
    …"), so that the verb after it is the item's."""
    items = [m for run in binding.runs for m in run.mentions]
    if not items:
        return False
    between = text[items[-1].end : binding.grade.start()]
    return bool(
        _COMMA_ONLY.fullmatch(between)
        or between.strip() in ("—", "–")
        or _REDUCED_BEFORE.match(between)
    )


def _state(
    stated: list[Stated],
    text: str,
    masked: str,
    binding: _Binding,
    grade_match: re.Match[str],
    grade_positions: list[int],
    editions: list[tuple[int | None, int | None]] | None = None,
) -> None:
    """Append what one binding states with one grade: each item of its runs, and the unknown
    (in `editions` when given, else those the sentence gives the grade)."""
    grade = grade_of(grade_match)
    shared = _trailing_contexts(masked[grade_match.end() :])
    clause = _clause(masked, grade_match.start())
    for edition, year in editions or _editions_for(text, grade_match, grade_positions):
        for run in binding.runs:
            adapting = run.adapting or bool(ADAPTING_RE.search(clause))
            for mention in run.mentions:
                node = concept_node(mention.concepts, adapting)
                contexts = mention.contexts or shared
                _append(stated, Stated(node, grade, contexts, edition, year))
        if binding.unknown is not None:
            _append(stated, Stated(binding.unknown, grade, shared, edition, year))


def _panel_if_placed(text: str, match: re.Match[str]) -> bool:
    """A grade named by its place ("the top rating", "the middle tier") is the task force's only
    when its clause names the task force, an edition or its report ("Clients gave empathy the top
    rating" grades nothing)."""
    if _PLACED.match(match.group(0)) is None:
        return True
    return _PANEL_SUBJECT.search(_clause(text, match.start())) is not None


_PLACED = re.compile(
    r"highest|top|strongest|middle|lowest|bottom|too\s|first|second|next|the\s", re.IGNORECASE
)


def _reads_as_grade(text: str, match: re.Match[str]) -> bool:
    """A grade phrase that reads as a grade: not an adjective of another noun ("a promising
    training approach") and not a grade some other body or a study gives."""
    after = text[match.end() :]
    if _ATTRIBUTIVE.search(text, 0, match.start()) and _item_follows(after):
        return True  # "the demonstrably effective patient preferences adaptation"
    if _CHANGE_OF_TO.search(text, max(0, match.start() - 90), match.start()):
        return True  # "the 2019 elevation of X to P pleased …": the change's own grade
    if _FINITE_AFTER_SUBJECT.match(after) and _CONCLUDED_THAT_BE.search(
        text, max(0, match.start() - _LINK_REACH), match.start()
    ):
        return True  # "the task force's finding that X is P surprised nobody"
    if _LEVEL_AFTER.match(after):  # "at the P level": a grade where the clause names whose
        return _PANEL_SUBJECT.search(_clause(text, match.start())) is not None
    if _OPINION_AFTER.match(after):
        return False  # "X is P, according to critics": someone's view, not the task force's
    return bool(_AFTER_GRADE.match(after)) and not _OTHER_GRADER_AFTER.match(after)


_LEVEL_AFTER = re.compile(r"[\"”’']?\s+levels?\b", re.IGNORECASE)
_CHANGE_OF_TO = re.compile(
    r"\b(?:elevation|promotion|upgrade|upgrading|demotion|downgrading|downgrade|move|rise)\s+of\s+"
    r"[^,;:.()]{1,60}?\s+to\s+[\"“‘']?$",
    re.IGNORECASE,
)
# A determiner right before a grade that is an adjective of the item named after it.
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|their)\s+$", re.IGNORECASE)


def _item_follows(after: str) -> bool:
    """A scheme item right after the grade, then the noun of its kind ("… patient preferences
    adaptation", "… empathy element"): the grade is said of that item."""
    stripped = after.lstrip()
    label = scheme.label_re().match(stripped) if stripped[:1].isalpha() else None
    return label is not None and bool(KIND_NOUN_AFTER.match(stripped, label.end()))


# A year right after the grade dates that grade: "P in 2011", "P by the 2011 task force", and in
# a parenthesis "(P; 2019)", "(P, 2011)", "P (2019)".
_PLACE_NOUN = re.compile(
    r"[\s-]+(?:grade|rating|tier|category|classification|designation|level|band)\b"
    # "a P basis for adapting treatment in 2011", "a Q one in 2019"
    r"|\s+(?:(?:relationship|responsiveness)\s+)?(?:element|adaptation|one|bas[ie]s\s+for\s+"
    r"(?:adapting|tailoring|matching|adjusting)(?:\s+(?:treatment|therapy|psychotherapy))?)\b",
    re.IGNORECASE,
)
_ATTACHED_YEAR = re.compile(
    r"\s+(?:in|as\s+of|since|by)\s+(?:19|20)\d\d\b"
    r"|\s*(?:\(|[,;])\s*(?P<bare>(?:19|20)\d\d)\s*[)\]]"
    r"|\s*\|\s*(?P<cell>(?:19|20)\d\d)\s*(?:\||$)"  # a table row: "X | P | 2019"
    r"|\s+(?:by|in|according\s+to)\s+(?:the\s+|its\s+)?(?P<agent>(?:19|20)\d\d)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:task[\s-]force|panel|review|edition|report|conclusions|volumes?|ones|ratings|verdicts)\b"
    r"|\s+(?:by|in|for|according\s+to)\s+(?:the\s+|its\s+)(?:first|1st|second|2nd|third|3rd)\s+"
    r"(?:[\w-]+\s+){0,1}?(?:task[\s-]force|panel|review|edition|report|conclusions|volume)\b"
    # "… P by the second task force, … Q by the third": the noun left out after an ordinal
    r"|\s+(?:by|in|for)\s+the\s+(?P<elided>first|1st|second|2nd|third|3rd)(?=\s*(?:[.;,)]|$))",
    re.IGNORECASE,
)
# "X was judged Q by the 2019 task force, up from P in 2011": the grade before, the same item's
_UP_FROM = re.compile(
    r"^[^;:.]*?,\s*(?:(?:(?:a|one)\s+(?:step|notch|rung|grade)\s+)?(?:up|down)\s+|(?:upgraded"
    r"|downgraded|raised|promoted|moved\s+up)\s+)?from\s+"
    r"(?:an?\s+|the\s+|its\s+)?[\"“‘']?$",
    re.IGNORECASE,
)
_CHANGED_FROM = re.compile(r"\bfrom\s+(?:an?\s+|the\s+|its\s+)?[\"“‘']?$", re.IGNORECASE)
# A relative clause set off by commas, and one still open where a grade stands.
_RELATIVE_ASIDE = re.compile(r",\s*(?:which|who|whom)\s[^,;:()]*,", re.IGNORECASE)
_RELATIVE_OPEN = re.compile(r",\s*(?:which|who|whom)\s[^,;:()]*$", re.IGNORECASE)
# The main clause's verb after a relative clause that graded its item: "X, which the 2011 report
# called P, moved up to Q in 2019" gives X both.
_AFTER_RELATIVE = re.compile(
    r"^[\"”’']?(?:\s+(?:in|by)\s+[^,;:()—–]{1,40})?\s*[,—–]\s*(?:(?:was|were|had\s+been"
    r"|has\s+been|is|are|had|has)\s+)?(?:[a-z]+ly\s+)?(?:moved|rose|risen|climbed|jumped|advanced|dropped"
    r"|slipped|fell|returned|upgraded|downgraded|raised|lowered|promoted|demoted|elevated"
    r"|restored|rated|re-?rated|judged|deemed|classed|classified|graded|became|had\s+become"
    r"|has\s+become|placed|put|listed|counted|ranked|included)(?:\s+(?:up|down|back))?"
    r"(?:\s+(?:among|in|into|within)\s+the)?"
    r"(?:\s+(?:to|as))?\s+(?:an?\s+)?[\"“‘']?$",
    re.IGNORECASE,
)
# A grade after one of these in its clause is no grade yet: a modal before a grading verb ("may
# be rated P", "could move X to P"), a proposal, a future edition.
_UNSURE = re.compile(
    r"\b(?:may|might|could|would|should|will)\s+(?:(?:not|also|still|yet|eventually|soon|well"
    r"|then|perhaps|probably|surely|[a-z]+ly)\s+)*(?:(?:be|have\s+been)(?!\s+(?:[a-z]+ly\s+)?"
    r"(?:glad|pleased|happy|relieved|interested|surprised|reassured|gratified|delighted|proud)\b)"
    r"|rate|grade|judge|deem|class"
    r"|classify|place|put|count|list|move|upgrade|downgrade|raise|lower|promote|demote|earn"
    r"|receive|reach|join|keep|retain|become|remain|call|name|describe|consider|find|label|give"
    r"|award"
    # "would have called it P": a modal's perfect, what did not happen
    r"|have\s+(?:called|named|rated|judged|deemed|described|considered|labell?ed|graded|classed"
    r"|classified|placed|given|awarded|found|put|kept|earned|received|reached))\b"
    r"|\bpropos(?:e|es|ed|al|als)\s+(?:that|to)\b|\brecommend(?:s|ed)?\s+that\b"
    r"|\b(?:future|upcoming|forthcoming)\s+(?:editions?|task\s+forces?|reviews?|rounds?"
    r"|updates?|reports?)\b"
    # a grader denied: "no edition has graded it", "neither task force rated X"
    r"|(?<!\bby\s)\b(?:no|neither)\s+(?:[\w-]+\s+){0,2}?(?:editions?|task[\s-]forces?|panels?|reports?"
    r"|reviews?|volumes?|rounds?)\b|\bnone\s+of\s+the\s+(?:[\w-]+\s+){0,2}?(?:editions"
    r"|task[\s-]forces|panels|reports|reviews|volumes)\b",
    re.IGNORECASE,
)


def _unsure(text: str, clause_start: int, grade: re.Match[str]) -> bool:
    """Whether the grade's clause, before it, leaves the grade unstated: a modal, a proposal, a
    future edition, a grader denied ("no edition has graded X P"); "could only" states it."""
    # a modal in a dashed or bracketed aside is the aside's ("X — what EFT might call Y — was …")
    plain = _ASIDES.sub(lambda m: " " * len(m[0]), text[: grade.start()])
    unsure = _UNSURE.search(plain, clause_start, grade.start())
    if unsure is None:
        return False
    # a modal or a denied grader in a clause before "but" or "although" is that clause's ("an
    # idea no task force graded, although X was graded P")
    breaks = list(_MAIN_CLAUSE_BREAK.finditer(plain, unsure.end(), grade.start()))
    if breaks:
        unsure = _UNSURE.search(plain, breaks[-1].end(), grade.start())
    return unsure is not None and not _COULD_ONLY.match(plain, unsure.start(), grade.start())


_ASIDES = re.compile(r"[—–][^—–;]{1,100}[—–]|\([^()]{1,100}\)")


# A view someone holds, not the task force's: "Some clinicians believe X is P"
_BELIEF = re.compile(
    r"\b(?:believes?|believed|assumes?|assumed|feels?|felt|argues?|argued|claims?|claimed"
    r"|suspects?|suspected|hopes?|hoped|doubts?|doubted|wonders?|wondered|insists?|insisted"
    r"|imagines?|imagined)\b",
    re.IGNORECASE,
)
_SET_OFF = re.compile(r",[^,;:]{1,80},")
# "could rate it only as P", "could only rate it P": what the task force did, not a guess
_COULD_ONLY = re.compile(r"could\s+(?:only\s|[^,;:.]*?\bonly\s+(?:as\s+|be\s+)?)", re.IGNORECASE)
_MAIN_CLAUSE_BREAK = re.compile(  # "yet" joins clauses after a comma ("may yet rate" is a modal's)
    r";|\.\s|,?\s+(?:but|while|whereas|although|though)\s|,\s+yet\s", re.IGNORECASE
)


# Editions named together for one grade: "in 2011 and 2019", "in both 2011 and 2019", "(2002,
# 2011 and 2019)", "in 2011 and again in 2019", "the 2011 and 2019 task forces", "both the 2011
# and the 2019 reviews".
_YEAR_TEXT = r"(?:19|20)\d\d"
_JOINT_YEARS = re.compile(
    rf"\b{_YEAR_TEXT}(?:\s*,\s*(?:the\s+)?{_YEAR_TEXT})*\s*,?\s+(?:and|&)\s+(?:again\s+)?"
    rf"(?:in\s+)?(?:the\s+)?{_YEAR_TEXT}\b"
)
_AFTER_GRADE_JOINT = re.compile(
    rf"\s+(?:in\s+|by\s+)?(?:both\s+|each\s+of\s+)?(?:the\s+)?(?={_YEAR_TEXT}\b)|\s*\(\s*(?={_YEAR_TEXT})",
    re.IGNORECASE,
)


def _editions_for(
    text: str, grade: re.Match[str], grades: list[int]
) -> list[tuple[int | None, int | None]]:
    """The editions the grade at `grade` is given in: several when its clause names them
    together ("P in 2011 and 2019", "which the 2011 and 2019 task forces rated P"), one per
    edition; else the one `_edition_for` finds (or none)."""
    lead = _AFTER_GRADE_JOINT.match(text, grade.end())
    joint = _JOINT_YEARS.match(text, lead.end()) if lead else None
    if joint is None:
        own = _own_clause(text, grade.start())
        years_in_clause = list(re.finditer(rf"\b{_YEAR_TEXT}\b", own))
        found = list(_JOINT_YEARS.finditer(own))
        if len(found) == 1 and len(years_in_clause) == len(re.findall(_YEAR_TEXT, found[0][0])):
            joint = found[0]
    if joint is not None:
        years = [int(y) for y in re.findall(_YEAR_TEXT, joint.group(0))]
        editions = [_EDITION_YEARS.get(y) for y in years]
        if all(editions) and len(set(editions)) == len(editions) >= 2:
            return [(e, y) for e, y in zip(editions, years, strict=True)]
    return [_edition_for(text, grade, grades)]


def _own_clause(text: str, position: int) -> str:
    """The main clause around `position` (cut at ";", a full stop, "but", "while" …)."""
    start = 0
    for cut in _MAIN_CLAUSE_BREAK.finditer(text):
        if cut.start() >= position:
            return text[start : cut.start()]
        start = cut.end()
    return text[start:]


def _edition_for(
    text: str, grade: re.Match[str], grades: list[int]
) -> tuple[int | None, int | None]:
    """The edition and year for the grade at `position`: those its own clause names, else those
    the sentence names outside every other clause that grades something ("In 2011, X was rated
    P, while Y was rated Q" gives both 2011; "X was rated P, but the third task force later
    rated it Q" gives P none). A year right after the grade ("P in 2011") is the grade's own."""
    noun = _PLACE_NOUN.match(text, grade.end())  # "the middle band in 2011": after the noun
    attached = _ATTACHED_YEAR.match(text, noun.end() if noun else grade.end())  # "P in 2011"
    if attached and (attached["bare"] or attached["agent"] or attached["cell"]):
        bare = int(attached["bare"] or attached["agent"] or attached["cell"])
        return _EDITION_YEARS.get(bare), bare
    if attached and attached["elided"] and _ORDINAL.search(text):
        return _ORDINALS[attached["elided"].casefold()], None  # the edition noun said before
    if attached and not attached["elided"]:
        return edition_of(attached.group(0))
    position = grade.start()
    if _CHANGED_FROM.search(text, max(0, position - 30), position):
        return None, None  # "moved from P to Q in 2019": P was the grade before 2019's
    relative = _RELATIVE_OPEN.search(text, max(0, position - _LINK_REACH), position)
    if relative is not None:  # "X, which the 2011 report called P, …": the relative's own year
        edition, year = edition_of(relative.group(0))
        if edition is not None:
            return edition, year
    spans, start = [], 0
    for cut in _MAIN_CLAUSE_BREAK.finditer(text):
        spans.append((start, cut.start()))
        start = cut.end()
    spans.append((start, len(text)))
    own = next(((a, b) for a, b in spans if a <= position <= b), (0, len(text)))
    clause = text[own[0] : own[1]]
    at = position - own[0]  # a relative clause the grade is not in dates another grade
    clause = _RELATIVE_ASIDE.sub(  # an aside with no grade of its own dates the clause's
        lambda m: m[0] if m.start() <= at < m.end() or not GRADE_RE.search(m[0]) else ",", clause
    )
    # a year another grade owns is not this one's when the clause names one of its own
    mine = edition_of(_without_others_years(clause, own[0], position, grades, text))
    edition, year = mine if mine != (None, None) else edition_of(clause)
    if edition is not None or year is not None:
        return edition, year
    others = [text[a:b] for a, b in spans if (a, b) != own and not any(a <= g <= b for g in grades)]
    found = edition_of(" … ".join(others)) if others else (None, None)
    if found == (None, None) and (fronted := _FRONTED_EDITION.match(text)) is not None:
        return edition_of(fronted.group(0))  # "In the 2011 conclusions, X was P, whereas Y …"
    return found


# A sentence adverbial that opens the sentence and names an edition: it dates every clause.
_FRONTED_EDITION = re.compile(
    r"\s*(?:in|by|as\s+of|according\s+to)\s+(?:the\s+|its\s+)?[^,;:()]{0,40}?"
    r"\b(?:(?:19|20)\d\d|first|second|third)\b[^,;:()]{0,30},",
    re.IGNORECASE,
)


def _without_others_years(
    clause: str, start: int, position: int, grades: list[int], text: str
) -> str:
    """The clause with the years that other grades own blanked ("The 2019 task force rated X
    P, a step up from Q in 2011": 2011 is Q's, so P's edition is 2019; "X was P in 2019, Y
    Q": the only year, Y's too, which the caller keeps when nothing is left)."""
    end = start + len(clause)
    for other in grades:
        if other == position or not start <= other < end:
            continue
        found = GRADE_RE.match(text, other)
        attached = _ATTACHED_YEAR.match(text, found.end()) if found else None
        if attached is not None and start <= attached.start() and attached.end() <= end:
            a, b = attached.span()
            clause = clause[: a - start] + " " * (b - a) + clause[b - start :]
    return clause


@dataclass(slots=True)
class _Binding:
    runs: list[_Run]
    unknown: Node | None
    grade: re.Match[str]
    same_subject: bool  # the grade reuses the items of the binding before it


_RESPECTIVELY = re.compile(r"^[^;.]*?\brespectively\b", re.IGNORECASE)


def _respectively(text: str, bindings: list[_Binding]) -> list[tuple[_Binding, re.Match[str]]]:
    """Bindings with their grades; "X and Y were rated P and Q, respectively" pairs the items
    with the grades in order, and drops them when the counts differ."""
    chains: list[list[_Binding]] = []
    for binding in bindings:
        if binding.same_subject and chains:
            chains[-1].append(binding)
        else:
            chains.append([binding])
    paired: list[tuple[_Binding, re.Match[str]]] = []
    for chain in chains:
        if not _RESPECTIVELY.match(text[chain[-1].grade.end() :]):
            paired.extend((b, b.grade) for b in chain)
            continue
        items = [(run, m) for run in chain[0].runs for m in run.mentions]
        if len(chain) > 1 and len(items) == len(chain):
            for (run, mention), binding in zip(items, chain, strict=True):
                single = _Run([mention], run.adapting)
                paired.append((_Binding([single], None, binding.grade, False), binding.grade))
    return paired


def _append(stated: list[Stated], fact: Stated) -> None:
    """Add `fact` unless the sentence states it already (one per item, grade and edition)."""
    key = (fact.item.kind, fact.item.slug, fact.grade)
    same = [s for s in stated if (s.item.kind, s.item.slug, s.grade) == key]
    if not same or (
        fact.edition is not None and all(s.edition not in (None, fact.edition) for s in same)
    ):
        stated.append(fact)


_Bound = tuple[list[_Run], Node | None, int, bool]
# How far before a grade its link or lead can start (a link is a few words and an agent of at most
# 80 characters; a lead a verb or "among the"): searching only there finds the same matches.
_LINK_REACH = 160
_LEAD_REACH = 60


def _bind(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int, verbal: bool
) -> _Bound | None:
    """The items one grade phrase binds to, trying each construction in turn."""
    for attempt in (
        _parenthesis,
        _grade_first,
        _fronted_grade,
        _passive,
        _active,
        _topic,
        _coordinated,
        _given_to,
        _whose,
        _earlier_grade,
    ):
        found = attempt(text, match, mentions, previous_end)
        if found is not None:
            return found
    if verbal:
        return _gapped(text, match, mentions, previous_end)
    return None


# "X was raised to P in 2019 after being classed as Q in 2011": the earlier grade of the same
# items, in a clause that opens with "after"/"before" and has no subject of its own but "it"
_EARLIER_LINK = re.compile(
    r"\b(?:after|before)\s+(?:(?:being|having\s+been|(?:it|they)\s+(?:had|has|have)\s+been"
    rf"|(?:it|they)\s+(?:was|were))\s+){_ADV}{_PASSIVE_VERB}(?:\s+(?:as|to\s+be))?\s+"
    r"(?:(?:only|merely|just)\s+)?(?:an?\s+)?[\"“‘']?$"
    # "… judged P (2019) after an earlier Q rating (2011)": the earlier grade as a noun's
    r"|\b(?P<noun>after|following|replacing|superseding|(?:up|down)\s+from)\s+(?:an?|its|their"
    r"|the)\s+(?:earlier|previous|prior|former|original|initial|first)\s+[\"“‘']?$"
    # "X was judged P — it had been only Q eight years earlier — by …"
    r"|[—–(;]\s*(?:it|they)\s+had\s+been\s+(?:(?:only|merely|just|still)\s+)?"
    r"(?:(?:rated|judged|graded|deemed)\s+)?[\"“‘']?$",
    re.IGNORECASE,
)


_AGENT_AFTER = re.compile(r"[\"”’']?\s+(?:in\s+\d{4}\s+)?by\s+(?P<agent>[^,;.()]+)", re.I)


def _earlier_grade(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """The grade of an "after being judged Q" clause: the one run of items the sentence has
    named before it, already graded in the same sentence."""
    link = _EARLIER_LINK.search(text, max(0, match.start() - _LINK_REACH), match.start())
    if link is None or link.end() != match.start() or previous_end == 0:
        return None  # only after a grading this sentence has bound
    if link["noun"] and not _WHOSE_AFTER.match(text[match.end() :]):
        return None  # "after an earlier P rating": the rating noun must follow
    before = [m for m in mentions if m.end <= link.start()]
    first = GRADE_RE.search(text, before[-1].end, link.start()) if before else None
    if first is None:
        return None  # the items were not graded before this clause
    run = _run_left(text, before[-1].end, mentions, 0, appositive=True)
    if run is None or len(run.mentions) != len(before):
        return None  # items of more than one run before it: whose grade is unclear
    agent = _AGENT_AFTER.match(text, match.end())
    if agent is not None and not _TASK_FORCE.search(agent["agent"]):
        return None  # "… before it was judged Q by critics"
    return [run], None, match.end(), True


# "cohesion, whose P status dates to 2002": the grade a relative's possessive names
_WHOSE_BEFORE = re.compile(
    r"\s*[,—–(]\s*whose\s+(?:(?:2002|2011|2019|first|second|third|current|present|latest)\s+)?"
    r"[\"“‘']?$",
    re.IGNORECASE,
)
_WHOSE_AFTER = re.compile(rf"^[\"”’']?\s+{_RATING_NOUN}\b", re.IGNORECASE)


def _whose(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """`X, whose P status dates to 2002`, `X and Y, whose P rating …`: the items before it."""
    if not _WHOSE_AFTER.match(text[match.end() :]):
        return None
    whose = _WHOSE_BEFORE.search(text, max(previous_end, match.start() - 40), match.start())
    if whose is None or whose.end() != match.start():
        return None
    run = _run_left(text, whose.start(), mentions, previous_end, appositive=True)
    if run is None or run.mentions[-1].end != whose.start():
        return None
    return [run], None, match.end(), True


# "The task force gave 'P' to X (and 'Q' to Y)": the grade before the items, given to them
_GIVING = r"(?:gave|gives|give|assigned|assigns|awarded|awards|granted|grants|reserved|reserves)"
_GIVEN_BEFORE = re.compile(
    rf"\b{_GIVING}\s+(?:(?:a|an|the|its|their)\s+)?"
    # "gave its highest grade, P, to X": the grade set off after the rating noun
    rf"(?:(?:(?:highest|top|strongest|middle|lowest)\s+)?{_RATING_NOUN}\s*(?:of\s+|[,—–(]\s*))?"
    r"[\"“‘']?$",
    re.IGNORECASE,
)
_GIVEN_AFTER = re.compile(
    rf"^[\"”’']?(?:\s+{_RATING_NOUN})?\s*[,—–)]?\s+to\s+(?:(?:the|both|all)\s+)?",
    re.IGNORECASE,
)
_GIVEN_VERB = re.compile(rf"\b{_GIVING}\b", re.IGNORECASE)
# "The (2019) demonstrably effective label went to X and to Y": the rating the subject, given to X
_WENT_TO = re.compile(
    rf"[\"”’']?\s+{_RATING_NOUN}\s+(?:(?:in\s+)?(?:19|20)\d\d\s+)?(?:went|goes|was\s+given|was\s+awarded)"
    r"\s+to\s+(?:(?:the|both)\s+)?",
    re.IGNORECASE,
)
_WENT_BEFORE = re.compile(
    r"(?:^|[,;:]\s*)(?:the|its|their)\s+(?:(?:19|20)\d\d\s+)?(?:(?:task[\s-]force|panel)['’]s\s+)?"
    r"[\"“‘']?$",
    re.IGNORECASE,
)
_GIVEN_AGAIN = re.compile(r"^\s*,?\s*(?:and|while|but)\s+[\"“‘']?$", re.IGNORECASE)


def _given_to(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """`the task force gave 'P' to X`, and a second grade after it: `… and 'Q' to Y`; `the P
    label went to X`."""
    went = _WENT_TO.match(text, match.end())
    if went is not None and _WENT_BEFORE.search(
        text, max(previous_end, match.start() - 60), match.start()
    ):
        run, end = _run_right(text, went.end(), mentions, semicolons=False)
        return ([run], None, end, True) if run is not None else None
    after = _GIVEN_AFTER.match(text[match.end() :])
    if after is None:
        return None
    given = _GIVEN_BEFORE.search(text, max(previous_end, match.start() - 80), match.start())
    again = (
        previous_end > 0
        and _GIVEN_AGAIN.match(text[previous_end : match.start()]) is not None
        and _GIVEN_VERB.search(text, 0, previous_end) is not None
    )
    if given is None and not again:
        return None
    if given is not None:
        clause_start = _clause_start(text, given.start(), previous_end)
        subject = text[clause_start : given.start()]
        if not _PANEL_SUBJECT.search(subject) or _NON_TASK_FORCE.search(subject):
            return None
        if _STUDY.search(subject) and not _TASK_FORCE.search(subject):
            return None
        if any(m.start < given.start() and m.end > clause_start for m in mentions):
            return None  # "X gave …": an item as the subject is no recipient
    run, end = _run_right(text, match.end() + after.end(), mentions, semicolons=False)
    if run is None:
        return None
    return [run], None, end, True


def _parenthesis(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """`empathy (demonstrably effective)`, `cohesion (rated probably effective, 2011)`, and the
    reduced relative `empathy, rated demonstrably effective in 2011, …` (or between dashes)."""
    after = text[match.end() :]
    parenthesis = _PARENTHESIS_AFTER.match(after)
    reduced = _REDUCED_AFTER.match(after)
    bare_edition = _BARE_EDITION_AFTER.match(after)
    for mention in mentions:
        if mention.end > match.start():
            break
        gap = text[mention.end : match.start()]
        if parenthesis and _PARENTHESIS_BEFORE.match(gap):
            if _STUDY_AFTER.match(after):  # "(P in a 2018 meta-analysis)": no task force's
                return None
            if _EVERY_ONE.search(gap):  # "X and Y (both P)": the whole list before it
                run = _run_left(text, mention.end, mentions, previous_end)
                return ([run] if run else [_Run([mention])]), None, match.end(), False
            return [_Run([mention])], None, match.end(), False
        if reduced and reduced["parenthesis"] and _STUDY.search(reduced["parenthesis"]):
            reduced = None  # "X, rated P (in one trial), …"
        dashed = _DASHED_BEFORE.match(gap)
        heading = bool(_LIST_ITEM_START.match(text[: mention.start]))  # a list item "X — P"
        if dashed and reduced and (reduced["close"] in "—–" or heading):
            if dashed["every"]:
                return _every(text, dashed, mention, mentions, previous_end, match)
            return [_Run([mention])], None, match.end(), False
        opened = _REDUCED_BEFORE.match(gap)
        if opened and reduced and (opened["open"] == "," or reduced["close"] in "—–"):
            if opened["every"]:
                return _every(text, opened, mention, mentions, previous_end, match)
            run = _checked(text, [mention], previous_end, set_off=True)
            return ([run], None, match.end(), False) if run else None
        if bare_edition and _COMMA_ONLY.fullmatch(gap):  # "X, P in 2011, was Q by 2019"
            # "X and Y, P in the first report, reappear …": the list that opens its clause
            listed = _run_left(text, mention.end, mentions, previous_end, appositive=True)
            start = _clause_start(text, mention.start, previous_end)
            if (
                listed
                and len(listed.mentions) > 1
                and not text[start : listed.mentions[0].start].strip()
            ):
                return [listed], None, match.end(), False
            run = _checked(text, [mention], previous_end, set_off=True)
            return ([run], None, match.end(), False) if run else None
        bare = _BARE_GRADE_BEFORE.match(gap) if _FULL_GRADE.fullmatch(match.group(0)) else None
        bare_after = _BARE_GRADE_AFTER.match(after)  # "X, also P, is …", "X and Y, both P, …"
        if not bare_after and not _STUDY.search(after):
            bare_after = _BARE_GRADE_AT_END.match(after)
        if bare and bare_after:
            if bare["every"]:
                return _every(text, bare, mention, mentions, previous_end, match)
            # after a preposition, only with the task force or an edition named in it
            named = _PANEL_SUBJECT.search(bare_after.group(0)) is not None
            run = _checked(text, [mention], previous_end, set_off=named)
            return ([run], None, match.end(), False) if run else None
        apposed = _APPOSITIVE_BEFORE.match(gap)
        closed = _APPOSITIVE_AFTER.match(after)
        if apposed and closed and (apposed["open"] == "," or _close(closed) in "—–"):
            if apposed["every"]:
                return _every(text, apposed, mention, mentions, previous_end, match)
            run = _checked(text, [mention], previous_end)
            return ([run], None, match.end(), False) if run else None
    return None


def _close(appositive: re.Match[str]) -> str:
    """The mark that closes an appositive (the end of the text gives "")."""
    return appositive["close"] if appositive["close"] is not None else appositive["closed"]


def _every(
    text: str,
    word: re.Match[str],
    mention: Mention,
    mentions: list[Mention],
    previous_end: int,
    match: re.Match[str],
) -> _Bound | None:
    """The list before "both", "each" or "all three": every item, when there are as many as the
    word says (and at least two)."""
    run = _run_left(text, mention.end, mentions, previous_end)
    if run is None:
        return None
    wanted = COUNT_WORDS.get((word["count"] or word["every"]).casefold())
    count = len(run.mentions)
    if count < 2 or (wanted is not None and count != wanted):
        return None
    return [run], None, match.end(), False


def _around(
    text: str,
    match: re.Match[str],
    previous_end: int,
    lead: re.Pattern[str],
    tail: re.Pattern[str],
) -> tuple[re.Match[str], re.Match[str]] | None:
    """The lead that ends right where the grade starts and the tail right after it, or None."""
    before = lead.search(text, max(previous_end, match.start() - _LEAD_REACH), match.start())
    if before is None or before.end() != match.start():
        return None
    after = tail.match(text[match.end() :])
    return None if after is None else (before, after)


_COUNTED_BY = re.compile(
    r"task[\s-]force|panel|interdivisional|conclusions|edition|Norcross|(?:19|20)\d\d", re.I
)


def _grade_first(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """`Rated P were X; Y; and Z`, `Among the P elements were X`, `Judged P: X and Y`."""
    around = _around(text, match, previous_end, _INVERTED_BEFORE, _INVERTED_AFTER)
    if around is None:
        return None
    before, after = around
    lead = (before["lead"] or "").strip().casefold()
    if before["reached"] and not after["colon"]:
        return None  # "reached the top grade: X, Y" lists; "reached the top grade in …" does not
    if before["count"] or after["among"]:  # "nine P elements, among them X": both or neither
        if not (before["count"] and after["noun"] and after["among"]):
            return None
        if not _COUNTED_BY.search(text, max(0, before.start() - _LEAD_REACH), before.start()):
            return None  # the task force's list, not "two promising elements, including X"
    determiner = lead in {"the", "its", "their"}
    placed = lead.split()[0] in {"among", "of", "in", "into", "within", "under"} if lead else False
    if after["comma"] and not placed:
        return None
    if determiner and not (after["noun"] and after["verb"]):
        return None
    if not lead and not (after["colon"] or after["verb"]):
        return None
    start = match.end() + after.end()
    if after["aside"] and any(match.end() <= m.start < start for m in mentions):
        return None
    run, end = _run_right(text, start, mentions, semicolons=True)
    if run is None:
        return None
    # "Of the elements rated P, X is the one …": the items are the next clause's subject
    subject = lead.startswith("of ") and _SUBJECT_VERB_NEXT.match(text, end) is not None
    if not _clause_ends(text[end:]) and not subject:
        return None
    return [run], None, end, True


_SUBJECT_VERB_NEXT = re.compile(
    r"\s+(?:is|are|was|were|remains|remain|has|have|had|stands|stand|seems|seem)\b", re.IGNORECASE
)


# A participle clause that opens the sentence and grades its subject: "Rated P in every edition,
# empathy is …", "Judged P by the 2011 task force, X and Y …".
_FRONTED_GRADE_BEFORE = re.compile(
    r"(?:^|[;.]\s+)[\"“‘']?(?:(?:both|all|each|also|once|already|twice)\s+)?"
    rf"(?:(?:{_PANEL_VERB}|listed\s+as|ranked\s+as|counted\s+as|regarded\s+as|classed\s+as)"
    r"\s+(?:an?\s+)?"
    # an appositive noun phrase: "A P element by the 2019 count, X is …"
    r"|(?P<noun_lead>an?|one)\s+)[\"“‘']?$",
    re.IGNORECASE,
)
_FRONTED_GRADE_AFTER = re.compile(
    rf"^[\"”’']?(?P<noun>(?:\s+as)?\s+{_KIND_NOUN})?"
    r"(?:\s+(?:in|by|since|across|from|per|according\s+to|for)\b[^,;:()]*)?"
    r"(?:\s*\([^()]*\))?\s*,\s*",
    re.IGNORECASE,
)
# A topic fronted before the clause that grades it: "For X the verdict was P", "As for X, the
# task force rated it P", "On X, the 2011 grade was P".
_TOPIC_LEAD = re.compile(
    r"(?:^|[;.]\s+)(?:for|on|as\s+for|as\s+to|regarding|concerning|with\s+regard\s+to"
    r"|with\s+respect\s+to|in\s+the\s+case\s+of)\s+",
    re.IGNORECASE,
)
_TOPIC_TAIL = re.compile(
    r"^\s*,?\s*(?:(?:in\s+(?:19|20)\d\d|by\s+(?:19|20)\d\d)\s*,?\s*)?(?:"
    rf"(?:the\s+|its\s+)?(?:{_PANEL}['’]s\s+|(?:2002|2011|2019)\s+|final\s+|eventual\s+)*"
    rf"(?:{_RATING_NOUN}|conclusion|finding|judge?ment|assessment)\s+(?:in\s+(?:19|20)\d\d\s+)?"
    r"(?:was|is|had\s+been|has\s+been|became|remained|read|stood\s+at)"
    # "… the 2019 verdict was unambiguous: P"
    r"(?:\s+(?:clear|unambiguous|plain|simple|emphatic|firm|unequivocal|straightforward)\s*:)?"
    rf"|{_PANEL}\s+(?:in\s+(?:19|20)\d\d\s+)?(?:had\s+|has\s+)?{_ADV}{_PANEL_VERB}\s+it"
    r"(?:\s+(?:as|to\s+be))?"
    r")\s+(?:an?\s+)?[\"“‘']?$",
    re.IGNORECASE,
)


def _fronted_grade(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """`Rated P in every edition, X is …`: the participle clause grades the clause's subject."""
    around = _around(text, match, previous_end, _FRONTED_GRADE_BEFORE, _FRONTED_GRADE_AFTER)
    if around is None:
        return None
    before, after = around
    if before["noun_lead"] and not (after["noun"] and _PANEL_SUBJECT.search(after.group(0))):
        return None  # "A promising element, X …" grades only with the task force or a year
    start = match.end() + after.end()
    if any(match.end() <= m.start < start for m in mentions):
        return None
    following = next((m for m in mentions if m.start >= start), None)
    lead = (  # "…, tailoring therapy to a client's culture and to their religion …"
        _ADAPTING_LEAD.match(text, start, following.start) if following is not None else None
    )
    begin = lead.end() if lead else start
    run, end = _run_right(text, begin, mentions, semicolons=False)
    if run is None or text[begin : run.mentions[0].start].strip():
        return None
    if not _FINITE_AFTER_SUBJECT.match(text[end:]):
        return None
    return [_Run(run.mentions, adapting=run.adapting or lead is not None)], None, end, True


# A finite verb right after a subject (past an aside between commas).
_FINITE_AFTER_SUBJECT = re.compile(
    r"^(?:\s*,[^,;:]{1,80},)?\s+(?:(?:also|still|now|thus|therefore|remains?|remained)\s+)?"
    r"(?:is|are|was|were|has|have|had|remains?|remained|became|becomes|stands|stood|sits|sat"
    r"|came|went|made|gave|took|left|held|kept|found|led|drew|brought|met|won|lost"
    r"|[a-z]{3,}(?:s|ed))\b",
    re.IGNORECASE,
)


_THE = re.compile(r"\s*(?:the\s+)?", re.IGNORECASE)


def _topic(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """`For X the verdict was P`, `As for X, the task force rated it P`."""
    floor = max(previous_end, match.start() - _LINK_REACH)
    leads = list(_TOPIC_LEAD.finditer(text, floor, match.start()))
    if not leads:
        return None
    lead = leads[-1]
    run, end = _run_right(text, lead.end(), mentions, semicolons=False)
    if run is None or not _THE.fullmatch(text, lead.end(), run.mentions[0].start):
        return None
    if not _TOPIC_TAIL.match(text[end : match.start()]):
        return None
    if not _COPULAR_AFTER.match(text[match.end() :]):
        return None
    return [run], None, match.end(), True


# The task force's conclusion as a noun with its clause: "the 2011 task force's conclusion that
# X is P still guides …" (what follows the grade is the main clause again, not the grade's)
_CONCLUSION_THAT = (
    r"(?:task[\s-]force|panel|report|edition|(?:19|20)\d\d)(?:['’]s|['’])?\s+(?:own\s+)?"
    r"(?:finding|findings|conclusion|conclusions|verdict|judge?ment|determination|ruling)"
    r"\s+that\s+[^,;:()]{1,80}?"
)
_CONCLUDED_THAT = re.compile(_CONCLUSION_THAT + r"\s*$", re.IGNORECASE)  # before the link


_CONCLUDED_THAT_BE = re.compile(_CONCLUSION_THAT + r"\s+(?:is|was|are|were)\s+$", re.I)


# A clause as the sentence's subject, asserted by its main clause: "That empathy is P is one of
# the task force's clearest conclusions" (not "… is disputed", "… is a myth")
_THAT_OPENS = re.compile(r"(?:^|;\s*)\s*[\"“‘']?[Tt]hat\s+")
_MAIN_AFTER_CLAUSE = re.compile(
    r"\s+(?:(?:in|by)\s+(?:19|20)\d\d\s+)?(?:is|was|has\s+been|remains|remained|comes|came|seems)\b"
    r"(?![^.;]*\b(?:doubt\w*|disputed|contested|unclear|uncertain|unlikely|myth|false|wrong"
    r"|mistaken|questionable|debatable|open|not|never|contradicted)\b)",
    re.IGNORECASE,
)


def _clausal_subject(text: str, link: re.Match[str], match: re.Match[str]) -> bool:
    """Whether the grade is said in a that-clause that is the sentence's subject and that its
    main clause asserts."""
    opens = list(_THAT_OPENS.finditer(text, 0, link.start()))
    return (
        bool(opens)
        and not re.search(r"[;:]", text[opens[-1].end() : link.start()])
        and _MAIN_AFTER_CLAUSE.match(text, match.end()) is not None
    )


def _passive(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """`X and Y were rated P`, `X, which was deemed P`, `X earned a rating of P`, `X is P`."""
    link = _LINK.search(text, max(previous_end, match.start() - _LINK_REACH), match.start())
    if link is None:
        return None
    rating_after = link["rating_after"] or link["enough"]
    if rating_after and not _RATING_NOUN_AFTER.match(text[match.end() :]):
        return None
    if (
        (link["copular"] or link["colon"])
        and not _COPULAR_AFTER.match(text[match.end() :])
        and not (
            _CONCLUDED_THAT.search(text, max(0, link.start() - _LINK_REACH), link.start())
            and _FINITE_AFTER_SUBJECT.match(text[match.end() :])  # the main clause goes on
        )
        and not _clausal_subject(text, link, match)
    ):
        return None  # "X is promising as a training target" is no grading
    # "draws on X, which the task force rated P": a relative's antecedent even after a preposition
    run = _run_left(text, link.start(), mentions, previous_end, appositive=bool(link["rel"]))
    if run is None and not link["rel"]:
        run = _evidence_subject(text, link, match, mentions) or _every_subject(text, link, mentions)
    if run is None and not link["rel"]:
        run = _it_subject(text, link, match, mentions)
    if run is not None:
        if _NON_TASK_FORCE.search(link.group(0)) or _STUDY_AGENT.search(link.group(0)):
            return None
        return [run], None, match.end(), True
    if link["rel"]:
        return None
    unknown = _unknown_subject(text, link, match)
    return ([], unknown, match.end(), True) if unknown is not None else None


# "it" as the subject of a grading verb in a clause of its own ("Few speak of goal consensus,
# yet it was rated P"): the one item named before it in the sentence
_IT_SUBJECT = re.compile(
    r"(?:[,;]\s*|\s)(?:(?:yet|but|and|though|although|while|still)\s+)?"
    r"(?:(?:by|in|from)\s+(?:the\s+)?(?:(?:19|20)\d\d|third\s+edition|second\s+edition),?\s+)?it\s+"
    r"(?:(?:nonetheless|nevertheless|still|also|later|then|too|\w+ly)\s+)?$",
    re.IGNORECASE,
)


def _it_subject(
    text: str, link: re.Match[str], match: re.Match[str], mentions: list[Mention]
) -> _Run | None:
    if not _IT_SUBJECT.search(text, 0, link.start()):
        return None
    before = [m for m in mentions if m.end <= link.start()]
    if len(before) != 1 or any(link.end() <= m.start < match.start() for m in mentions):
        return None
    if _PRONOUN_DOUBT.search(text, 0, link.start()) or "   " in text[: link.start()]:
        return None  # "Unlike empathy, it was rated P": whose "it" is unclear
    return _Run(before)


_EVIDENCE = (
    r"(?:(?:research|empirical)\s+)?(?:evidence(?:\s+base)?|research\s+base|body\s+of\s+evidence)"
)
_EVIDENCE_FOR = re.compile(
    rf"^\s*(?:the\s+)?{_EVIDENCE}\s+(?:for|on|behind|supporting|regarding)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SUBJECT_VERB = re.compile(r"^\s+(?:was|were|is|are|has|have|had)\b", re.IGNORECASE)
_EVERY_ANAPHOR = re.compile(
    r"(?:[,;]\s*(?:and|but|while|whereas)?|\b(?:and|but))\s+(?:(?P<every>both|each)"
    r"|(?:all|the)\s+(?P<count>two|three|four|five|six))\s*$",
    re.IGNORECASE,
)
_COORDINATED_LINK = re.compile(
    r"\band\s+(?:(?:also|later|then|subsequently|ultimately|eventually)\s+)?"
    rf"{_PASSIVE_VERB}(?:\s+(?:as|to\s+be))?\s+(?:an?\s+)?[\"“‘']?$",
    re.IGNORECASE,
)
_FIRST_CONJUNCT = re.compile(
    r"^\s+(?:was|were|has\s+been|have\s+been|had\s+been)\s+[^,;:()]*$", re.IGNORECASE
)


def _subject_run(text: str, start: int, mentions: list[Mention]) -> tuple[_Run | None, int]:
    """The run of items that opens the clause at `start` (after a fronted phrase, "In 2011, …")
    as the subject of a verb; (None, start) when the clause opens otherwise."""
    fronted = _FRONTED.match(text[start:])
    for begin in dict.fromkeys((start, start + (fronted.end() if fronted else 0))):
        run, end = _run_right(text, begin, mentions, semicolons=False)
        if run is not None and _SUBJECT_VERB.match(text[end:]):
            return run, end
    return None, start


def _evidence_subject(
    text: str, link: re.Match[str], match: re.Match[str], mentions: list[Mention]
) -> _Run | None:
    """The items of "the evidence for X" as the subject of a grading link, when the link says the
    evidence earned a rating ("was deemed strong enough for a P rating") or a task force is the
    agent ("was judged P by the 2019 task force"); evidence judged P by nobody named grades
    nothing. "X's evidence" stays a possessive, which grades nothing."""
    start = _clause_start(text, link.start(), 0)
    inside = [m for m in mentions if start <= m.start and m.end <= link.start()]
    if not inside:
        return None
    if not _EVIDENCE_FOR.match(text[start : inside[0].start]):
        return None
    run, end = _run_right(text, inside[0].start, mentions, semicolons=False)
    if run is None or text[end : link.start()].strip():
        return None
    clause = _clause(text, match.start())
    if link["enough"] or _TASK_FORCE_AGENT.search(clause[clause.find(link.group(0)) :]):
        return run
    return None


def _every_subject(text: str, link: re.Match[str], mentions: list[Mention]) -> _Run | None:
    """The list that opens the sentence, for "both" or "all three" after a conjunction ("X and Y
    were reviewed …, and both were rated P"), when no other item stands between and the list has
    as many items as the word says."""
    leading = re.match(r"(?:(?:both|each)\s+)?", link.group(0), re.IGNORECASE)
    head = text[: link.start()] + (leading.group(0) if leading else "")
    anaphor = _EVERY_ANAPHOR.search(head)
    if anaphor is None:
        return None
    start = _clause_start(text, anaphor.start(), 0)
    run, end = _subject_run(text, start, mentions)
    if run is None or any(end <= m.start < anaphor.start() for m in mentions):
        return None
    wanted = COUNT_WORDS.get((anaphor["count"] or anaphor["every"]).casefold())
    count = len(run.mentions)
    if count < 2 or (wanted is not None and count != wanted):
        return None
    return run


def _coordinated(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """A passive verb joined by "and" to an earlier passive verb of the same subject, with no
    item between: "X was treated as an adaptation in 2011 and judged P"."""
    link = _COORDINATED_LINK.search(
        text, max(previous_end, match.start() - _LINK_REACH), match.start()
    )
    if link is None or link.end() != match.start():
        return None
    start = _clause_start(text, link.start(), previous_end)
    run, end = _subject_run(text, start, mentions)
    if run is None:
        return None
    between = text[end : link.start()]
    if not _FIRST_CONJUNCT.match(between) or GRADE_RE.search(between):
        return None
    if any(end <= m.start < link.start() for m in mentions):
        return None
    if _NON_TASK_FORCE.search(between) or _STUDY_AGENT.search(between):
        return None
    return [run], None, match.end(), True


def _active(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """`the task force rated X (as) P`, `placed X in the P tier`, `X, which the panel rated P`."""
    clause_start = _clause_start(text, match.start(), previous_end)
    verbs = list(_ACTIVE_VERB.finditer(text, clause_start, match.start()))
    if not verbs:
        return None
    verb = verbs[-1]
    between = text[verb.end() : match.start()]
    if _AFTER_OBJECT.match(between):  # no object after the verb: a relative clause's antecedent
        floor = max(previous_end, verb.start() - _LINK_REACH)
        relative = _RELATIVE_BEFORE_VERB.search(text, floor, verb.start())
        if relative is None or relative.end() != verb.start():
            relative = _APPOSITIVE_BEFORE_VERB.search(text, floor, verb.start())
        if relative is None or relative.end() != verb.start():
            return None
        if any(relative.start() <= m.start < verb.start() for m in mentions):
            return None
        anchor = relative.start()
        if relative.groupdict().get("mark") in ("—", "–"):
            # "X — a gloss of X — an adaptation the task force rated P": past the dashed gloss
            opening = _DASHED_GLOSS.search(text, max(previous_end, anchor - 120), anchor)
            if opening is None or any(opening.start() <= m.start < anchor for m in mentions):
                return None
            anchor = opening.start()
        # a relative's antecedent, even after a preposition ("draws on X, which the task force
        # judged P"); an appositive's too
        run = _run_left(text, anchor, mentions, previous_end, appositive=True)
    else:
        run, end = _run_right(text, verb.end(), mentions, semicolons=False)
        if run is None:
            return _pronoun_object(text, verb, match, mentions, clause_start)
        gloss = _GLOSS.match(text, end, match.start())  # "classed X — what X is — as P"
        if gloss and not any(end <= m.start < gloss.end() for m in mentions):
            end = gloss.end()
        if not _AFTER_OBJECT.match(text[end : match.start()]):
            return None
    if run is None or _NON_TASK_FORCE.search(_after_contrast(text, clause_start, match.start())):
        return None
    subject = _FRONTED.sub("", text[clause_start : verb.start()])
    if _STUDY.search(subject) and not _TASK_FORCE.search(subject):
        return None  # "A 2020 meta-analysis judged X P": a study's verdict
    holder = _OPINION_HOLDER.search(text, max(clause_start, verb.start() - 40), verb.start())
    if holder is not None and not _TASK_FORCE.search(subject):
        return None  # "Clinicians rate X P", "Many critics call …": their view
    # "Rogers called empathy P": only the task force's naming grades; "the 2019 authors judged
    # X P, while they called Y Q": "they" is the panel named before
    named = _PANEL_SUBJECT.search(subject) or (
        _THEY.fullmatch(subject) and _PANEL_SUBJECT.search(text, 0, clause_start)
    )
    if verb.group(0).casefold() in _NAMING_VERBS and not named:
        return None
    return [run], None, match.end(), True


_PANEL_WORK = re.compile(
    r"task[\s-]force|interdivisional|\b(?:the|its|their)\s+(?:(?:published|final|(?:19|20)\d\d"
    r"|first|second|third)\s+)?(?:conclusions|report|volume|edition)\b"
    # "the 2011 review": a review dated by an edition's year is the task force's
    r"|\b(?:the|its|their)\s+(?:2002|2011|2019)\s+(?:review|summary|update)\b",
    re.IGNORECASE,
)
_DASHED_GLOSS = re.compile(r"\s*[—–][^—–;:()]{1,100}$")
_THEY = re.compile(r"\s*(?:,?\s*(?:while|whereas|and|but)\s+)?(?:they|it)\s+(?:\w+ly\s+)?", re.I)
_IT_OBJECT = re.compile(r"\s+it\b", re.IGNORECASE)
_PRONOUN_DOUBT = re.compile(  # (a semicolon is none: the one item named before is "it")
    r"\b(?:unlike|rather\s+than|instead\s+of|whether|if|not|never|besides|apart\s+from)\b", re.I
)


def _pronoun_object(
    text: str, verb: re.Match[str], match: re.Match[str], mentions: list[Mention], start: int
) -> _Bound | None:
    """`…an alliance, though the task force rates it P`: "it" after the task force's verb
    is the one item the sentence named before that clause (none other, or no grading)."""
    pronoun = _IT_OBJECT.match(text, verb.end())
    if pronoun is None or not _AFTER_OBJECT.match(text[pronoun.end() : match.start()]):
        return None
    subject = _FRONTED.sub("", text[start : verb.start()])
    if not _PANEL_WORK.search(subject) or _NON_TASK_FORCE.search(subject):
        return None  # the task force, or its conclusions or report, is the subject
    if _STUDY.search(subject) and not _TASK_FORCE.search(subject):
        return None
    if _PRONOUN_DOUBT.search(text, 0, verb.start()) or "   " in text[: verb.start()]:
        # "Unlike empathy, …, the task force rated it P" (the contrast word may already be
        # masked to spaces): whose "it" is unclear
        return None
    before = [m for m in mentions if m.end <= verb.start()]
    # one item named before ("congruence, or genuineness" is one item under two names)
    if len({c.slug for m in before for c in m.concepts[:1]}) != 1:
        return None
    if any(verb.end() <= m.start < match.start() for m in mentions):
        return None
    return [_Run(before[:1])], None, match.end(), True


# A clause of its own inside one sentence: "NICE recommends CBT, while the task force rated X P".
_SUBORDINATE_CUT = re.compile(  # (a masked contrast leaves spaces where its commas were)
    r"\b(?:while|whereas|but|although|though)\s|(?:,|\s{3,})\s*and\s", re.IGNORECASE
)


def _after_contrast(text: str, start: int, end: int) -> str:
    """text[start:end] from its last "while", "whereas", "but" or ", and" on: the clause whose
    subject grades, not another body named in a clause set against it."""
    cuts = list(_SUBORDINATE_CUT.finditer(text, start, end))
    return text[cuts[-1].end() if cuts else start : end]


def _gapped(
    text: str, match: re.Match[str], mentions: list[Mention], previous_end: int
) -> _Bound | None:
    """`…, Z probably effective` / `… and Y probably effective` after a verb construction."""
    lead = _GAP_LEAD.match(text, previous_end, match.start())
    start = lead.end() if lead else previous_end
    run, end = _run_right(text, start, mentions, semicolons=False)
    if run is None or not _GAP_TAIL.match(text[end : match.start()]):
        return None
    return [run], None, match.end(), True


# --------------------------------------------------------------------------------------------
# Runs of items
# --------------------------------------------------------------------------------------------


def item_mentions(text: str) -> list[Mention]:
    """The scheme items `text` names, in order, leaving out those a contrast sets apart."""
    return _mentions(_mask_contrasts(text))


_INSIDE_PHRASE = re.compile(r"\s+(?:in|within|of)\s+(?:the\s+|a\s+|its\s+)?", re.IGNORECASE)


# Nouns an item's label can modify, making the phrase another thing than the item
_MODIFIED_HEAD = re.compile(
    r"[ \t\u00a0-]+(?:ruptures?|training|trainings|measures?|scales?|scores?|ratings?"
    r"|skills?|deficits?|failures?|breaches|tears|strains?|questionnaires?|inventory"
    r"|inventories)\b",
    re.IGNORECASE,
)


def _mentions(text: str) -> list[Mention]:
    """Every scheme label in the sentence, longest first, each with the contexts after it."""
    found: list[Mention] = []
    for match in scheme.label_re().finditer(text):
        concepts = scheme.lookup(match.group(0))
        if not concepts or _MODIFIED_HEAD.match(text, match.end()):
            continue  # "alliance ruptures", "empathy training": the label modifies another noun
        end = match.end()
        contexts: tuple[Node, ...] = ()
        context = _TRAILING_CONTEXT.match(text[end:])
        if context:
            contexts = context_nodes(context["ctx"])
            if contexts:
                end += context.end()
        found.append(Mention(match.start(), end, concepts, contexts))
    # "Repairing ruptures in the alliance": an item in the phrase of the item before is part of it
    return [
        m
        for i, m in enumerate(found)
        if not (i and _INSIDE_PHRASE.fullmatch(text, found[i - 1].end, m.start))
    ]


def _run_left(
    text: str, end: int, mentions: list[Mention], floor: int, *, appositive: bool = False
) -> _Run | None:
    """The run of items that ends where a grading link starts, or None when none does.

    A run whose first item follows a preposition is a modifier; items up to its first comma are
    then an introductory phrase ("Beyond the alliance, empathy …") and are dropped. An appositive
    that names the item's kind ("…, an element the task force deemed P") points at the item
    itself, wherever it stands ("DBT's way of managing countertransference, an element …").
    """
    last = next((m for m in mentions if m.end <= end and _adjacent(text, m, end, mentions)), None)
    if last is None or last.start < floor:
        return None
    run = [last]
    for mention in reversed([m for m in mentions if m.end <= last.start and m.start >= floor]):
        gap = text[mention.end : run[0].start]
        if not _LIST_GAP.match(gap) or ";" in gap:
            break
        run.insert(0, mention)
    if appositive or _APPOSITIVE_GAP.match(text[last.end : end]):
        return _Run(run)
    return _checked(text, run, floor)


# A subject that is an item's kind, its name set off after it: "The nearest graded element, X,"
_KIND_SUBJECT_BEFORE = re.compile(
    r"(?:^|[;:]\s*|,\s*(?:and|but)\s+|\b(?:and|but)\s+)(?:the|an?|its|their|one)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:relationship\s+|responsiveness\s+)?(?:element|adaptation)\s*,\s*$",
    re.IGNORECASE,
)


def _adjacent(text: str, mention: Mention, end: int, mentions: list[Mention]) -> bool:
    """True when nothing but quotes or an aside ("…, which Lambert studied, …", "(2019)", ", by
    contrast,") stands between an item and the grading link that follows it, or the comma that
    closes an added item ("X, along with Y, was rated")."""
    gap = text[mention.end : end]
    if not gap.strip(" \"”’'"):
        return True
    if gap.strip() == "," and _ADDED_ITEM.search(text, 0, mention.start):
        return True
    if gap.strip() == "," and _KIND_SUBJECT_BEFORE.search(text, 0, mention.start):
        return True  # "The nearest graded element, congruence, was …": the subject's name
    if _ITEM_NOUN_GAP.match(gap):  # "religion and spirituality adaptations were rated P"
        return True
    if _APPOSITIVE_GAP.match(gap):  # "attachment style, an adaptation that was deemed P"
        return True
    if _QUALIFIER.match(gap):  # "the alliance with adolescents was rated P": still the alliance
        return not any(mention.end < m.start < mention.end + len(gap) for m in mentions)
    if not _ASIDE.match(gap):
        return False
    inside = [m for m in mentions if mention.end < m.start < mention.end + len(gap)]
    # "Congruence (or genuineness, as Rogers put it) was …": another name of the same item
    return all(m.concepts == mention.concepts for m in inside)


# A grading's own noun before the item it is about: a grade set off after the item is the item's
# ("the 2011 conclusions on positive regard, a P element", "the verdict on X, P in 2011")
_VERDICT_ON = re.compile(
    r"\b(?:verdicts?|conclusions?|judge?ments?|findings?|ratings?|grades?|rulings?|assessments?)"
    r"\s+(?:on|about|for|regarding|concerning)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# A noun that names the item after "of": "the construct of the real relationship" is the item.
_NAMED_BY_OF = re.compile(
    r"\b(?:construct|concept|notion|idea|element|condition|variable|principle)s?\s+of\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)


def _checked(text: str, run: list[Mention], floor: int, *, set_off: bool = False) -> _Run | None:
    """Drop a leading modifier phrase; None when the whole run modifies something else. A grade
    `set_off` by commas right after its item describes that item also when the item is a verb's
    prepositional object ("trained in empathy, demonstrably effective in 2019, …"), though not
    when the preposition follows a noun, whose phrase the grade may describe ("the process of
    resolving strains in the alliance, rated P": the process)."""
    while run:
        before = text[floor : run[0].start]
        adapting = bool(_ADAPTING_LEAD.search(before))
        if adapting:
            return _Run(run, adapting=True)
        if _NAMED_BY_OF.search(before):  # "Gelso's construct of the real relationship was …"
            return _Run(run)
        if _VERDICT_ON.search(before):  # "the verdict on cultural adaptation, P in 2011"
            return _Run(run)
        bare = _DETERMINERS_END.sub("", before)
        word = _last_word(bare)
        owner = _CLIENT_POSSESSIVE_END.sub("", before)  # "the client's stage of change" is the item
        if word not in _PREPOSITIONS and not owner.rstrip().endswith(("'s", "’s")):
            return _Run(run)
        if set_off and word in _PREPOSITIONS and _VERB_THEN_PREPOSITION.search(bare):
            return _Run(run)  # "trained in empathy, P", not "strains in the alliance, P"
        comma = next(
            (i for i in range(1, len(run)) if "," in text[run[i - 1].end : run[i].start]), None
        )
        if comma is None:
            return None
        run = run[comma:]
    return None


def _run_right(
    text: str, start: int, mentions: list[Mention], *, semicolons: bool
) -> tuple[_Run | None, int]:
    """The run of items that starts at `start` (after list words or an adapting lead)."""
    following = [m for m in mentions if m.start >= start]
    if not following:
        return None, start
    first = following[0]
    lead = text[start : first.start]
    adapting = _ADAPTING_LEAD.search(lead) is not None  # the lead ends where the item starts
    if not (adapting or _LIST_GAP.match(lead)) or ";" in lead:
        return None, start
    run = [first]
    gap_ok = _SEMICOLON_GAP if semicolons else _LIST_GAP
    for mention in following[1:]:
        gap = text[run[-1].end : mention.start]
        if not gap_ok.match(gap) or (not semicolons and ";" in gap):
            break
        run.append(mention)
    return _Run(run, adapting=adapting), run[-1].end


def _clause_ends(after: str) -> bool:
    """True when a grade-first list ends its clause (nothing but punctuation or a new clause)."""
    return bool(_CLAUSE_END.match(after))


def _last_word(text: str) -> str:
    words = re.findall(r"[\w’'-]+", text)
    return words[-1].casefold() if words else ""


def _clause_start(text: str, position: int, floor: int) -> int:
    """Where the clause holding `position` starts: after `;`, `:` or a sentence stop."""
    start = floor
    for match in re.finditer(r"[;:]\s*|\.\s+", text[floor:position]):
        start = floor + match.end()
    return start


def _clause(text: str, position: int) -> str:
    start = _clause_start(text, position, 0)
    stop = re.search(r"[;:]|\.\s", text[position:])
    return text[start : position + stop.start()] if stop else text[start:]


# A change of grade: "climbed from P (in 2011) to Q", "was upgraded from P to Q", "went from P
# (2011) to Q (2019)". The "from P …" part is blanked so that the verb binds Q as "climbed to Q"
# does; P is then stated for the same items (`_mask_changes`).
_CHANGE = re.compile(
    r"\b(?:moved|moves|move|rose|rises|risen|climbed|climbs|jumped|jumps|advanced|advances|went"
    r"|goes|gone|shifted|shifts|progressed|progresses|graduated|dropped|drops|slipped|slips|fell"
    r"|falls|fallen|upgraded|downgraded|raised|lowered|promoted|demoted|elevated|bumped|re-?rated"
    r"|re-?graded)(?:\s+(?:up|down|back))?"
    # the object of an active verb: "the 2019 task force raised goal consensus from P to Q"
    r"(?:\s+(?!from\b|between\b|across\b|over\b)[^,;:.()]{1,60}?(?:\s+(?:up|down|back))?)?"
    # "between the two editions," is read aside with the earlier grade
    r"(?P<span>(?:\s+(?:between|across|over)\s+[^,;:.]{1,60}?,?)?\s+from\s+(?:an?\s+|the\s+|its\s+)?"
    rf"(?P<first>{_ANY_GRADE})[^;:.—–]{{0,40}}?)\s+"
    rf"(?:up\s+|down\s+)?to\s+(?:an?\s+|the\s+|its\s+)?[\"“‘']?(?P<then>{_ANY_GRADE})",
    re.IGNORECASE,
)


def _change_editions(
    text: str, earlier: re.Match[str], later: re.Match[str]
) -> list[tuple[int | None, int | None]] | None:
    """ "moved up between the second and third editions, from P to Q": the earlier edition for
    P and the later for Q, when the clause names exactly two and neither grade has a year of
    its own right after it; None otherwise."""
    if _ATTACHED_YEAR.match(text, earlier.end()) or _ATTACHED_YEAR.match(text, later.end()):
        return None
    clause = _own_clause(text, later.start())
    years = {int(y) for y in re.findall(rf"\b{_YEAR_TEXT}\b", clause)}
    found = {_EDITION_YEARS[y] for y in years if y in _EDITION_YEARS}
    found |= {_ORDINALS[m["ordinal"].casefold()] for m in _ORDINAL_WORD.finditer(clause)}
    if len(found) != 2:
        return None
    first, second = sorted(found)
    return [
        (first, first if first in years else None),
        (second, second if second in years else None),
    ]


# An ordinal of an edition, alone or in "the second and third editions" (a lookahead, so that
# both ordinals of the pair are found; `_ORDINAL` consumes the pair as one).
_ORDINAL_WORD = re.compile(
    r"\b(?P<ordinal>first|1st|second|2nd|third|3rd)\b(?=(?:\s+(?:and|to|or)\s+(?:the\s+)?"
    r"(?:first|second|third|1st|2nd|3rd))?\s+(?:[\w-]+\s+){0,1}?(?:editions?|task[\s-]forces?"
    r"|reports?|reviews?|volumes?|rounds?)\b)",
    re.IGNORECASE,
)


def _mask_changes(text: str) -> tuple[str, dict[int, re.Match[str]]]:
    """The sentence with each change's "from P …" as spaces, and the earlier grade's match in
    the sentence by the position of the grade it changed to."""
    if not may_contain(text, ("from",)):
        return text, {}
    changes: dict[int, re.Match[str]] = {}
    blank = text
    for match in _CHANGE.finditer(text):
        earlier = GRADE_RE.match(text, match.start("first"))
        if earlier is None:
            continue
        changes[match.start("then")] = earlier
        start, end = match.span("span")
        blank = blank[:start] + " " * (end - start) + blank[end:]
    return blank, changes


# "X was rated P in 2011 and Q in 2019, as was Y": Y at the clause's end takes X's grades.
_LIKEWISE = re.compile(
    r",\s*(?:as|so)\s+(?:was|were|did|is|are|does|do)\s+(?P<items>[^,;:.()]+?)\s*(?=[.;]|$)"
    # "…, and emotional expression received the same rating"
    r"|,?\s+(?:and|while|whereas)\s+(?P<same>[^,;:.()]+?)\s+(?:received|earned|got|won|carried"
    r"|kept|shared|took|was\s+given|were\s+given)\s+the\s+same\s+(?:rating|grade|verdict"
    r"|classification|designation|category|tier)\s*(?=[.;]|$)"
    # "…; goal consensus and collaboration were as well", "…, and empathy was too"
    r"|[;,]\s*(?:and\s+)?(?P<copied>[^,;:.()]+?)\s+(?:was|were|is|are)\s+(?:also\s+)?"
    r"(?:likewise|too|as\s+well|(?:rated|judged|graded)\s+(?:likewise|the\s+same))\s*(?=[.;]|$)"
    # "…, and collaboration likewise", "… and the latter too", "… and Y likewise in 2019"
    r"|,?\s+and\s+(?P<elliptic>[^,;:.()]+?)\s+(?:likewise|too|as\s+well)"
    r"(?:\s+in\s+(?:19|20)\d\d)?\s*(?=[.;]|$)"
    # "…; collaboration, likewise", "…; Y too"
    r"|;\s*(?P<listed>[^,;:.()]+?)\s*,?\s+(?:likewise|too|as\s+well)\s*(?=[.;]|$)"
    # "X was one of the two adaptations rated P, the other being Y"
    r"|,\s*the\s+other\s+(?:one\s+)?(?:being|was|is)\s+(?P<other>[^,;:.()]+?)\s*(?=[.;]|$)"
    # "X (P in 2019) and Y (likewise)", "…, and to Y, graded the same"
    r"|,?\s+and\s+(?:to\s+|on\s+)?(?P<noted>[^,;:.()]+?)\s*(?:\(\s*(?:likewise|the\s+same|ditto"
    r"|same\s+(?:grade|rating))\s*\)"
    r"|,\s*(?:graded|rated|judged)\s+(?:the\s+same|likewise)\s*(?=[.;,)]|$))",
    re.IGNORECASE,
)


def _mask_likewise(text: str) -> tuple[str, tuple[str, list[Mention]] | None]:
    """The sentence with a closing ", as was Y" as spaces, and Y with its graded items;
    unchanged when Y is not a plain list of graded items."""
    if not any(
        w in text for w in ("as ", "so ", "same", "likewise", "too", "as well", "ditto", "other")
    ):
        return text, None
    match = _LIKEWISE.search(text)
    if match is None or GRADE_RE.search(match.group(0)):
        return text, None
    groups = (
        *(match["items"], match["same"], match["elliptic"], match["copied"], match["noted"]),
        *(match["listed"], match["other"]),
    )
    region = next(r for r in groups if r is not None)
    items = _mentions(region)
    if not plain_list(region, items):
        return text, None
    start, end = match.span()
    return text[:start] + " " * (end - start) + text[end:], (region, items)


def _likewise(region: str, items: list[Mention], last: list[Stated]) -> list[Stated]:
    """The grades the last subject was given, for each graded item of `region` ("as was
    adapting to religion and spirituality", "as were culture and preferences among the
    adaptations")."""
    adapting = bool(ADAPTING_RE.search(region) or _AMONG_ADAPTATIONS.search(region))
    facts: list[Stated] = []
    for mention in items:
        node = concept_node(mention.concepts, adapting)
        facts.extend(replace(f, item=node, contexts=mention.contexts) for f in last)
    return facts


_AMONG_ADAPTATIONS = re.compile(
    r"\b(?:among|as)\s+(?:the\s+)?(?:responsiveness\s+)?adaptations?\b", re.IGNORECASE
)


def plain_list(region: str, items: list[Mention]) -> bool:
    """Whether the region is its items and list words only ("culture and preferences among the
    adaptations")."""
    return bool(items) and bool(
        _LIST_GAP.match(_AMONG_ADAPTATIONS.sub(" ", _between_items(region, items)))
    )


def _between_items(region: str, items: list[Mention]) -> str:
    """The region's text outside its items' labels."""
    kept, position = [], 0
    for mention in sorted(items, key=lambda m: m.start):
        kept.append(region[position : mention.start])
        position = mention.end
    kept.append(region[position:])
    return " ".join(kept)


def _mask_contrasts(text: str) -> str:
    """Contrast phrases ("unlike empathy", "rather than cohesion", "not") and categories that are
    not one of the three grades (2002's "promising and probably effective") as spaces, so neither
    their items nor a grade inside them can be bound; positions stay those of the sentence."""
    blank = text
    if may_contain(blank, _NOT_A_GRADE_WORDS):
        blank = _NOT_A_GRADE.sub(lambda m: " " * len(m.group(0)), blank)
    if may_contain(blank, _UNASSERTED_WORDS):
        blank = _UNASSERTED.sub(lambda m: _unasserted(blank, m), blank)
    if may_contain(blank, _CONTRAST_WORDS):
        blank = _CONTRAST.sub(lambda m: _contrast_blank(blank, m), blank)
    return blank


_SET_AGAINST = re.compile(
    r"(?P<word>\b(?:unlike|in\s+contrast\s+(?:to|with)|as\s+opposed\s+to|rather\s+than"
    r"|instead\s+of|not|never|no\s+longer|nor|neither|without)\b)",
    re.IGNORECASE,
)
_RELATIVE_NEXT = re.compile(  # a relative or a grading appositive ("…, the element rated P")
    r",\s*(?:which|who)\s|,\s*(?:the|an?)\s+(?:(?:relationship|responsiveness)\s+)?"
    r"(?:elements?|adaptations?|practices?|skills?|factors?)\s+(?:(?:that|which)\s+)?"
    r"(?:the\s+[^,;:]{0,40}?)?(?:rated|graded|judged|deemed|classed|found)\b",
    re.IGNORECASE,
)
# A restrictive relative inside the phrase: "not the same as the X that the task force rated P".
_RELATIVE_INSIDE = re.compile(r"\s(?:that|which)\s", re.IGNORECASE)
# A grade or a grading word: a phrase holding one before its relative is a denied grading.
_GRADING_WORD = re.compile(
    r"\b(?:effective|promising|insufficient|research(?:ed)?|rated|graded|judged|rating|grade)\b",
    re.IGNORECASE,
)


def _contrast_blank(text: str, match: re.Match[str]) -> str:
    """A contrast phrase as spaces; but an item the phrase names keeps its own relative clause:
    "Unlike X, which was rated P, …", "does not use X, which the task force rated P", "is not the
    same as the X that the task force rated P" (only the contrast word is blanked: the contrast or
    the negation is about the main clause, and the relative clause still grades its antecedent).
    A phrase that holds a grade or a grading word before that relative stays blank ("was not
    rated P, which …" denies the grade)."""
    phrase = match.group(0)
    word = _SET_AGAINST.search(phrase)
    if word is None:
        return " " * len(phrase)
    inside = _RELATIVE_INSIDE.search(phrase, word.end())
    if inside is not None:
        head = phrase[word.end() : inside.start()]
    elif _RELATIVE_NEXT.match(text, match.end() - (1 if phrase.endswith(",") else 0)):
        head = phrase[word.end() :]
    else:
        return " " * len(phrase)
    if _GRADING_WORD.search(head) or scheme.label_re().search(head) is None:
        return " " * len(phrase)  # a denied grade, or no item the relative could be about
    if inside is not None and not _GRADING_WORD.search(phrase, inside.end()):
        return " " * len(phrase)
    return phrase[: word.start()] + " " * (word.end() - word.start()) + phrase[word.end() :]


def _unasserted(text: str, match: re.Match[str]) -> str:
    """Spaces for a condition, a question or a reported opinion; a task force's own reported
    conclusion ("the task force suggested that X is P") is kept."""
    before = text[_clause_start(text, match.start(), 0) : match.start()]
    if match["reported"] and _TASK_FORCE.search(before):
        return match.group(0)
    return " " * len(match.group(0))


def concept_node(concepts: tuple[scheme.Concept, ...], adapting: bool) -> Node:
    """The node of a scheme concept; an ambiguous label is an adaptation in an adapting clause."""
    wanted = "adaptation" if adapting else "element"
    concept = next((c for c in concepts if c.kind == wanted), concepts[0])
    return Node(concept.kind, concept.slug, concept.pref_label)


def _unknown_subject(text: str, link: re.Match[str], match: re.Match[str]) -> Node | None:
    """An item outside the scheme: the sole subject of a passive grading verb by a task force."""
    if not _TASK_FORCE_AGENT.search(text[link.start() :]):
        return None
    if not re.search(_PASSIVE_VERB, link.group(0), re.IGNORECASE):
        return None
    start = _clause_start(text, link.start(), 0)
    subject = text[start : link.start()].strip()
    name = clean_name(subject)
    words = name.split()
    if not 1 <= len(words) <= 4 or not all(re.fullmatch(r"[A-Za-z][\w/-]*", w) for w in words):
        return None
    if any(w.casefold() in _UNKNOWN_STOP or w.casefold() in _PREPOSITIONS for w in words):
        return None
    if any(w.casefold() in {"and", "or"} for w in words):
        return None
    adapting = bool(_ADAPTING_LEAD.search(subject + " ")) or bool(ADAPTING_RE.search(subject))
    return item_node(name, "adaptation" if adapting else "element")


# --------------------------------------------------------------------------------------------
# Who graded, and which edition
# --------------------------------------------------------------------------------------------

_EDITION_YEARS = {2001: 2002, 2002: 2002, 2011: 2011, 2018: 2019, 2019: 2019}
_ORDINALS = {"first": 2002, "1st": 2002, "second": 2011, "2nd": 2011, "third": 2019, "3rd": 2019}
_EDITION_NOUNS = (
    r"(?:(?:APA\s+|interdivisional\s+|Division\s+29\s+)*task[\s-]force|interdivisional|edition"
    r"|(?:special\s+)?issue"
    r"|conclusions|report|update|volumes?|ratings?|gradings?|review|round|convening|panel"
    r"|verdicts?|classifications?|summary|reckoning|authors|list|rankings?|elevation|placement"
    r"|chapters?)"
)
_YEAR = re.compile(
    rf"(?:\b(?:in|as\s+of|by|during|circa|from|since|as\s+early\s+as)\s+(?:(?:the|its|their)\s+)?"
    rf"(?P<y1>(?:19|20)\d\d)\b"
    rf"|\b(?P<y2>(?:19|20)\d\d)(?:['’]s)?\s+(?:[\w-]+\s+){{0,2}}?{_EDITION_NOUNS}"
    rf"|(?:task[\s-]force|edition|report|volume|review|conclusions|verdicts?|ratings?"
    rf"|Norcross[^()]{{0,40}}?)[\s,(]+"
    r"(?P<y3>(?:19|20)\d\d)[a-z]?\b)",  # "(2011b)": one of two works of that year
    re.IGNORECASE,
)
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")
_ORDINAL = re.compile(
    rf"\b(?P<ordinal>first|1st|second|2nd|third|3rd)\s+(?:[\w-]+\s+){{0,2}}?{_EDITION_NOUNS}",
    re.IGNORECASE,
)


def edition_of(text: str) -> tuple[int | None, int | None]:
    """The task-force edition a grading sentence names, and the year as written.

    "the 2011 task force", "in 2019", "(Norcross & Wampold, 2011)" give a year; a year of an
    edition (2002, 2011, 2019, or the journal issues of 2001 and 2018) gives the edition too;
    "the second interdivisional task force", "the third edition" give the edition alone. Two
    different editions in one sentence name neither (which goes with which is not clear).
    """
    years: set[int] = set()
    if _ANY_YEAR.search(text) is not None:  # most texts have no year: one cheap test first
        years = {int(m["y1"] or m["y2"] or m["y3"]) for m in _YEAR.finditer(text)}
    editions = {_EDITION_YEARS[y] for y in years if y in _EDITION_YEARS}
    editions |= {_ORDINALS[m["ordinal"].casefold()] for m in _ORDINAL.finditer(text)}
    edition = editions.pop() if len(editions) == 1 else None
    year = years.pop() if len(years) == 1 else None
    if year is not None and edition is not None and _EDITION_YEARS.get(year) != edition:
        year = None
    return edition, year


def split_context(part: str) -> tuple[str, tuple[Node, ...]]:
    """`the alliance in individual, youth, and family psychotherapy` → name and format nodes."""
    match = _ANY_CONTEXT.search(part)
    if match:
        contexts = context_nodes(match["ctx"])
        if contexts:
            return part[: match.start()], contexts
    return part, ()


def context_nodes(text: str) -> tuple[Node, ...]:
    """Formats (`individual, youth, and family psychotherapy`) or populations (`adolescents`).

    Returns () unless every listed part is a recognised format or population: a context the
    lexicon cannot read is left out rather than guessed.
    """
    parts = [p for p in _CONTEXT_SEPARATOR.split(text.strip()) if p]
    parts = [_DETERMINER.sub("", p.strip(" .")) for p in parts]
    if not parts:
        return ()
    head = parts[-1].split()[-1].casefold()
    nodes: list[Node] = []
    for part in parts:
        node = _context_node(part, head)
        if node is None:
            return ()
        nodes.append(node)
    return tuple(nodes)


def _context_node(part: str, head: str) -> Node | None:
    words = part.casefold().split()
    if part.casefold() in FORMAT_WORDS:
        label = FORMAT_WORDS[part.casefold()]
        return Node("format", slugify(label), label)
    if part.casefold() in POPULATION_WORDS:
        label = POPULATION_WORDS[part.casefold()]
        return Node("population", slugify(label), label)
    if words and words[-1] in FORMAT_HEADS and all(w in FORMAT_MODIFIERS for w in words[:-1]):
        return Node("format", slugify(part), part.casefold()) if len(words) > 1 else None
    if words and all(w in FORMAT_MODIFIERS for w in words) and head in FORMAT_HEADS:
        label = f"{part.casefold()} {head}"
        return Node("format", slugify(label), label)
    return None


# A word that is also a format's modifier ends the context only where no list or head goes on
# after it: "with youth", but "in individual, youth, and family psychotherapy"
_GOES_ON = rf"(?!\s*,|\s+(?:and|or)\s|\s+(?:{'|'.join(sorted(FORMAT_HEADS))})\b)"
_CONTEXT_END = "|".join(
    re.escape(word) + (_GOES_ON if word in FORMAT_MODIFIERS else "")
    for word in sorted([*FORMAT_HEADS, *POPULATION_WORDS, *FORMAT_WORDS], key=len, reverse=True)
)
_TRAILING_CONTEXT = re.compile(
    rf"^\s+(?:in|for|with)\s+(?P<ctx>(?:[\w-]+(?:\s*,\s*|\s+))*?(?:{_CONTEXT_END}))\b", re.I
)


def _trailing_contexts(after: str) -> tuple[Node, ...]:
    """Contexts stated after the grade: "… demonstrably effective in individual, youth, and
    family psychotherapy" (up to the first format head or population word)."""
    match = _TRAILING_CONTEXT.match(after)
    return context_nodes(match["ctx"]) if match else ()


def clean_name(piece: str) -> str:
    """An item's name as written, without quotes, determiners or joining words."""
    name = piece.strip().strip("“”\"'‘’ .")
    previous = None
    while previous != name:
        previous = name
        name = _DETERMINER.sub("", name).strip().strip("“”\"'‘’ .")
    if len(name) > 1 and not name[:2].isupper():
        name = name[0].lower() + name[1:]
    return name


# A subject's auxiliary and the adverbs after it, caught at the end of an item's words
# ("Religion had long since", "culture had"): the item is the words before it
_VERB_END = re.compile(
    r"\s+(?:had|has|have|was|were|is|are|been|being|did|does|do)(?:\s+[a-z]+){0,2}$", re.I
)


def item_node(piece: str, kind: str) -> Node | None:
    """The element or adaptation node for one listed item, canonicalised by the lexicon."""
    name = _VERB_END.sub("", clean_name(piece))  # "culture had": culture
    if not name or len(name.split()) > 6 or _RELATIVE.search(name):
        return None
    aliases = ADAPTATION_ALIASES if kind == "adaptation" else ELEMENT_ALIASES
    canonical = canonical_name(name, aliases)
    if canonical is None:  # "religion": the scheme's label for its concept
        known = scheme.lookup(name)
        if len(known) == 1:  # (of the scheme's kind, whatever the words around it said)
            return Node(known[0].kind, known[0].slug, known[0].pref_label)
    canonical = canonical or name
    return Node(kind, slugify(canonical), canonical)


def canonical_name(name: str, aliases: dict[str, tuple[str, ...]]) -> str | None:
    wanted = name.casefold()
    for canonical, spellings in aliases.items():
        if wanted == canonical or wanted in spellings:
            return canonical
    return None


def _earliest_org(text: str, head: int) -> int:
    """Where an _ORG match can start at the earliest, given where the first org head starts.

    A match is at most four words and the head, or "by", four words and the head: it starts in
    one of the five words before its head, and no head comes before the first. Searching from
    there finds the same match as searching from the start, without trying every character of a
    long sentence.
    """
    before = text[:head].rsplit(None, 5)
    return len(before[0]) if len(before) == 6 else 0


def grader(text: str) -> Node | None:
    """The body a grading sentence names as grading, when it distinguishes it from any other.

    "graded by the APA interdivisional task force" → org/apa-interdivisional-task-force;
    "the second interdivisional task force rated" → org/interdivisional-task-force (an ordinal
    names one convening of the same body); a bare "the task force" names no one in particular,
    so the grading gets no `gradedBy`.
    """
    head = _ORG_HEAD.search(text) if may_contain(text, ORG_HEAD_WORDS) else None
    match = _ORG.search(text, _earliest_org(text, head.start())) if head else None
    if not match:
        return None
    words = (match["org"] or match["by"]).split()
    determiners = [i for i, w in enumerate(words) if w.casefold() in {"the", "a", "an", "by"}]
    if determiners:
        words = words[determiners[-1] + 1 :]
    else:
        while words and words[0].islower() and not _ORG_HEAD_CASED.fullmatch(" ".join(words)):
            words = words[1:]
    words = [w for w in words if w.casefold() not in ORG_NOISE_WORDS and not w.isdigit()]
    label = " ".join(words)
    if not _ORG_HEAD.sub("", label).split():
        return None
    return Node("org", slugify(label), label)
