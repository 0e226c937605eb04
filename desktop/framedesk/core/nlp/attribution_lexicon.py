"""Word lists the attribution rules consult: reporting verbs (from resources/), hedges,
denials, and the nouns that tell what kind of source is speaking.

Kept apart from the rules so an analyst-facing change ("treat 'stressed' as a cue") is a
data edit, and so the rules read as grammar rather than vocabulary.
"""

from __future__ import annotations

from functools import cache

import yaml

from framedesk.core.resources import resource

# Verbs whose object (not only a clause) is what the source disputes or reveals:
# "denied the charges", "Bloomberg reported the plan".
DENIAL_LEMMAS = frozenset({"deny", "reject", "dismiss", "refute", "rebut", "disclaim", "dispute"})
OBJECT_CONTENT_LEMMAS = DENIAL_LEMMAS | {"report", "reveal", "disclose", "confirm",
                                         "estimate", "accuse"}
# A denial's object is only what was said when it is a claim ("denied the charges"), not a
# thing ("rejected the draft" is an act).
CLAIM_NOUNS = frozenset({
    "report", "reports", "claim", "claims", "allegation", "allegations", "accusation",
    "accusations", "charge", "charges", "count", "counts", "warning", "warnings", "suggestion",
    "suggestions", "criticism", "statement", "statements", "rumour", "rumours", "rumor",
    "rumors", "speculation", "offer", "proposal", "plan", "plans", "idea", "story", "stories",
    "assertion", "assertions", "account", "findings", "notion", "reports",
    # speech acts one can reject as well as deny: "rejected that argument / the request"
    "argument", "arguments", "request", "requests", "demand", "demands", "premise",
    "characterization", "comparison", "comparisons", "narrative", "theory", "conclusion"})
# Role nouns that can open a headline as its speaker: "Spy agency chief: ...".
SPEAKER_ROLE_NOUNS = frozenset({
    "chief", "head", "minister", "president", "general", "commander", "spokesman",
    "spokeswoman", "spokesperson", "expert", "experts", "official", "officials", "leader",
    "boss", "ceo", "director", "governor", "mayor", "envoy", "ambassador", "analyst",
    "analysts", "source", "sources", "insider", "adviser", "advisor", "secretary"})

# Sentence adverbs that mark a claim as hearsay when no source is given.
HEDGE_ADVERBS = frozenset({"reportedly", "allegedly", "purportedly", "supposedly",
                           "apparently", "ostensibly"})
# "X is said to ...", "it is believed that ...": passive verbs of hearsay.
HEDGE_PASSIVES = frozenset({"say", "report", "believe", "think", "allege", "understand",
                            "rumour", "rumor", "claim", "suppose", "expect", "know"})
# Verbs that weaken what a document or study "says".
HEDGE_CUES = frozenset({"suggest", "hint"})

# Verbs a relative clause uses to say where a source got its information ("NBC, which
# refers to information from ..."): such a clause is another attribution, not a description.
RELAY_LEMMAS = frozenset({"refer", "cite", "quote", "base", "rely", "draw"})
# Nouns for information handed over by someone ("information provided by two sources").
INFO_NOUNS = frozenset({"information", "news", "details", "detail", "data", "intelligence",
                        "figures", "account", "accounts", "claims", "claim", "concerns",
                        "concern", "warnings", "warning", "allegations", "allegation"})
INFO_VERBS = frozenset({"provide", "give", "share", "supply", "express", "voice", "raise",
                        "make", "level"})

