"""Page furniture: which blocks of a source are not the article, and why.

Each block (a line or paragraph) is judged by what it is, the way boilerplate removers
such as jusText judge a page's paragraphs, never by a list of phrases from known sites:

- its own features (`Features`): length in words, whether it ends like a sentence, its
  stop-word density (jusText's measure of running text: a share of the language's most
  common words), its link density (the share of its characters in URLs, e-mail addresses
  and @handles; jusText's limit of 0.2), and the forms of furniture: a call to action, a
  credit line, a navigation bar, a label, a teaser, a dateline, a cross-reference, an advert
  by the mark that announces it (SPONSORSHIP: "SPONSORED · …", "This episode is supported
  by…", a sponsor read);
- its context, as jusText's second pass revises a paragraph by its neighbours: a run of
  headline-shaped lines inside the body is a list of links, unless every line names a
  person and a role (a participants' list); nothing after the article's last paragraph of
  running text, or after the mark that ends it ("[END OF TRANSCRIPT]"), is article (page
  tail); a short line between furniture is furniture; the block under a lone "Advertisement"
  marker, when it speaks as an advert does, is the advert; at the text's end, a paragraph
  that mostly asks the reader to act is a closing appeal (`closing_appeal`: "To report an
  error, e-mail…", a podcast's sign-off), though the page tail stops at it; and an official
  act's closing block (signatory, place, date, number: `attestation`) is content, since it
  alone gives the act's date and number, unlike an e-mail's signature or a page's dated tail;
- its repetition across the corpus: a line without sentence structure that recurs in other
  files, or any line that recurs across many files of one site, is the site's boilerplate.
  A sentence two articles share is not: repetition alone is not furniture.

Table rows (assistant/tables.py) are content by their structure and never furniture; nor is
a line that is furniture by its shape alone (a label, a cross-reference, a dateline) when it
states a measure, a figure with its unit or currency (assistant/measures.py: "Design speed,
freight trains 120 km/h", "Estimated total cost EUR 1.6 billion"): a key-figures box is
data, however headline-shaped its lines. A line that is furniture by what it does (a menu,
a call to action, a credit) stays furniture whatever figure it holds ("Subscribe from £9 a
month"). A bare count ("Comments 12") states no measure. Nor is the document's own title a
cross-reference, however labelled ("Hormoz: Rosatom's biggest order…"): a cross-reference
points from the text at another one, so only a line inside or after the text is one
(`own_title`). A heading the format marks (a Word paragraph's "Heading 1" style) is never
furniture by its shape or its neighbours ("1. Summary" is label-shaped); a table of
contents is, whether its style says so ("TOC 1") or its lines do: a run of entries with
leaders and page numbers repeating the headings below (`contents_lines`).
A paper's REFERENCE LIST (a "References"/"Bibliography" heading over entries shaped "Author,
A. (2024). Title. Journal.") is removed to the end of its section: its titles are other works'
claims; the text's own "(Author 2024)" citations stay in its sentences (`reference_list`). A
note to a draft's authors that the format marks (a Word paragraph highlighted whole under a
"Reviewer note:" label: formats.docx_annotation) is removed as an ANNOTATION.
A part's heading of a legal text ("Article 2", "Section 3", "Chapter IV": PART_HEADING) is
kept as a marked heading is. The text's first line is a MASTHEAD, the site's name, when a
site's navigation bar or breadcrumb stands right under it or its copyright line names it
(`masthead`). A line of the site's counters ("48.2k members · 312 online": `site_counters`)
is a widget. A print page set as text has furniture of its own (PRINT PAGES: `print_furniture`):
jump lines ("Continued on Page 4 ►") and the slug under a "Continued from" line, folios (page
header and footer, "Page 1 of 2", volume and issue) and refers to other pages ("INSIDE: …,
Page 3 | …", "ALSO ON THIS PAGE: …"); a classified advert is announced by its section's name as
a display advert is by "ADVERTISEMENT". A post of a social network embedded in a page is marked
by its reader (formats._embedded_posts) and removed as EMBEDDED_POST.
jusText itself is not used: it reads HTML (links from <a>, headings from <h1>…), which
plain text has none of; its context pass keeps a short line between two good paragraphs,
which is where an "Advertisement" or a "Photo: …" credit sits; and its stop-word density
cannot measure Chinese or Japanese, which have no spaces. Its stop-word lists are used.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from .formats import parse_date
from .measures import FIGURE, states_a_measure
from .schema import Block
from .text import HAS_CJK, ends_like_sentence, fold, is_question, sentence_spans, words

PROSE_MIN_WORDS = 15  # a paragraph of an article, as opposed to a label or a teaser
SHORT_WORDS = 3  # at most this many words and no sentence punctuation: a label
SENTENCE_MIN_WORDS = 4  # a shorter "sentence" ("Read more.") says too little to anchor an article
HEADLINE_MAX_WORDS = 15  # a headline, a menu item, a teaser: shorter than this
LINK_RUN = 3  # this many headline-shaped lines in a row: a list of links
SUBHEAD_MIN_WORDS = 2  # a subhead over a paragraph (see classify): one word alone is as often an advert's label
TITLE_MIN_WORDS = 4  # a headline taken for the title (sources.metadata): a shorter line is a label or a kicker
# jusText's stopwords_low: running text of a language has at least this share of its stop words.
STOPWORDS_LOW = 0.30
MAX_LINK_DENSITY = 0.2  # jusText's max_link_density
CREDIT_MAX_WORDS = 30  # a credit line is short; a paragraph that mentions a photographer is not
DATELINE_MAX_WORDS = 10  # "Updated 3:41 PM GMT+3, January 20, 2025": a date, a time, a word or two
CTA_SIGNALS = 3  # of the five signals of a call to action (see call_to_action), this many make one
NOTICE_MAX_WORDS = 40  # a notice to the reader (cookies, newsletters) is a few sentences, not a paragraph
# Site boilerplate by repetition: a line in at least this many documents of one site, and
# in at least this share of them. Two articles sharing a sentence is quotation, not a site.
SITE_MIN_FILES = 3
SITE_MIN_SHARE = 0.5

# Why a block is not article text: the reasons `sources show` prints.
LABEL = "label (a few words, no sentence)"
MENU = "navigation bar"
WIDGET = "widget (a teaser trailing off with an ellipsis, or the site's counters)"
HANDLE = "address or handle"
CROSS_REFERENCE = "cross-reference (Label: headline)"
DATELINE = "dateline"
LINKS = "mostly links"
CALL_TO_ACTION = "call to action"
CREDIT = "credit line (byline, photo credit, copyright)"
LINK_LIST = "list of links (headlines in a row)"
BETWEEN = "short line between furniture"
PAGE_TAIL = "page tail (after the article's last paragraph)"
BOILERPLATE = "site boilerplate (repeated across the site's files)"
RUNNING = "running header or footer (a page number, or a line repeated at the pages' edge)"
LEGAL = "legal notice (confidentiality, disclaimer, rights, handling marking)"
SIGNATURE = "e-mail signature (below its \"-- \" line)"
REFERENCES = "reference list (a bibliography: its titles are other works' claims, not this text's)"
ANNOTATION = "annotation to a draft (a highlighted note to its authors)"
ADVERT = "advert or sponsor message"
CONTENTS = "table of contents"
MASTHEAD = "masthead (the site's name over its navigation)"
EMBEDDED_POST = "embedded social post"  # a tweet or the like in a page (formats._embedded_posts)
JUMP = "jump line (continued on or from another page)"
PAGE_REFER = "refer to another page (a print page's index, teaser or box)"

CROSS_REFERENCE_FORM = re.compile(r"^[A-Z][\w’']*(?: [\w’']+)?:\s+\S")
MENU_SEPARATOR = re.compile(r"\s[|•·»›>/]\s")
# Links: URLs, e-mail addresses, handles and hashtags, and a Markdown link's "[text](target)"
# whatever its target (a site's own pages are linked by path: "(/opinion/instc)", "(#top)").
LINK = re.compile(r"https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.]+\b|(?<!\w)[@#]\w+|"
                  r"\[[^\[\]\n]*\]\([^()\s]*\)")
QUOTED = re.compile(r"[\"“„«][^\"“”„«»]*[\"”»]")  # reported speech: its "we" and "you" are a speaker's

# A call to action asks the reader to do something on the page. Its vocabulary is the
# web's, not any one site's: the verbs of its imperatives, and the names of the page's
# own furniture (newsletters, cookies, adverts, apps, comment threads, link boxes).
CTA_VERBS = (r"share|subscribe|sign\s*up|sign\s*in|log\s*in|register|follow|join|download|install|click|"
             r"tap|read|watch|listen|get|see|view|explore|save|comment|contact|support|donate|print|"
             r"e-?mail|like|tweet|scroll|skip|go|try|upgrade|unlock|accept|allow|manage|enable|"
             r"turn\s+on|learn|find\s+out|discover|check|visit|continue|leave|send|reply|"
             # and an advert's and a sign-off's: "buy bonds from…", "book by Friday", "write to…", "rate us"
             r"buy|book|order|shop|write|rate|tell\s+us|let\s+us\s+know")
# The imperative opens its sentence, after "please" (any verb then: "Please include the
# date…") or after a clause saying what it is for ("To report an error, e-mail…", "If you
# spot a mistake, write to…").
IMPERATIVE = re.compile(rf"(?:^|[.!?]\s+)\W*(?:(?:to|if|for|when)\b[^.!?,]{{1,80}},\s*)?"
                        rf"(?:please\s+[a-z]+|(?:please\s+)?(?:{CTA_VERBS}))\b(?![-'’])", re.I)
FURNITURE_TERMS = re.compile(
    r"\b(?:newsletters?|subscri(?:be|bers?|ptions?)|sign(?:ed)?[\s-]*up|log[\s-]*in|cookies?|"
    r"advertis(?:ement|ements|ing)|adverts?|sponsored|inbox|push notifications?|app store|google play|"
    r"privacy (?:policy|settings)|terms of (?:use|service)|most (?:read|popular|viewed|shared)|"
    r"related (?:articles|stories|topics|content|coverage|news|reading)|read more|see also|"
    r"more (?:stories|news|from|on this)|editor['’]s picks?|comments? section|leave a comment|"
    r"our (?:app|website|site)|social media (?:accounts?|channels?|pages?)|"
    # a live page's own machinery and sign-off
    r"live (?:blog|page|coverage|updates?)|auto-?refresh|(?:earlier|latest|older|newer) (?:updates|posts|entries)|"
    r"our coverage|(?:thanks|thank you) for (?:reading|following|joining)|become a (?:member|subscriber|supporter)|"
    r"that['’]?s (?:all|it) for (?:today|this week|now)|"
    r"(?:unlimited|full|digital) access|all (?:our )?articles|"
    # a creator platform's (a channel's, a feed's): its alerts, and the link it keeps in its profile
    r"(?:turn|switch) on (?:the |your |post )?notifications|notifications? bell|"
    r"link in (?:the |our |my )?bio|"
    # where the page sends its reader: a social network, or a web address ("site.example/join")
    r"facebook|twitter|instagram|telegram|whatsapp|youtube|tiktok|linkedin|x\.com)\b|"
    r"\b[a-z][\w-]*\.(?:[a-z][\w-]*\.)*(?:com|org|net|info|io|co|news|tv|fm|example|[a-z]{2})/[\w/-]*",
    re.I)
# The reader or the page itself addressed: "your inbox", "our newsletter", "click here",
# "the video above", "this article"; or greeted, a sentence opening "Welcome to…" ("Welcome
# to Majlis Watch", "Welcome back"), as a channel or a live page greets its reader.
ADDRESS = re.compile(r"\b(?:you|your|yours|we|our|us|here|below|above)\b|"
                     r"\bthis (?:article|story|page|site|website|newsletter|app|video|post|interview|podcast|"
                     r"episode|programme|program|show|broadcast|channel|feed|blog|e-?mail|edition)\b|"
                     r"(?:^|[.!?]\s+)\W*welcome (?:to|back)\b", re.I)

# An advert or a sponsor's message, by the mark that announces it (the words are the
# advertiser's, so no list of them could find it):
# - a marker heading the block, set off by a separator: "SPONSORED · Caspian Logistics Summit…",
#   "Partner content: Discover Aktau…", "Advertisement — …";
# - a programme or a page saying it is paid for: "This episode is supported by…", "Today's
#   show is brought to you by…", "a word from this week's sponsor" (a transcript's sponsor read).
# "The summit was sponsored by the chamber" says so of something else: no mark.
# (Not "Sponsor:" nor "Advertising:", which head a bill's or a company's fields: "Sponsor: Sen. Reed".)
# A print page's classified advertisements are announced by their section's name, as a
# display advert is by "ADVERTISEMENT" ("CLASSIFIED  Flat to let…", "Small ads: …"), and a
# print page sets a mark off from what it announces by a column's gap (two spaces or more)
# where a web page writes a colon or a dash.
AD_MARKS = (r"advertisement|advertorial|advert|ad|sponsored(?: content| post| by)?|promoted|"
            r"partner content|paid (?:content|post|partnership)|classifieds?|classified ads?|small ads|"
            r"реклама|anzeige|publicité|广告")
SPONSORSHIP = re.compile(
    rf"^\W*(?:{AD_MARKS})(?:\s*(?:[·:|—–]|-\s)|[^\S\n]{{2,}})\s*\S|"
    r"(?P<paid>\b(?:this|today['’]s|tonight['’]s|this week['’]s) (?:episode|show|podcast|programme|program|broadcast|newsletter|"
    r"edition|issue|video|segment|hour|briefing|page)(?: of [A-Z][\w’' ]*)? (?:is|was|has been|comes to you) "
    r"(?:supported|sponsored|brought to you|presented|underwritten|made possible|powered)(?: to you)? by\b|"
    r"\b(?:word|message|break|note) from (?:our|this (?:week|episode|month)['’]s|today['’]s|the show['’]s) sponsors?\b)",
    re.I)
# "This programme is supported by the government, which funds forty places", "This video was
# presented by the ministry as proof…": a news sentence names a programme or a video too. Its
# saying who pays or presents marks an advert only in a block that speaks as one (an
# imperative, the reader or the page addressed, the page's furniture named: `own_form`), as
# a sponsor read does ("…our sponsors. Today's show is brought to you by Nomad Bank: open an
# account with the code STEPPE"); a marker heading the block is one whatever follows it.
# An advert's imperative after its name or its offer, set off by a colon or a dash:
# "Fly to Baku from 59 euros: book by Friday", "Dagestan Invest Week — buy regional bonds".
OFFER = re.compile(rf"[:—–]\s*(?:please\s+)?(?:{CTA_VERBS})\b(?![-'’])", re.I)
# The marker alone on its line, over the advert it announces (`classify`): "Advertisement",
# "Sponsored", "【广告】".
AD_MARKER = re.compile(rf"^[\W_]*(?:{AD_MARKS}|advertising)[\W_]*$", re.I)
ADVERT_MAX_WORDS = 60  # an advert or a sponsor read is a paragraph at most (the longest seen run to about 45)

# "By" and a name: a capital after it ("By the numbers" is a subhead).
BYLINE = re.compile(r"^(?i:by|written by|words by|text by|story by|reporting by|report by|edited by|"
                    r"compiled by|interview by|(?:live )?(?:page|blog|coverage) by)\s+[A-ZÀ-ÞА-Я]")
CREDIT_LABEL = re.compile(r"^\W*(?:photo(?:graph)?s?|images?|pictures?|pic|video|graphic|illustration|"
                          r"(?:image )?caption|credits?|file photo|cover (?:photo|image)|"
                          r"(?:main|top|featured|header|lead) (?:photo|image))\b\s*(?:[:,|/—–-]|by\b|credit)",
                          re.I)
CREDIT_PHRASE = re.compile(r"contributed (?:to )?(?:this )?(?:report|story|article)|additional reporting|"
                           r"(?:^|[;(]\s*)(?:reporting|editing|writing) by\b|"
                           r"originally (?:published|appeared)|"
                           r"republished (?:from|with)|via getty images|©|\(c\)\s*\d{4}|"
                           # a masthead's credit, in the present tense ("The Eurasia Brief is written by…";
                           # a report says "was written by")
                           # (the whole line: a name after "by", no clause of its own to follow)
                           r"\b(?:is|are) (?:written|edited|compiled) by(?: [A-Z][\w.’'-]*| and| &)+\W*$|"
                           # the software that made the file: "Export generated by Telegram Desktop"
                           r"\b(?:export|file|document|pdf|archive|printout) (?:was )?"
                           r"(?:generated|exported|created|converted|printed) (?:by|with|using) [A-Z]|"
                           # ... or sent the message: an e-mail client's sign-off ("Sent from my iPhone")
                           r"^\W*sent from my \w+|^\W*(?:sent from|get) (?:outlook|mail|gmail|yahoo)\b|"
                           # the copyright sign written out, opening the line with a name and a year:
                           # "(c) Volga-Caspian Herald, 2025" (not a clause lettered "(c) cooperation in…")
                           r"^\W*\(c\)\s+[A-Z][^.]*\b(?:19|20)\d\d\b|"
                           r"\bcopyright\s*(?:©|\(c\))?\s*\d{4}|all rights reserved", re.I)
# A legal notice, as e-mail gateways, publishers and companies append them to what they send,
# in the fixed words of its kind: confidentiality ("intended solely for the addressee"), the
# rights reserved ("Reproduction without permission is prohibited", "any use of materials is
# permitted only with…"), a disclaimer ("for information only", "does not constitute an
# offer", "forward-looking statements"), and a document's handling marking ("OFFICIAL USE
# ONLY", "not for publication", "Distribution: …", "Classification: …", a draft's "please do
# not cite", "not for citation").
LEGAL_NOTICE = re.compile(
    r"\bconfidentiality notice\b|\bintended (?:solely|only|exclusively) for the (?:use of the )?"
    r"(?:addressee|recipient|named|individual|person)|"
    r"\b(?:reproduction|redistribution|republication|any (?:use|reproduction) of (?:the |these |our )?materials?)\b"
    r"[^.]{0,60}\b(?:prohibited|forbidden|not permitted|permitted only|without (?:the )?(?:prior )?(?:written )?"
    r"(?:permission|consent))|"
    r"\bfor information(?:al)? (?:purposes )?only\b|\bdoes not constitute (?:an? )?(?:offer|solicitation|advice)|"
    r"\bforward-looking statements\b|\b(?:official|internal) use only\b|\bnot for (?:publication|distribution)\b|"
    # a draft's marking: "Draft — please do not cite", "Not for citation without permission"
    r"\b(?:please )?do not (?:cite|quote)\b|\bnot for (?:citation|quotation)\b|"
    r"^\W*(?:distribution|classification|security classification)\s*:", re.I)
LEGAL_MAX_WORDS = 60  # a notice is a paragraph at most (the e-mail gateway's runs to about 50 words)


@dataclass(frozen=True)
class Features:
    """What a block's own text shows, as jusText measures a paragraph."""

    words: int
    sentence: bool  # ends like a sentence (any script's full stop, question or exclamation mark)
    stopword_density: float | None  # None where no stop-word list fits the language
    link_density: float

    @classmethod
    def of(cls, text: str, stoplist: frozenset[str] | None) -> Features:
        found = words(text)
        density = None
        if stoplist is not None and found:
            density = sum(w.lower() in stoplist for w in found) / len(found)
        links = sum(len(m.group()) for m in LINK.finditer(text))
        return cls(len(found), ends_like_sentence(text), density, links / max(1, len(text)))

    @property
    def prose(self) -> bool:
        """A paragraph of running text."""
        return self.words >= PROSE_MIN_WORDS and self.sentence

    @property
    def running_text(self) -> bool:
        """Reads as article text: where a stop-word list applies, it has running text's share
        of stop words, and either ends like a sentence and is more than a bare few words, or
        is as long as a paragraph (jusText's "good" paragraph: a cut-off one ends with no
        full stop)."""
        if self.stopword_density is not None and self.stopword_density < STOPWORDS_LOW:
            return False
        return (self.sentence and self.words >= SENTENCE_MIN_WORDS) or (
            self.stopword_density is not None and self.words >= PROSE_MIN_WORDS)


def line_key(text: str) -> bytes:
    """A line's identity across files, whatever its case and spacing: a short hash, so that
    counting the corpus's lines holds a few bytes a line, not its text."""
    return hashlib.blake2b(fold(text).encode(), digest_size=12).digest()


def shapeless(text: str, stoplist: frozenset[str] | None) -> bool:
    """A line without sentence structure (a headline, label, menu or teaser)."""
    return len(words(text)) <= HEADLINE_MAX_WORDS and not Features.of(text, stoplist).running_text


def is_prose(text: str) -> bool:
    return len(words(text)) >= PROSE_MIN_WORDS and ends_like_sentence(text)


def is_headline(text: str) -> bool:
    return len(words(text)) <= HEADLINE_MAX_WORDS and not text.rstrip().endswith((".", ":", ";", "。"))


def is_label(text: str) -> bool:
    return len(words(text)) <= SHORT_WORDS and not ends_like_sentence(text)


def is_caption(text: str) -> bool:
    """A sentence of mostly lower-case words, as a caption is; a credit names people and
    agencies, capitalised."""
    found = words(text)
    return (ends_like_sentence(text) and len(found) >= SENTENCE_MIN_WORDS
            and sum(w[:1].islower() for w in found) * 2 >= len(found))


# The labels of what the page says of itself: when it was published or updated, its
# counters, its contacts and its identifiers (a DOI, an ISSN: an address of the page, like
# its URL). "Signed: 17 January 2025" or "Stations: 8" states a fact of the article's.
PAGE_OWN = (r"(?:first |last )?(?:published|updated|posted|modified|edited)|reading time|read time|comments?|"
            r"views?|shares?|likes?|tel|telephone|phone|fax|mobile|e-?mail|(?:media |press )?(?:contacts?|enquiries)|"
            r"doi|issn|e?isbn|pmid|arxiv|"  # and its index:
            r"tags?|topics?|filed under|categor(?:y|ies)|keywords|related|see also|read also|more")