# Source description: which head nouns point to which source type.
SOURCE_TYPE_NOUNS: dict[str, frozenset[str]] = {
    "other_media": frozenset({
        "newspaper", "broadcaster", "outlet", "media", "television", "tv", "radio",
        "channel", "daily", "tabloid", "magazine", "journalist", "reporter", "correspondent",
        "editor", "publication", "network", "press", "website", "broadcast"}),
    "government_official": frozenset({
        "official", "officials", "government", "administration", "ministry", "minister",
        "spokesman", "spokeswoman", "spokesperson", "council", "mayor", "governor",
        "president", "secretary", "ambassador", "diplomat", "diplomats", "embassy", "cabinet",
        "kremlin", "authority", "authorities", "department", "agency", "regulator",
        "regulators", "negotiator", "envoy", "premier", "chancellor", "civil", "servant",
        "servants", "prime", "director"}),
    "military_security": frozenset({
        "military", "army", "navy", "commander", "general", "officer", "soldier", "soldiers",
        "troops", "pentagon", "defence", "defense", "intelligence", "security", "coastguard",
        "forces", "colonel"}),
    "politician_party": frozenset({
        "lawmaker", "lawmakers", "senator", "congressman", "congresswoman", "mp", "mps",
        "opposition", "party", "candidate", "leader", "legislator", "deputy", "campaign"}),
    "judiciary_police": frozenset({
        "police", "prosecutor", "prosecutors", "judge", "court", "lawyer", "lawyers",
        "attorney", "investigators", "detective", "prosecution", "defence lawyer"}),
    "international_org": frozenset({
        "nato", "imf", "unicef", "unhcr", "osce", "iaea"}),
    "expert_academic": frozenset({
        "analyst", "analysts", "expert", "experts", "professor", "researcher", "researchers",
        "scientist", "scientists", "economist", "economists", "academic", "historian",
        "observer", "observers", "forecaster", "forecasters", "hydrologist", "neurologist",
        "doctor", "think", "tank", "university", "institute", "scholar"}),
    "business": frozenset({
        "company", "firm", "executive", "executives", "ceo", "chairman", "bank", "carmaker",
        "maker", "manufacturer", "investors", "shareholders", "industry", "business",
        "businesses", "retailer", "insurer", "lender"}),
    "ngo_advocacy": frozenset({
        "union", "group", "groups", "campaigners", "activists", "charity", "ngo",
        "organisation", "organization", "advocates", "federation", "association",
        "workers"}),
    "citizen_eyewitness": frozenset({
        "resident", "residents", "witness", "witnesses", "eyewitness", "survivor", "survivors",
        "voter", "voters", "patient", "patients", "locals", "neighbour", "neighbours",
        "neighbor", "family", "relatives", "wife", "husband", "mother", "father", "friends",
        "passenger", "passengers", "owner", "owners", "parents", "firefighter", "villagers"}),
    "document_data": frozenset({
        "document", "documents", "statement", "figures", "data", "survey", "study", "poll",
        "draft", "memo", "email", "letter", "filing", "filings", "audit", "statistics",
        "records", "analysis", "census", "ruling", "review", "report", "reports"}),
    "social_media": frozenset({
        "post", "tweet", "telegram", "instagram", "facebook", "x", "tiktok", "youtube",
        "twitter", "blog"}),
}
# When several types match, the first in this order wins (most specific first).
SOURCE_TYPE_ORDER = ("social_media", "document_data", "other_media", "international_org",
                     "military_security", "judiciary_police", "politician_party",
                     "expert_academic", "business", "ngo_advocacy", "citizen_eyewitness",
                     "government_official")

# Nouns naming people as sources without naming them: what makes a source "described".
PERSON_SOURCE_NOUNS = frozenset({
    "source", "sources", "official", "officials", "person", "people", "diplomat",
    "diplomats", "insider", "insiders", "aide", "aides", "spokesman", "spokeswoman",
    "spokesperson", "analyst", "analysts", "expert", "experts", "observer", "observers",
    "resident", "residents", "witness", "witnesses", "member", "members", "executive",
    "executives", "worker", "workers", "critics", "critic", "campaigners", "activists",
    "economists", "economist", "researchers", "scientists", "lawmakers", "investors",
    "survivors", "survivor", "consultant", "surgeons", "forecasters", "mediators",
    "prosecutors", "opponents", "supporters", "friends", "family", "colleagues"})
# Places and buildings that stand for a government: "the Kremlin said", "Washington warned".
INSTITUTIONAL_NAMES = frozenset({
    "kremlin", "white house", "pentagon", "downing street", "elysee", "élysée", "quai d'orsay",
    "whitehall", "foggy bottom", "state department", "zhongnanhai", "bankova"})
# Institutions referred to by a common noun: "the ministry said", "the council said".
INSTITUTION_NOUNS = frozenset({
    "government", "administration", "ministry", "council", "authority", "authorities",
    "agency", "board", "company", "union", "embassy", "police", "court", "army", "military",
    "coastguard", "bank", "parliament", "commission", "committee", "department", "movement",
    "office", "regime", "cabinet", "junta", "television", "media", "firm"})

# Phrases claiming access to what is reported.
INSIDE_KNOWLEDGE = ("familiar with", "aware of", "close to", "knowledge of", "briefed on",
                    "involved in", "privy to", "with access to", "in the room")
# Phrases giving a reason for anonymity.
ANONYMITY_REASONS = ("not authorised", "not authorized", "condition of anonymity",
                     "not to be named", "not to be identified", "because", "for fear",
                     "not allowed to", "sensitivity", "not permitted", "to protect")
# Words that state an affiliation in an unnamed source's description.
AFFILIATION_WORDS = frozenset({
    "us", "u.s.", "american", "european", "eu", "western", "russian", "ukrainian", "chinese",
    "british", "german", "french", "military", "government", "administration", "state",
    "intelligence", "security", "defence", "defense", "civil", "company", "police",
    "ministry", "department", "nato", "un", "union", "at", "from"})
NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "both": 2,
                "single": 1, "another": 1}