PAGE_OWN_LABEL = re.compile(rf"^\W*(?:{PAGE_OWN})\b", re.I)
# ... and the labels that date or number the page itself when they head it ("Date: 4 March
# 2025", "Issue: 88"); in a run of the document's fields a "Date:" is the meeting's (`fields`).
PAGE_EVENT = re.compile(rf"^\W*(?:{PAGE_OWN}|date|time|issue|edition|page|vol(?:ume)?|no)\b", re.I)


# A tally's or a price list's row sets its figure apart from its label by a leader, not a
# colon: dots ("Voted ......... 163") or a tab. Spaces do not: extracted text spaces out a
# widget's "Trending  1" and a counter's "Comments 12" as well.
LEADER_ROW = re.compile(r"^(?P<label>\S.*?)(?:\s*(?:\.{3,}|…+)\s*|\t\s*)(?P<value>\d[^\t]*)$")


def labelled_figure(text: str) -> bool:
    """A "Label: value" line whose value holds a figure or a date ("Length: 162 km", "In
    force: 2 October 2025", "Stations: 8") and whose label names no event of the page
    itself (PAGE_EVENT): a fact the article lists, not a label or a dateline. A row whose
    leader sets a figure apart from its label ("Did not vote ......... 6", "Voted<tab>163":
    LEADER_ROW) is the same fact written as a table writes it, when the figure is all its
    value (a few words at most: "162 (95.9%)")."""
    label, colon, value = text.partition(":")
    if not colon:
        row = LEADER_ROW.match(text.strip())
        if row is None or len(words(row["value"])) > SHORT_WORDS:
            return False
        label, value = row["label"], row["value"]
    return bool(FIGURE.search(value)) and not PAGE_EVENT.match(label) and len(words(label)) <= SHORT_WORDS


# A SITE'S COUNTERS: a widget that counts the site's or the page's audience, "48.2k members ·
# 312 online", "Members: 3,120 | Online now: 41", "1.2M views · 4.5k likes": every item a figure
# (with k/M for thousands and millions) and a noun of the audience or its reactions, the items
# set apart by the separators a widget uses. A figure of goods ("4.8k tonnes") counts no audience.
AUDIENCE = (r"members?|users?|followers?|following|subscribers?|views?|viewers?|online(?: now)?|watching|"
            r"visitors?|guests?|readers?|listeners?|fans?|likes?|shares?|comments?|replies|posts?|threads?|"
            r"topics?|reactions?|reposts?|retweets?|plays?|downloads?|reads?|votes?|stars?|forks?")
COUNT = r"\d[\d.,\s]*\s*[kKmMbB]?\+?"
COUNTER_ITEM = re.compile(rf"^\W*(?:{COUNT}\s*(?:{AUDIENCE})|(?:{AUDIENCE})\s*:?\s*{COUNT})\W*$", re.I)
COUNTER_SEPARATOR = re.compile(r"\s+[·|•/]\s+|\s{2,}")


def site_counters(text: str) -> bool:
    """Whether a line is a widget of the site's counters (AUDIENCE, COUNTER_ITEM)."""
    items = [item for item in COUNTER_SEPARATOR.split(text.strip()) if item.strip()]
    return bool(items) and len(words(text)) <= 4 * len(items) and all(COUNTER_ITEM.match(item) for item in items)


def is_widget(text: str) -> bool:
    """A teaser trailing off with an ellipsis, or the site's counters (`site_counters`)."""
    stripped = text.rstrip()
    return (len(words(text)) < 10 and (stripped.endswith("…") or stripped.endswith("..."))) or site_counters(text)


def is_menu(text: str) -> bool:
    """A navigation bar or breadcrumb: three or more short items between separators."""
    items = MENU_SEPARATOR.split(text)
    return len(items) >= 3 and all(len(words(item)) <= 3 for item in items)


def is_handle(text: str) -> bool:
    """A byline or address: one token of letters and slashes/dots/@, no spaces."""
    return " " not in text.strip() and bool(re.search(r"[/@]|\.\w", text))


def speaks_of_page(text: str) -> bool:
    """Whether `text`, outside quotation marks, speaks of the page or its reader ("this
    article", "our newsletter", "you"), names the page's furniture, or credits its makers:
    what a site's standard sentences do, and an article's sentences seldom."""
    unquoted = QUOTED.sub(" ", text)
    return bool(ADDRESS.search(unquoted) or FURNITURE_TERMS.search(unquoted) or CREDIT_PHRASE.search(unquoted))


def call_to_action(text: str, features: Features) -> bool:
    """The page asking its reader to act: "Share this article: Facebook Twitter WhatsApp",
    "Subscribe to our newsletter", "We use cookies to improve your experience". Five signals
    count: an imperative of the web's verbs opening a sentence, a word naming page furniture,
    the reader or the page addressed (outside quotation marks), no sentence structure, and
    shortness. It takes the imperative or the furniture word, and CTA_SIGNALS of the five,
    or a furniture word spoken to the reader (a cookie notice is a long, proper sentence).
    A paragraph of NOTICE_MAX_WORDS words or more asks nothing of the reader: it is text."""
    if features.words >= NOTICE_MAX_WORDS:
        return False
    unquoted = QUOTED.sub(" ", text)
    imperative = bool(IMPERATIVE.search(unquoted))
    term = bool(FURNITURE_TERMS.search(unquoted))
    if not (imperative or term):
        return False
    # A notice asks in each of its sentences; a paragraph with a sentence of news in it
    # ("Welcome to our live coverage. The State Duma is due to vote today…") is text, unless
    # a label governs all of it ("See also: Russia attacked…. There are victims.").
    sentences = [unquoted[s:e] for s, e in sentence_spans(unquoted)]
    if len(sentences) > 1 and not CROSS_REFERENCE_FORM.match(text) and any(
            len(words(x)) >= SENTENCE_MIN_WORDS and not speaks_of_page(x) and not IMPERATIVE.search(x)
            for x in sentences):
        return False
    address = bool(ADDRESS.search(unquoted))
    signals = imperative + term + address + (not features.sentence) + (features.words < PROSE_MIN_WORDS)
    return signals >= CTA_SIGNALS or (term and address)


def credit(text: str, features: Features) -> bool:
    """A byline ("By Anna Petrova, Moscow"), a picture credit ("Photo: Reuters/…"), a
    contribution credit ("Reporting by …; Editing by …") or a copyright line."""
    if features.words > CREDIT_MAX_WORDS:
        return False
    byline = BYLINE.match(text) and not features.sentence and features.words <= 12
    # "Photo: Sergei Karpukhin/Reuters" credits a picture: names, capitalised; "Photo: The
    # Astara station handles 40 trains a day." is a caption, a sentence, which states something.
    picture = (m := CREDIT_LABEL.match(text)) is not None and not is_caption(text[m.end():])
    return bool(byline or picture or CREDIT_PHRASE.search(text))


# A date as datelines write one: a month's name, digits with date separators, or 年月日.
DATE_FORM = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|"
                       r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\d{4}年", re.I)


# Two defaults for the parts of a date a text leaves out (see dateline); their year is any.
FIRST, SECOND = datetime(2000, 1, 1), datetime(2000, 1, 2)
# What encloses a stamp or a date ("[RECEIVED 12 MAY 2025]", "(19 November 2025)", «…»):
# read as spaces by `dateline`, since dateutil takes "2025]" for no year.
ENCLOSING = re.compile(r"[\[\](){}<>«»‹›\"“”„]")
DOTTED_DATE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})(?![\d.])")  # "03.04.2025"
YEAR_WRITTEN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A number standing alone that is no day (over 31) and no four-digit year: an issue's, a count.
NO_DATE_NUMBER = re.compile(r"(?<![\d:.])(?:3[2-9]|[4-9]\d|\d{3})(?![\d:.])")
# Between the fields of a header line: "Eurasia Explained · 9 February 2025 · 6 min read".
FIELD_SEPARATOR = re.compile(r"\s+[·|•—–]\s+")


def dateline(text: str) -> str | None:
    """ISO date if the line is a date (with a time, or a word or two: "Published on 17 Jan
    2025"), like a dateline; None otherwise. A month without a day ("JANUARY 2026") is dated
    to its month, "2026-01", never to a day the text does not give (dateutil would take the
    day from today's date)."""
    if len(words(text)) > DATELINE_MAX_WORDS or not re.search(r"\b(19|20)\d\d\b|\d{4}年", text) \
            or not DATE_FORM.search(text):
        return None
    if m := re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text):  # Chinese and Japanese dates
        rest = text.replace(m.group(), " ")
        return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if len(words(rest)) <= 2 else None
    # dateutil's lexer reads a year glued to a bracket ("2025]") as no year and fills in its
    # default's (2000): the brackets and quotation marks around a stamp are no part of its date.
    bare = ENCLOSING.sub(" ", text)
    # A date written with dots puts its day first wherever it is written so ("03.04.2025" is
    # 3 April in Russian, German, Persian use); dateutil reads a month first unless told.
    day_first = bool(DOTTED_DATE.search(bare))
    try:
        when, skipped = parse_date(bare, fuzzy_with_tokens=True, default=FIRST, dayfirst=day_first)
        other = parse_date(bare, fuzzy=True, default=SECOND, dayfirst=day_first)
    except (ValueError, OverflowError):
        return None
    extra = [w for part in skipped for w in words(part)]
    if len(extra) > 2:
        return None
    # A date keeps the four-digit year its text writes (the test above requires one). When
    # dateutil took another number for the year ("Issue #88 | 12 January 2026" read as 1988),
    # the date is read again without the numbers that can be neither a day nor a year
    # (NO_DATE_NUMBER); a year it still misses is a wrong date, so no date.
    if str(when.year) not in YEAR_WRITTEN.findall(text):
        try:
            when = parse_date(NO_DATE_NUMBER.sub(" ", bare), fuzzy=True, default=FIRST, dayfirst=day_first)
            other = parse_date(NO_DATE_NUMBER.sub(" ", bare), fuzzy=True, default=SECOND, dayfirst=day_first)
        except (ValueError, OverflowError):
            return None
        if str(when.year) not in YEAR_WRITTEN.findall(text):
            return None
    # dateutil fills a day the text does not write from its default: two defaults that
    # differ by their day tell a month's date ("January 2026") from a day's.
    return when.date().isoformat() if when.day == other.day else when.date().isoformat()[:7]


def dated(text: str) -> str | None:
    """The date a line of the article's head gives (`dateline`), or that one of its fields
    gives when it is fields between separators ("Kestrel Energy Analytics · Client briefing ·
    10 April 2025 · Author: …", "Issue #88 | 12 January 2026"): the field that is a date
    alone, read alone, so that the other fields' words and numbers are not read into it
    (the whole line would be read as 12 January 1988)."""
    fields = FIELD_SEPARATOR.split(text.strip())
    if len(fields) > 1:
        found = next((d for field in fields if (d := dateline(field))), None)
        if found:
            return found
    return dateline(text)


# PRINT PAGES. A newspaper's page set as text (a print replica, an e-edition's export) carries
# the page's own furniture, known by its shape, not its words:
# - a JUMP LINE, where a story breaks off to another page and where it resumes: "Continued on
#   Page 4 ►", "◄ Continued from Page 1", "FERRIES Continued from A1" (its slug in capitals
#   first), "Cont'd on A6", "See FERRIES, Page 4", "Turn to
#   page 9" (JUMP_LINE), and the slug under the "continued from" line ("CASPIAN FERRIES",
#   `classify`). The sentence it broke is read as one across it (sources.clean: Block.continues);
# - a FOLIO, the page's header or footer: a page number alone ("Page 1 of 2"), or a line
#   whose fields a print page's column gaps set apart, one of them the page's number or the
#   edition's volume and issue ("THE COURIER   Tuesday, March 11, 2025   PAGE 1",
#   "Vol. CXIV No. 58 …… Price 60p": FOLIO);
# - a REFER, a line pointing at other pages of the edition: an index or a teaser ("INSIDE:
#   Budget row, Page 3 | Letters, Page 12"), a box's "Full forecast, Page 18", an advert's
#   "SEE PAGE 9" (PAGE_REFERENCE: ", Page N" or "see page N", which running prose writes as
#   "on page 4"), and a run of other stories' headlines announced as on the page ("ALSO ON
#   THIS PAGE: … | …").
PAGE_REF = r"(?:pages?|p\.|pp\.)\s*[A-Z]?\d{1,3}(?:\s*[-–]\s*[A-Z]?\d{1,3})?"
JUMP_LINE = re.compile(
    rf"^[\W_]*(?-i:[A-Z][A-Z'’-]+\s+){{0,4}}(?:(?:continued|cont['’]?d\.?|story continues|turn to)\s+(?:on|from|to)?\s*{PAGE_REF}|"
    rf"(?:continued|cont['’]?d\.?)\s+(?:on|from)\s+[A-Z]?\d{{1,3}}|"
    rf"see\s+[^.!?]{{1,40}}?,?\s+{PAGE_REF})[\W_]*$", re.I)
JUMP_FROM = re.compile(r"\b(?:continued|cont['’]?d\.?)\s+from\b", re.I)
# A refer names the page as a print page does, capitalised ("Page 18", "PAGES 26-32"), and
# ends a field with it; a citation's "(Karimi 2024, p. 12)" or prose's "on page 4" is none.
PAGE_REFERENCE = re.compile(r"(?:,|\b(?i:see))\s+(?:Pages?|PAGES?)\s+[A-Z]?\d{1,3}(?:\s*[-–]\s*[A-Z]?\d{1,3})?"
                            r"[^\S\n]*(?:$|[.|·•;)\]]|[^\S\n]{2,})")
REFER_MAX_WORDS = NOTICE_MAX_WORDS  # a box's or an index's line, not a paragraph
PAGE_ALONE = re.compile(rf"^[\W_]*{PAGE_REF}(?:\s*(?:/|of)\s*\d{{1,4}})?[\W_]*$", re.I)
COLUMN_GAP = re.compile(r"[^\S\n]{3,}|\s*\.{4,}\s*")  # a print page's gap between fields, or a leader
VOLUME_ISSUE = re.compile(r"\bvol(?:ume)?\.?\s*[IVXLC\d]+\b.*\b(?:no|nr|issue)\.?\s*\d+", re.I)
ON_THIS_PAGE = re.compile(r"^\W*(?:also|more|elsewhere)\s+(?:on|in)\s+(?:this|the)\s+(?:page|section|edition|issue)\b", re.I)


def print_furniture(text: str, features: Features) -> str | None:
    """A print page's jump line, folio or refer (see PRINT PAGES), or None."""
    line = text.strip()
    if JUMP_LINE.match(line):
        return JUMP
    if PAGE_ALONE.match(line):
        return RUNNING
    fields = [f for f in COLUMN_GAP.split(line) if f.strip()]
    if len(fields) >= 2 and (VOLUME_ISSUE.search(line) or any(PAGE_ALONE.match(f) for f in fields)):
        return RUNNING
    if features.words <= REFER_MAX_WORDS and (PAGE_REFERENCE.search(line) or ON_THIS_PAGE.match(line)):
        return PAGE_REFER
    return None


def own_form(text: str, features: Features) -> str | None:
    """The furniture a block is by its own text, or None. A question is the article's own
    (an interview's or an FAQ's "Q: Is it in force?", a moderator's turn), not a label nor
    a cross-reference by its shape: the answer after it is read with it, and a question is
    never quoted (chunking.quotable_sentences)."""
    if features.link_density > MAX_LINK_DENSITY:
        return LINKS
    asks = is_question(text)
    if features.words <= LEGAL_MAX_WORDS and LEGAL_NOTICE.search(QUOTED.sub(" ", text)):
        return LEGAL  # before its shape: "Classification: Client confidential" is a marking
    if features.words <= ADVERT_MAX_WORDS and (mark := SPONSORSHIP.search(unquoted := QUOTED.sub(" ", text))) and (
            not mark.group("paid") or IMPERATIVE.search(unquoted) or ADDRESS.search(unquoted.replace(mark.group(), " "))
            or FURNITURE_TERMS.search(unquoted.replace(mark.group(), " "))):
        return ADVERT  # whatever its sentences say: they are the advertiser's
    if printed := print_furniture(text, features):
        return printed
    if site_counters(text):
        return WIDGET
    if is_label(text) and not asks:
        return LABEL
    if is_widget(text):
        return WIDGET
    if is_menu(text):
        return MENU
    if is_handle(text):
        return HANDLE
    if credit(text, features):
        return CREDIT
    if call_to_action(text, features):
        return CALL_TO_ACTION
    label, _, rest = text.partition(":")
    # "Read more: Putin hosts Pezeshkian" points at a headline; "Note: figures for 2024 are
    # preliminary." and a transcript's "TAVAKOLI: We expect gas in 2028." say something.
    # A question under a speaker's label ("Q:", "OV:", "MINA ROSTAMI:") is an interview's; under
    # another ("Related: Will the railway ever be built?") a headline pointed at.
    if (CROSS_REFERENCE_FORM.match(text) and features.words <= 25 and not is_prose(label) and is_headline(rest)
            and not (asks and (label.isupper() or label.lower() == "question"))):
        return CROSS_REFERENCE
    if dateline(text):
        return DATELINE
    return None


# A page number as headers and footers print one: "Page 2", "Page 2 of 7", a bare "2",
# "2 / 7" or "- 2 -" alone on its line.
PAGE_NUMBER = re.compile(r"\bpage\s+\d{1,4}\b|^\W*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\W*$", re.I)
# A running header quotes the head of the first page (its masthead, its title) in runs of at
# least this many words: one or two shared words are a subject's, not a quotation.
ECHO_RUN = 3