# Verbs of thought, intention and stance: news attributes beliefs, plans and positions as
# well as statements ("she wants to triple AmeriCorps", "Trump called for repeal", "Clinton
# cited his remarks"); PolNeAR and similar corpora annotate them. What they govern to their
# right (attribution_rules.complement_content) is the content.
STANCE_LEMMAS = frozenset({
    "believe", "think", "want", "plan", "expect", "hope", "fear", "warn", "wish", "intend",
    "aim", "prefer", "doubt", "worry", "predict", "suspect", "assume", "imagine", "know",
    "understand", "feel", "view", "call", "cite", "ask",
    "speak", "talk", "discuss", "mention", "reference", "refer", "attack", "criticize",
    "criticise", "question", "support", "oppose", "back", "endorse", "propose",
    "promise", "pledge", "vow", "refuse", "decline", "decide", "demand", "encourage", "urge",
    "praise", "condemn", "blast", "slam", "mock", "blame", "defend", "echo", "liken",
    "compare", "label", "describe", "accuse", "tout", "boast", "brag",
    "recommend", "advocate", "favor", "favour", "welcome", "applaud", "hail", "threaten",
    "seek", "promote", "invoke", "repeat", "recognize", "recognise", "lament", "chant",
    "joke", "respond", "reply", "stress", "highlight", "agree", "disagree", "insist",
    "announce", "document", "detail", "show", "find", "point",
    "acknowledge", "admit", "concede", "suggest", "argue", "claim",
    # evaluation and pressure: what they are aimed at is the content ("derided the deal as
    # toothless", "grilled the CEO for his role", "thanked Trump for backing ...")
    "retweet", "unveil", "portray", "characterize", "characterise", "brand", "dub", "deride",
    "laud", "chastise", "grill", "confront", "admire", "despise", "resent", "challenge",
    "lambaste", "ridicule", "chide", "scold", "rebuke", "trumpet", "champion", "lobby",
    "publish", "bemoan", "credit", "thank", "congratulate", "apologize", "apologise",
    "downplay", "wonder", "exhort", "implore", "plead", "beg", "pressure", "rail", "paint",
    "deem", "regard", "perceive", "judge", "rule", "overrule", "denounce", "decry",
    "shout", "yell", "scream", "sing", "recite", "complain", "express", "outline", "detail",
    "proclaim", "indicate", "present", "tweet", "post", "respond", "reply",
    # perception and learning, with a clause only ("learned that", "heard that")
    "learn", "hear", "realize", "realise", "notice", "discover", "determine", "remember",
    "see"})
# Cues that report only through a clause: "has learned that X", not "learned French".
CLAUSE_ONLY_LEMMAS = frozenset({"learn", "hear", "realize", "realise", "notice", "discover",
                                "determine", "remember", "see", "recall"})
# Cues whose object is a thing handed over or an act, not what is said: "released his tax
# returns", "accepted the invitation", "assume office", "ensure security".
ACT_OBJECT_LEMMAS = frozenset({"release", "accept", "assume", "ensure", "feel", "imagine"})
# Prepositions that introduce what a stance verb is about ("called for", "spoke of").
CONTENT_PREPS = frozenset({"for", "on", "about", "of", "as", "to", "against", "at"})
# Verbs whose content needs a clause or a quotation: "said in an interview" or "told
# reporters" says nothing by itself (the quotation step links such speakers).
SPEECH_ONLY_LEMMAS = frozenset({"say", "tell", "add", "write", "continue", "note", "state",
                                "explain", "comment", "reply", "respond", "speak", "talk",
                                "shout", "yell", "scream", "sing", "recite"})


def verb_lemma(token) -> str:
    """The token's lemma, corrected where the small models get a cue verb wrong ("hopes" ->
    "hop", "retweeted" -> "retweete"): the cue word whose regular inflection it is."""
    lemma = token.lemma_.lower()
    words = reporting_words()
    if lemma in words:
        return lemma
    low = token.lower_
    if low in words:
        return low
    for base in _bases(low):
        if base in words:
            return base
    return lemma


def _bases(word: str) -> list[str]:
    """Base forms a regular -s, -ed or -ing form can come from."""
    out = []
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "admitted" -> "admit"
            if stem.endswith("i"):
                out.append(stem[:-1] + "y")  # "denied" -> "deny"
    return out


@cache
def reporting_words() -> frozenset[str]:
    """The cue words: the listed reporting verbs and the verbs of stance."""
    return listed_reporting_words() | STANCE_LEMMAS


@cache
def listed_reporting_words() -> frozenset[str]:
    """Every form and lemma in resources/reporting_verbs*.txt, lower case."""
    words: set[str] = set()
    for name in ("reporting_verbs.txt", "reporting_verbs_extra.txt"):
        path = resource(name)
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            word = line.split("#", 1)[0].strip().lower()
            if word:
                words.add(word)
    return frozenset(words)


@cache
def outlet_names() -> frozenset[str]:
    """News outlets of the shipped gazetteer (names and aliases), lower case."""
    path = resource("gazetteers", "outlets.yaml")
    names: set[str] = set()
    if path.is_file():
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in data.get("entries") or ():
            names.add(str(entry["name"]).lower())
            names.update(str(a).lower() for a in entry.get("aliases") or ())
    return frozenset(names)


def is_outlet(text: str) -> bool:
    low = text.lower().strip()
    if low.startswith("the "):
        low = low[4:]
    return low in outlet_names() or f"the {low}" in outlet_names()