def running_lines(pages: list[str], small: list[set[int]] | None = None) -> dict[tuple[int, int], str]:
    """A paged document's running headers and footers: {(page index, line start): reason}.
    Only a page's edge lines are judged (its first and last, and the next inward while the
    one outside it is running): one is running when it is no sentence and
    - it holds a page number (PAGE_NUMBER), or
    - the same line, its page number aside, is at the same edge of another page ("Chapter 2"
      and "Chapter 3" are two headings), or
    - at the top of a later page, set smaller than the body text (`small`: each page's line
      starts that are), it repeats the first page's head (the lines above its first
      sentence): a run of ECHO_RUN of its words, and most of its words, are the head's (the
      short title a header repeats: "BCISS Policy Brief 7/2026 — Partnership without
      alliance" under a masthead and title that say so, on a document whose first page has
      no header to repeat). A section heading quoting the title is set larger, not smaller.
    A text's line that runs on from the page before starts in lower case: at a page's top,
    never running. At its foot a line in lower case is a footer only when the pages repeat
    it, their numbers aside ("hyrcania-institute.example · Page 1 of 2", the first page's
    too); "see the table on page 14 of the annex, which lists" runs on to the next page."""
    lines = [[(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
             for text in pages]

    def shape(line: str, n: int) -> str:  # a line on page n + 1, its page number aside ("Page 2", "- 2 -")
        # The first only: "Page 2 of 2" on the last page is "Page # of 2", as on the others.
        return re.sub(rf"(?<!\d){n + 1}(?!\d)", "#", fold(line), count=1)

    edges = {edge: Counter(shape(page[at][1], n) for n, page in enumerate(lines) if page)
             for edge, at in (("top", 0), ("bottom", -1))}
    head = lines[0][:next((i for i, (_, line) in enumerate(lines[0]) if ends_like_sentence(line)), len(lines[0]))] \
        if lines else []
    head_runs = {tuple(w.lower() for w in found[i:i + ECHO_RUN])
                 for _, line in head for found in [words(line)] for i in range(len(found) - ECHO_RUN + 1)}

    head_words = {word for run in head_runs for word in run}

    def echoes(line: str) -> bool:
        found = [w.lower() for w in words(line)]
        quotes = any(tuple(found[i:i + ECHO_RUN]) in head_runs for i in range(len(found) - ECHO_RUN + 1))
        return quotes and sum(w in head_words for w in found) * 2 > len(found)

    found: dict[tuple[int, int], str] = {}
    for n, page in enumerate(lines):
        for edge, order in (("top", page), ("bottom", page[::-1])):
            for start, line in order[:len(page) // 2]:  # never past the page's middle
                text = line.strip()
                # A line in lower case runs on from the text: at a page's top never running, at its
                # foot only when the pages repeat it (a footer opening with the site's address).
                if (ends_like_sentence(text) or (text[:1].islower() and (edge == "top" or edges[edge][shape(line, n)] <= 1))
                        or not (PAGE_NUMBER.search(text) and len(words(text)) <= HEADLINE_MAX_WORDS
                                or edges[edge][shape(line, n)] > 1
                                or (edge == "top" and n > 0 and small is not None
                                    and start in small[n] and echoes(text)))):
                    break
                found[(n, start)] = RUNNING
    return found


# An e-mail's signature stands under its delimiter, "-- " alone on a line (RFC 3676; "--" as
# clients trim its space), down to the next blank line: the sender's name and title, a
# phone number, the client's "Sent from my iPhone". A quoted reply's (">-- ") is one too.
SIGNATURE_DELIMITER = re.compile(r"^[>\s]*-- ?$")
# A message's header fields, as a mail client writes or quotes them: a "From:" and a "To:",
# "Sent:", "Date:" or "Subject:". Elsewhere a "--" alone is a table's empty cell.
MAIL_FROM = re.compile(r"^[>\s]*From:\s*\S", re.M)
MAIL_FIELD = re.compile(r"^[>\s]*(?:To|Sent|Date|Subject):\s*\S", re.M)


def signature_lines(text: str) -> set[int]:
    """The starts of the lines of `text`, an e-mail (MAIL_FROM and MAIL_FIELD), that are its
    signature; none in a text that is no e-mail."""
    if not (MAIL_FROM.search(text) and MAIL_FIELD.search(text)):
        return set()
    found: set[int] = set()
    start, inside = 0, False
    for line in text.splitlines(keepends=True):
        body = line.strip().lstrip(">").strip()
        if SIGNATURE_DELIMITER.match(line.rstrip("\r\n")):
            inside = True
        elif not body:
            inside = False
        elif inside:
            found.add(start)
        start += len(line)
    return found


# The line that ends a text, as wires, press releases and transcripts mark it: "[END OF
# TRANSCRIPT]", "-- END --", "(ENDS)", "###", "-30-". What follows is the page's, not the text's.
# Only the marks that end a whole transcript, release or wire story: "(END OF STATEMENT)" closes
# a quoted statement an article goes on from, and "The end" may be a subhead.
END_MARK = re.compile(r"^[\s\[(*_–—-]*(?:(?i:end of (?:the )?(?:transcript|release|press release|record|"
                      r"broadcast|programme|program))|ENDS?|-30-|#{3,})[\s\])*_–—-]*$")


# Furniture by its shape alone, which a stated figure outweighs.
SHAPE_ONLY = {LABEL, CROSS_REFERENCE, DATELINE}
# A PART'S HEADING of a legal or a long text: the word for a numbered part and its number
# (arabic, roman, or a section sign's), alone on its line or before the part's name: "Article 3",
# "ARTICLE 12", "Section 2.", "Chapter IV — Final provisions", "§ 4", "Статья 5". It is the
# text's structure (a quote of Article 2's text is found under it), not a label, though it
# is label-shaped; `classify` keeps it as a heading the format marks.
PART_HEADING = re.compile(
    r"^\W*(?:(?i:article|art\.|section|chapter|part|title|annex|appendix|schedule)|"
    r"(?i:статья|глава|раздел|часть|приложение)|§+)\s*(?:\d{1,3}[a-z]?(?:\.\d{1,3})*|[IVXLC]{1,7})\.?"
    r"(?:\s*[.:—–-]\s*[^.!?]{1,80})?\s*$")
# What a heading the format marks is never removed for: its shape, or its neighbours.
MARKED_HEADING_KEPT = SHAPE_ONLY | {BETWEEN, LINK_LIST, PAGE_TAIL}


def classify(blocks: list[Block], boilerplate: set[bytes], stoplist: frozenset[str] | None,
             title: str | None = None, headings: set[int] = frozenset(),
             contents: set[int] = frozenset()) -> dict[int, str]:
    """The blocks that are page furniture, by index, each with its reason. `title`: the
    document's title as its format gives it (a PDF's, a page's, a dump's), if any;
    `headings` and `contents`: the blocks the format marks as headings and as a table of
    contents (a Word paragraph's style: formats.docx_role)."""
    texts = [b.text for b in blocks]
    # A part's heading (PART_HEADING: "Article 2") is a heading as a marked one is.
    headings = set(headings) | {i for i, text in enumerate(texts) if not blocks[i].table and PART_HEADING.match(text)}
    features = [Features.of(text, stoplist) for text in texts]
    measured = [not f.prose and (states_a_measure(text) or labelled_figure(text)) for text, f in zip(texts, features)]
    forms = [None if b.table else own_form(text, f) for b, text, f in zip(blocks, texts, features)]
    # The slug under a "Continued from Page 1" line ("CASPIAN FERRIES"): a few words, no sentence.
    for i in range(len(texts) - 1):
        if forms[i] == JUMP and JUMP_FROM.search(texts[i]) and not blocks[i + 1].table \
                and is_headline(texts[i + 1]) and not features[i + 1].running_text:
            forms[i + 1] = JUMP
    listed = announced(texts, features, forms)
    recorded = fields(texts, [bool(b.table) for b in blocks], forms)
    body = next((i for i, f in enumerate(features) if f.prose), len(texts))  # the first paragraph
    noted = footnotes(texts)
    # Content by its structure, as a table row is: a figure, a footnote the text refers to, an
    # official act's closing block (who signed it, where, its date and number).
    attested = attestation(texts, features, forms, [bool(b.table) for b in blocks])
    table = [b.table != "" or m or i in noted or i in attested for i, (b, m) in enumerate(zip(blocks, measured))]
    headline = own_title(texts, forms, body, [bool(b.table) for b in blocks], title)
    junk: dict[int, str] = {}
    for i, text in enumerate(texts):
        if blocks[i].table:
            continue
        reason = BOILERPLATE if line_key(text) in boilerplate else forms[i]
        if i in headline and reason == CROSS_REFERENCE:
            reason = None  # the text's own title, labelled ("Kharg: why…"), points at no other text
        # A figure keeps a line that is furniture only by its shape (a label, a headline), not
        # one that is furniture by what it does: a menu's "Subscribe from £9 a month" is no
        # data. So do the list a line of text announces ("Key numbers from the treaty:"), a
        # run of the document's fields, a footnote, people named with their group ("Liisa
        # Mäkelä (Renew)") and a date in brackets in the body ("(19 November 2025)" under
        # "Answer given by…": the date of that part, where a page's dateline heads the page).
        if i == 0 and reason is None and masthead(texts, forms, title):
            reason = MASTHEAD
        if reason and not ((table[i] or i in listed or i in recorded or NAMED_WITH_GROUP.match(text)
                            or (i > body and bracketed_date(text))) and reason in SHAPE_ONLY):
            junk[i] = reason
    # jusText's headings: a short line over a paragraph of the body is its subhead ("Insulin,
    # not missiles" over the section it heads). Not a salutation ("Marta," over a letter's
    # text), a page number or a mark in brackets ("[page 43]", "[END OF TRANSCRIPT]"), nor one
    # word alone, which over a paragraph is as often an advert's label ("Advertisement",
    # "Реклама", "【广告】") as a heading.
    for i in [i for i, reason in junk.items() if reason == LABEL]:
        text = texts[i].strip()
        if (body < i < len(texts) - 1 and features[i + 1].prose and i + 1 not in junk
                and features[i].words >= SUBHEAD_MIN_WORDS and not re.search(r"[,;:.…]\W*$", text)
                and not text.startswith(("[", "(", "【")) and not PAGE_NUMBER.search(text)
                and not call_to_action(text, features[i])):
            del junk[i]
    prose = [i for i, f in enumerate(features) if f.prose and i not in junk]
    # A notice's words inside the article are the article's: a source speaking "not for
    # publication", a treaty barring "redistribution without consent". A notice stands above
    # the text (a handling marking) or below it (a gateway's, a publisher's).
    for i in [i for i, reason in junk.items() if reason == LEGAL]:
        if prose and prose[0] < i < prose[-1]:
            del junk[i]
    # A key-value label between two blocks of the article's own text (sentences, table rows,
    # figures) reads with them: a tally's "Decision: adopted" under its figures, a fact
    # check's "Rating: True" between its claim and its reasons. A page's labels ("Tags: Iran",
    # "Filed under: Politics") stand at its head or tail, or beside other furniture, not
    # inside the text.
    for i in [i for i, reason in junk.items() if reason == LABEL and key_value(texts[i])]:
        if prose and prose[0] < i < len(texts) - 1 and all(
                j not in junk and (table[j] or features[j].running_text) for j in (i - 1, i + 1)):
            del junk[i]
    # Lists of links inside the body: runs of headline-shaped lines (labels and datelines
    # between them don't break a run), with the one-line label that heads them. The header
    # above the first paragraph is left alone: title and standfirst are headline-shaped too.
    # A document that writes its links (Markdown's [text](url)) shows which lines are links:
    # there, a headline-shaped line without one (a bullet point) is no link.
    writes_links = any(f.link_density > 0 for f in features)
    run: list[int] = []
    for i in range(prose[0] + 1 if prose else len(texts), len(texts) + 1):
        if (i < len(texts) and not table[i] and i not in recorded and is_headline(texts[i]) and not features[i].prose
                and (features[i].link_density > 0 or not writes_links or is_label(texts[i]))):
            run.append(i)
            continue
        if sum(not is_label(texts[j]) for j in run) >= LINK_RUN and not cast_list([texts[j] for j in run]):
            junk.update((j, junk.get(j, LINK_LIST)) for j in run)
            # The label that heads the list, with its colon or without ("READ ALSO:", "Most read").
            if run[0] > 0 and is_label(texts[run[0] - 1].rstrip().removesuffix(":")):
                junk.setdefault(run[0] - 1, LINK_LIST)
        run = []
    # jusText's context: a short line (not a sentence) with furniture on both sides is
    # furniture, below the article's start (above it are the title and standfirst).
    for i in range(prose[0] + 1 if prose else len(texts), len(texts) - 1):
        if (i not in junk and not table[i] and i not in listed and i not in recorded and not features[i].running_text
                and i - 1 in junk and i + 1 in junk):
            junk[i] = BETWEEN
    # An advert under its marker: the block after a lone "Advertisement" or "Sponsored" line, when
    # it is no paragraph of the article and speaks as an advert does (an imperative, also one
    # after a colon or a dash, the reader addressed, the page's furniture named: "Dagestan
    # Invest Week — buy regional bonds from 10,000 roubles. Learn more", "Fly to Baku from 59
    # euros: book by Friday"). A figure alone is no sign: the article states figures too
    # ("Trade rose to $4.8 billion in 2024.", a key figure "Exports: $3.1 billion"). A marker over an advert that is an image alone stands over the
    # article's next paragraph, which is kept.
    for i in range(len(texts) - 1):
        nxt = texts[i + 1]
        if (AD_MARKER.match(texts[i]) and not blocks[i + 1].table and not features[i + 1].prose
                and (IMPERATIVE.search(nxt) or OFFER.search(nxt) or ADDRESS.search(nxt) or FURNITURE_TERMS.search(nxt))):
            junk[i] = junk[i + 1] = ADVERT
    for i in reference_list(texts, [bool(b.table) for b in blocks]):
        junk[i] = REFERENCES
    # A closing appeal: at the text's end, below its last paragraph of content, a paragraph that
    # mostly asks the reader to act or speaks of the page (`closing_appeal`): a corrections
    # page's "To report an error, e-mail…", a podcast's sign-off "That's all for today. Subscribe
    # wherever you get your podcasts…". Inside the text such a paragraph is read as text (a
    # sentence of news in it keeps it: `call_to_action`); at its end it is the page's. It still
    # closes the text for the page tail below: the lines above it (a timeline's last entry,
    # short of running text) stay as they were.
    appeals: set[int] = set()
    for i in range(len(texts) - 1, body, -1):
        if i in junk or not (table[i] or features[i].running_text):
            continue  # furniture, or lines the page tail takes (a list of links under it)
        if table[i] or not closing_appeal(texts[i], features[i]):
            break
        junk[i] = CALL_TO_ACTION
        appeals.add(i)
    # Page tail: nothing after the article's last running text belongs to the article, nor
    # anything after the mark that ends it ("[END OF TRANSCRIPT]", "###"): a disclaimer there
    # is running text too.
    end = next((i for i in range(prose[0] + 1 if prose else len(texts), len(texts))
                if not table[i] and END_MARK.match(texts[i])), len(texts))
    junk.update((i, junk.get(i, PAGE_TAIL)) for i in range(end + 1, len(texts)))
    anchors = [i for i, f in enumerate(features)
               if (i not in junk or i in appeals) and (table[i] or f.prose or f.running_text)]
    if prose and anchors:
        junk.update((i, junk.get(i, PAGE_TAIL)) for i in range(anchors[-1] + 1, len(texts)))
    # HEADINGS AND CONTENTS the format marks: a heading heads the text under it, whatever its
    # shape ("1. Summary" is label-shaped) or its neighbours; a table of contents repeats the
    # headings with page numbers: it points into a printed document, and says nothing itself.
    for i in headings:
        if junk.get(i) in MARKED_HEADING_KEPT:
            del junk[i]
    junk.update((i, CONTENTS) for i in contents | contents_lines(texts, [bool(b.table) for b in blocks]))
    return junk


# A REFERENCE LIST: a paper's or a report's "References" ("Bibliography", "Works cited",
# "Literature", "Sources") heading over its entries, each in a bibliography's shape: who
# wrote it (names, initials, an organisation), the year ("(2024).", "2024."), then its title and
# where it appeared ("Karimi, H. (2024). Russia's promise of S-400 batteries to Iran. Tehran
# Strategic Review 12(3): 44–61."). A title states another work's claim, not this text's (a
# headline "Iran to receive 50 Su-35 fighters by 2026" the paper itself disputes), and the
# text's own citations, "(Karimi 2024)" inside its sentences, say what it draws on. The list
# runs from its heading to the first block that is no entry (the end of its section).
REFERENCES_HEADING = re.compile(r"^\W*(?:\d{1,2}\.?\s+)?(?:references?|bibliography|works cited|literature(?: cited)?|"
                                r"sources(?: cited)?|reference list|cited works)\s*:?\s*$", re.I)
BIB_ENTRY = re.compile(r"^\W{0,3}(?:\[?\d{1,3}[.\])]\s+)?(?P<names>[^\W\d_][^()\n]{0,150}?)[\s,.]*"
                       r"\((?:19|20)\d\d[a-z]?\)[.,:]?\s+\S|"
                       r"^\W{0,3}(?:\[?\d{1,3}[.\])]\s+)?(?P<names2>[^\W\d_][^()\n]{0,150}?)[,.]\s+(?:19|20)\d\d[a-z]?\.\s+\S")
# Words inside a list of authors that are not names: connectors, "et al.", an editor's mark.
NAME_WORDS = {"and", "&", "et", "al", "al.", "van", "von", "de", "der", "den", "da", "del", "du", "la", "le", "of",
              "the", "for", "ed", "ed.", "eds", "eds.", "(ed.)", "(eds.)"}
BIB_MAX_NAME_WORDS = 16  # names of a work's authors before its year; more is a sentence


def bibliography_entry(text: str) -> bool:
    """Whether a block opens like an entry of a REFERENCE LIST: names, then the year, then more."""
    m = BIB_ENTRY.match(text)
    if not m:
        return False
    names = (m.group("names") or m.group("names2")).split()
    return len(names) <= BIB_MAX_NAME_WORDS and all(
        w.lower() in NAME_WORDS or w[:1].isupper() for w in names)


def reference_list(texts: list[str], tabled: list[bool]) -> set[int]:
    """The blocks of each REFERENCE LIST: its heading and the entries under it."""
    found: set[int] = set()
    for i, text in enumerate(texts):
        first, _, rest = text.strip().partition("\n")
        if tabled[i] or not REFERENCES_HEADING.match(first) or (rest.strip() and not bibliography_entry(rest.strip())):
            continue
        j = i + 1
        while j < len(texts) and not tabled[j] and bibliography_entry(texts[j]):
            j += 1
        if j > i + 1 or rest.strip():
            found.update(range(i, j))
    return found


MASTHEAD_MAX_WORDS = 8  # a site's or a portal's name: "Official Internet Portal of Legal Information" is 6


def masthead(texts: list[str], forms: list[str | None], title: str | None = None) -> bool:
    """Whether the text's first line is the site's name over its navigation (MASTHEAD): a short
    line, no sentence, directly above a navigation bar or breadcrumb ("Home > Federal laws >
    2025"), or named by the page's copyright line ("© Official Internet Portal of Legal
    Information"). A headline over a share bar ("Share: Facebook · Twitter") is no masthead:
    that bar asks the reader to act, a site's navigation does not. The format's own title is
    never one."""
    if not texts or len(words(texts[0])) > MASTHEAD_MAX_WORDS or ends_like_sentence(texts[0]):
        return False
    name = fold(texts[0])
    if title and fold(title) == name:
        return False
    if len(texts) > 1 and forms[1] == MENU:
        first_item = MENU_SEPARATOR.split(texts[1])[0]
        if not (IMPERATIVE.search(first_item) or FURNITURE_TERMS.search(first_item)):
            return True
    return any(_copyright_of(name, fold(text)) for text in texts[1:])


# A copyright mark and its year, before the holder's name: "© 2025 Caspian Wire".
COPYRIGHT_MARK = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?")


def _copyright_of(name: str, text: str) -> bool:
    """Whether folded `text` gives `name` (folded) as a copyright's holder. Compared as strings,
    not as a pattern made of the name: a pattern per document would fill the regular
    expressions' cache, one compiled pattern a file."""
    for mark in COPYRIGHT_MARK.finditer(text):
        after = mark.end() + len(name)
        if text.startswith(name, mark.end()) and (after == len(text) or not text[after].isalnum()):
            return True
    return False


APPEAL_MAX_WORDS = 60  # a closing appeal is a paragraph at most, as a legal notice is (LEGAL_MAX_WORDS)
# Words put in someone's mouth: a reporting clause closing a sentence after a comma, its
# speaker before the verb or after it ("…, the ministry urged.", "…, said the governor in a
# statement."), or "according to" a source. The verbs are English's reporting verbs (a closed
# class, as CTA_VERBS is the web's), in the past or the present.
REPORTING_VERBS = (r"said|says|urged|urges|told|tells|added|adds|warned|warns|announced|announces|stated|states|"
                   r"wrote|writes|advised|advises|appealed|appeals|asked|asks|called|calls|noted|notes|insisted|"
                   r"insists|stressed|stresses|recommended|recommends|reminded|reminds|pleaded|pleads|explained")
REPORTED = re.compile(rf",\s+(?:(?:[\w’'.-]+\s+){{1,6}}(?:{REPORTING_VERBS})|(?:{REPORTING_VERBS})\s+(?:the|an?|its|his|her|their|[A-Z]\w*))"
                      rf"\b[^.!?,;]{{0,80}}[.!?]?\s*$|\baccording to\b", re.I)


def closing_appeal(text: str, features: Features) -> bool:
    """A paragraph that asks the reader to act (an imperative of CTA_VERBS opening a sentence)
    and of whose sentences at least half ask or speak of the page or its reader
    (`speaks_of_page`): what a page says as it closes ("To report an error, e-mail… Please
    include the date…"; "That's all for today. Subscribe… Our producer is… See you next
    week."). Judged only at a text's end (`classify`). A paragraph that reports an appeal,
    puts any of its sentences in someone's mouth (REPORTED: "Donate blood at your nearest
    clinic, the ministry urged."): the page never attributes its own appeals, an article
    reports an official's, and the appeal is then its news."""
    if features.words > APPEAL_MAX_WORDS or features.link_density > MAX_LINK_DENSITY:
        return False
    unquoted = QUOTED.sub(" ", text)
    sentences = [unquoted[s:e] for s, e in sentence_spans(unquoted)] or [unquoted]
    if any(REPORTED.search(x) for x in sentences):
        return False
    asks = [bool(IMPERATIVE.search(x)) for x in sentences]
    speaks = [a or speaks_of_page(x) for a, x in zip(asks, sentences)]
    return any(asks) and sum(speaks) * 2 >= len(sentences)


# An official act's number as it closes the act, on its own line or ending one that gives
# more ("No. 71-FZ", "№ 812", "Nr. 5/2025", "21 April 2025 No. 71-FZ"), and what sets a
# line's fields apart ("Astana, Akorda, 3 March 2025"): see `attestation`.
ACT_NUMBER = re.compile(r"(?:^|(?<=[\s,;]))\W*(?:No|Nr|Nº|N|№|Number)\.?\s*[\w./-]*\d[\w./-]*\W*$", re.I)
FIELDS = re.compile(r",\s*|\s+[·|•—–]\s+")


def attestation(texts: list[str], features: list[Features], forms: list[str | None], rows: list[bool]) -> set[int]:
    """The lines of an official act's closing block: after its last paragraph, the short lines
    that say who signed it, where, when and under which number ("President of the Russian
    Federation / V. Putin / Moscow, the Kremlin / 21 April 2025 / No. 71-FZ"). They are the
    only place the act gives its own date and number: content, however label-shaped. A block is
    one when its run of short lines (no sentence, no furniture by what it does) holds both a
    date (`dateline`) and an act's number (ACT_NUMBER); it runs to the last of those. An
    e-mail's signature or a web page's dated tail gives no act's number. `forms`: each line's
    own_form; `rows`: which are table rows."""
    last = max((i for i, f in enumerate(features) if f.running_text and forms[i] is None and not rows[i]), default=None)
    if last is None:
        return set()
    run: list[int] = []
    for i in range(last + 1, len(texts)):
        if (rows[i] or features[i].running_text or features[i].words > HEADLINE_MAX_WORDS
                or forms[i] not in (None, *SHAPE_ONLY)):
            break
        run.append(i)
    # A line may hold more than one of them, its fields set off by commas or by the number
    # that ends it: "Moscow, the Kremlin, 21 April 2025", "21 April 2025 No. 71-FZ".
    numbered = {i: m for i in run if (m := ACT_NUMBER.search(texts[i]))}
    dates = [i for i in run if any(dateline(field) for field in FIELDS.split(
        texts[i][:numbered[i].start()] if i in numbered else texts[i]) if field.strip())]
    numbers = list(numbered)
    if not dates or not numbers:
        return set()
    return {i for i in run if i <= max(dates + numbers)}


# A line of a table of contents as typed: an entry, a leader (dots, an ellipsis, middle dots,
# underscores, a tab, or a run of spaces) and the page number, Arabic or Roman, ending it:
# "1. Summary ........ 2", "Findings\t4", "Annex II … xii".
# Matched as its leader and page number ending the line (LEADER_PAGE, searched from the
# entry's first word on), the entry what comes before: a pattern of the entry and the leader
# together (two lazy runs) cost the cube of a line's length to try on a line of text, and
# contents_lines tries every line (a 46,000-character paragraph took minutes, a 1 MB report 8 s).
LEADER_PAGE = re.compile(r"(?:[ \t]*(?:\.{2,}|…+|(?:·\s?){2,}|_{2,})[ \t]*|\t+|[ ]{3,})"
                         r"(?P<page>\d{1,4}|[ivxlc]{1,7})\s*$", re.I)
CONTENTS_RUN = 2  # entries in a row: one line ending in a number is a figure's line, not a contents


def contents_entry(line: str) -> str | None:
    """The entry of a line of a table of contents as typed ("1. Summary" of "1. Summary ....
    2"); None for any other line."""
    first = re.search(r"\w", line)
    if first is None or not line[-1:].isalnum():
        return None
    m = LEADER_PAGE.search(line, first.end())
    return line[:m.start()] if m else None


# The numbering a heading may carry in the text and drop in its contents' entry, or the reverse.
NUMBERING = re.compile(r"^\W*(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,6}|[A-Z])[.)]?\s+")


def contents_lines(texts: list[str], rows: list[bool]) -> set[int]:
    """A table of contents typed as text, where no style marks it: a run of CONTENTS_RUN or
    more entry lines (`contents_entry`) of which most repeat, folded and with or without their
    numbering, a line further down the document (the headings they list). A list of items
    with numbers ("Wheat ...... 420") repeats no heading: it is data, and stays."""
    def key(text: str) -> str:
        return fold(NUMBERING.sub("", text.strip()))

    later: dict[str, int] = {}
    for i, text in enumerate(texts):
        later[key(text)] = i  # the last line of each text
    found: set[int] = set()
    run: list[tuple[int, str]] = []
    for i in range(len(texts) + 1):
        entry = contents_entry(texts[i].strip()) if i < len(texts) and not rows[i] else None
        if entry is not None:
            run.append((i, entry))
            continue
        repeated = sum(later.get(key(entry), -1) > j for j, entry in run)
        if len(run) >= CONTENTS_RUN and repeated * 2 > len(run):
            found.update(j for j, _ in run)
        run = []
    return found


def own_title(texts: list[str], forms: list[str | None], body: int, rows: list[bool],
              title: str | None = None) -> set[int]:
    """The lines that are the document's own title: a "Label: headline" there ("Hormoz:
    Rosatom's biggest order…", "Strengthening Alliances: Russia and Iran…") heads the text
    and is no cross-reference, which points from a text at another one ("Read also: …").
    The title is the line the format names as such (`title`: a PDF's layout or properties,
    a page's <title>, a dump's field; compared folded), and the first line of that form
    above the first paragraph (`body`), where a text has its headline (a masthead or a
    stamp may stand over it) and nothing yet to point from: inside or after the text, a
    labelled headline is a pointer. A headline is words: TITLE_MIN_WORDS of them after the
    label ("Last updated: 14:52 MSK", "DOI: 10.555/…", "Date: Mon, 12 Jan 2026 07:00" are fields),
    and no "Label: value" line stands above it: under one, it is one more of a header's
    fields (an e-mail's "Subject:" under its "From:" and "Date:"); a title heads its fields.
    Nor does a headline without a label stand between it and the text: that one is the
    headline, and a labelled line over it a teaser pointing elsewhere ("Related: Caspian
    ferry prices rise…" over "Terminal deal signed in Astrakhan")."""
    found = {i for i, text in enumerate(texts) if title and not rows[i] and fold(text) == fold(title)}
    end = min(body, len(texts))
    # The last unlabelled headline above the text: a labelled line above it is no title.
    headline = max((j for j in range(end) if forms[j] is None and not rows[j] and is_headline(texts[j])
                    and ":" not in texts[j] and len(words(texts[j])) >= TITLE_MIN_WORDS), default=-1)
    head = [i for i in range(headline + 1, end) if forms[i] == CROSS_REFERENCE and not rows[i]
            and sum(any(c.isalpha() for c in w) for w in words(texts[i].partition(":")[2])) >= TITLE_MIN_WORDS
            and not (i > 0 and KEY_VALUE.match(texts[i - 1]))]
    return found | set(head[:1])


# A key-value row: "Decision: adopted", "Status: in force". A few words each side, no sentence.
KEY_VALUE = re.compile(r"^[A-Z][\w’' -]*:\s*\S")


def key_value(text: str) -> bool:
    """A "Label: value" line of a few words ("Decision: adopted", "Rating: False"), whose label
    asks nothing of the reader and names no furniture ("Watch: live", "Newsletter: daily")."""
    label, _, value = text.partition(":")
    return (bool(KEY_VALUE.match(text)) and len(words(label)) <= SHORT_WORDS
            and 0 < len(words(value)) <= SHORT_WORDS and not ends_like_sentence(text)
            and not IMPERATIVE.search(label) and not FURNITURE_TERMS.search(label))


# A document's fields: "Label: value" lines in a row, as a fact sheet lists its key facts
# ("Route: Lagan – Amirabad", "Operator: KhazarTrans Shipping LLC") and a memo or minutes
# head their text ("Date: 18 November 2025", "Venue: …"). This many in a row make a run: one
# labelled headline alone is a cross-reference ("Explainer: why a railway…").
FIELD_RUN = 2
ADDRESSES = {LINKS, HANDLE}  # the forms of an address: e-mail addresses, URLs, handles
QUOTATION = re.compile(r"^\s*[\"“„«][^\"“”„«»]*[\"”»]\W*$")  # a value that is all a quotation


def fields(texts: list[str], rows: list[bool], forms: list[str | None]) -> set[int]:
    """The lines of the runs of FIELD_RUN or more "Label: value" lines (each label a few
    words, each a different one: a headline printed twice is no record; each value no
    sentence: a labelled sentence is content by itself, "Note: figures are preliminary.",
    and labelled sentences in a row are a text, no list of fields) that are the
    document's own: content, whatever their values' shape. A run with an address in it (an
    e-mail's "From:" and "To:", a contact box's "Email:") is a message's header or a contact
    block, not a list of facts; and a field whose label names the page's own business
    (PAGE_OWN_LABEL: "Last updated:", "Tags:", "Tel:"), or asks the reader to act ("Watch:"),
    is furniture in any run, as is a line furniture by what it does (a legal notice's
    "Classification:"). A value in quotation marks is someone's words under a label (a fact
    check's 'Claim: "The treaty obliges Russia to defend Iran"'), not a fact the document
    states: it stays as its shape makes it. The document's first line is its title
    ("Parliamentary Monitor: Majlis debate…"), not a field. `rows`: which lines are table
    rows; `forms`: each line's own_form."""
    found: set[int] = set()
    run: list[int] = []
    for i in range(1, len(texts) + 1):  # the first line is the title, however labelled
        label = texts[i].partition(":")[0] if i < len(texts) else ""
        if (i < len(texts) and not rows[i] and KEY_VALUE.match(texts[i]) and len(words(label)) <= SHORT_WORDS
                and not ends_like_sentence(texts[i])):
            run.append(i)
            continue
        labels = [fold(texts[j].partition(":")[0]) for j in run]
        if len(run) >= FIELD_RUN and len(set(labels)) == len(labels) and not any(forms[j] in ADDRESSES for j in run):
            found.update(j for j in run if not own_label(texts[j].partition(":")[0])
                         and not QUOTATION.match(texts[j].partition(":")[2]))
        run = []
    return found


def own_label(label: str) -> bool:
    """A label of the page's own business, or asking the reader to act: no field of the text."""
    return bool(PAGE_OWN_LABEL.match(label) or IMPERATIVE.search(label) or FURNITURE_TERMS.search(label))


# People each named with their group or side in brackets, under a label or not: "Liisa
# Mäkelä (Renew)" under a parliamentary question's header, "Secretariat: Anton Lyubimov
# (Russian side), Maryam Sadeghi (Iranian side)". Who a record is by or about, as a cast
# list's "Name, role" is; a byline says "By" (credit), a contact's name stands bare.
PERSON = r"[A-ZÀ-ÞА-Я][\w.’'-]+(?: [A-ZÀ-ÞА-Я][\w.’'-]+){1,3}"
NAMED_WITH_GROUP = re.compile(rf"^(?:[A-Z][\w’' -]*:\s*)?{PERSON} \([^()\d]+\)(?:(?:,|;| and) {PERSON} \([^()\d]+\))*$")


def bracketed_date(text: str) -> bool:
    """A date alone in brackets, "(19 November 2025)": the date of the part of the text it
    stands under (an answer, a statement, an amendment)."""
    inner = text.strip()
    return inner.startswith("(") and inner.endswith(")") and dateline(inner[1:-1]) is not None


# A footnote opens with its mark: superscript digits ("¹ Caspian cargo insurance…") or a
# number in brackets ("[1] Interviews by the author…"), or a lower-case roman one, Word's
# endnotes' ("[iv]"; not "[x]" or "[xx]" alone, a ticked box); "1." is a list item's number.
NOTE_NUMBER = r"\[(?:\d{1,3}|(?!x{1,2}\])(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3}))\]"
FOOTNOTE = re.compile(rf"^\s*(?:[¹²³⁰⁴-⁹]+|{NOTE_NUMBER})\s*(?=\S)")


def footnotes(texts: list[str]) -> set[int]:
    """The footnotes whose mark the text carries on a word ("on the Caspian¹ and…", "[1]"
    after a sentence): the text's own notes, however short or bare of stop words, not the
    page's tail. A line that merely opens with a number in brackets refers to nothing. The
    marks called are collected once, over the whole text (a chat export's "[n]" lines are
    thousands)."""
    called: Counter[str] = Counter(m.group(0) for text in texts for m in CALLED_MARK.finditer(text))
    found: set[int] = set()
    for i, text in enumerate(texts):
        if (m := FOOTNOTE.match(text)) and called[m.group().strip()] > sum(
                c.group(0) == m.group().strip() for c in CALLED_MARK.finditer(text)):
            found.add(i)  # called somewhere besides its own line
    return found


# A footnote's mark where the text calls it: right after a word or a stop, not opening a line.
CALLED_MARK = re.compile(rf"(?<=\S)(?:[¹²³⁰⁴-⁹]+|{NOTE_NUMBER})(?![\d¹²³⁰⁴-⁹\]])")


# A name and its role: "PAVEL KORNEEV, Deputy Minister of Foreign Affairs", "Nadia Ferreira,
# correspondent for Lusa". The name as a cast list writes it: one to four words in capitals (a
# transcript's speakers), or two to four capitalised words (a person's first and last name)
# with a role that says whose it is ("of", "for", "at"…): title-case teasers ("Caspian Summit
# Ends, Leaders Sign Declaration") have a capitalised phrase on both sides of their comma.
NAME_AND_ROLE = re.compile(r"^(?:[A-ZÀ-ÞА-Я][A-ZÀ-ÞА-Я.’'-]+(?: [A-ZÀ-ÞА-Я][A-ZÀ-ÞА-Я.’'-]+){0,3}, \w+ \w+|"
                           rf"{PERSON}, .*\b(?:of|for|at|to|in)\b)")


def cast_list(lines: list[str]) -> bool:
    """A list of people, each named with a role ("PAVEL KORNEEV, Deputy Minister of Foreign
    Affairs", a participants' or signatories' list): the one place a transcript or a record
    says who its speakers are, headline-shaped but no link. Teasers are headlines, and only
    one here or there opens with a name and a comma ("Israel, Hamas agree to deal…"): every
    line of the run must (a label above it aside), and none asks a question."""
    items = [line for line in lines if not is_label(line)]
    return bool(items) and all(NAME_AND_ROLE.match(line) and not is_question(line) for line in items)


def announced(texts: list[str], features: list[Features], forms: list[str | None]) -> set[int]:
    """The short lines a line of text announces with a colon ("Key numbers from the treaty:"
    over "47 articles", "11 negotiating rounds"): the article's own list, not furniture by
    their shape (a label) nor by sitting among furniture. A label ("Most read:") or a line
    that is furniture itself announces nothing, and a run of headlines under any line is
    still a list of links ("More from the Herald:" over three teasers). `forms`: each
    line's own_form, None for a table row."""
    found: set[int] = set()
    for i, text in enumerate(texts):
        if text.rstrip().endswith(":") and len(words(text)) > SHORT_WORDS and forms[i] is None:
            j = i + 1  # the list runs to the next paragraph, or to furniture by what it does
            while j < len(texts) and not features[j].prose and forms[j] in (None, *SHAPE_ONLY):
                found.add(j)
                j += 1
    return found


@cache
def _stoplists() -> tuple[dict[str, frozenset[str]], dict[str, list[str]]]:
    """jusText's stop-word lists (100 languages), and for each word the languages listing it."""
    import justext

    lists = {name: frozenset(justext.get_stoplist(name)) for name in justext.get_stoplists()}
    languages: dict[str, list[str]] = {}
    for name, words_ in lists.items():
        for word in words_:
            languages.setdefault(word, []).append(name)
    return lists, languages


@cache
def _english() -> frozenset[str]:
    import justext

    return frozenset(justext.get_stoplist("English"))


def stoplist_for(texts: Iterable[str]) -> frozenset[str] | None:
    """The stop-word list of the document's language, as jusText would be told it: the list
    most of its words belong to, English first (the sources' usual language, and the only
    list to load when it fits); None for text in a script without spaces (Chinese,
    Japanese) or a language no list covers."""
    sample = [w.lower() for text in texts for w in words(text) if not HAS_CJK.match(w)][:2000]
    if len(sample) < SENTENCE_MIN_WORDS:
        return None
    english = _english()
    if sum(w in english for w in sample) / len(sample) >= STOPWORDS_LOW:
        return english
    lists, languages = _stoplists()
    votes: dict[str, int] = {}
    for word in sample:
        for name in languages.get(word, ()):
            votes[name] = votes.get(name, 0) + 1
    best = max(votes, key=votes.__getitem__, default=None)
    return lists[best] if best and votes[best] / len(sample) >= STOPWORDS_LOW else None
