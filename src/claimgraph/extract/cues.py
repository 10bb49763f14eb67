"""Word lists that signal attribution, stance and channel in news English.

Lemmas, not surface forms: the parser's lemmatiser maps "quashing", "denied" and "told" to
"quash", "deny" and "tell". Kept apart from the extractor so they can grow without
touching its logic.
"""

from __future__ import annotations

# Verbs that introduce what someone said, claimed or believes.
REPORTING = frozenset(
    """
    say claim tell state announce report add note explain insist assert allege maintain argue
    write post tweet declare confirm acknowledge admit concede deny reject dismiss refute quash
    rebut dispute contradict warn threaten vow pledge promise urge accuse blame describe
    suggest believe estimate predict indicate reveal disclose boast stress emphasize emphasise
    reiterate repeat affirm testify recount recall mention comment respond reply answer hint
    speculate signal brief inform assure caution complain charge contend counter call brand
    label term
    """.split()
)
# Verbs that judge an object ("called the claim baseless", "branded the reports lies").
CHARACTERISING = frozenset("call describe brand label term dismiss".split())

DENIAL = frozenset("deny reject dismiss refute quash rebut dispute contradict debunk discredit".split())
ADMISSION = frozenset("acknowledge admit concede confirm".split())
HEDGING_VERBS = frozenset("suggest speculate believe think hope fear guess suspect".split())

# Words that make the content itself a denial: "said the reports were false".
FALSITY = frozenset(
    """
    false baseless untrue unfounded fabricated fabrication fake lie lies propaganda rumour rumours
    rumor rumors groundless nonsense fiction hoax misinformation disinformation
    """.split()
)

# Words that soften the content: "appeared to", "likely", "unconfirmed".
HEDGE_ADVERBS = frozenset(
    "reportedly possibly likely apparently allegedly probably perhaps seemingly purportedly".split()
)
HEDGE_VERBS = frozenset("appear seem".split())
HEDGE_MODALS = frozenset("may might could".split())
HEDGE_ADJECTIVES = frozenset("unconfirmed unverified alleged purported".split())

# Prepositional attributions: "according to X", "as per X", "citing X".
PREPOSITIONAL = {"according": "according to", "per": "as per", "citing": "citing", "cite": "citing"}

# Where a statement was made: the pobj of "on", "in", "via", "through", "during".
CHANNELS = {
    "telegram": "Telegram",
    "x": "X",
    "twitter": "X",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "whatsapp": "WhatsApp",
    "youtube": "YouTube",
    "tiktok": "TikTok",
    "television": "television",
    "tv": "television",
    "radio": "radio",
    "statement": "statement",
    "communique": "statement",
    "communiqué": "statement",
    "interview": "interview",
    "briefing": "press briefing",
    "conference": "press conference",
    "video": "video",
    "post": "social media post",
    "broadcast": "broadcast",
}
STATE_MEDIA_MODIFIERS = frozenset("state state-run state-owned official national".split())
CHANNEL_PREPOSITIONS = frozenset("on in via through during".split())

# Outlet caveats: "have not been confirmed", "could not be independently verified".
VERIFY_VERBS = frozenset("confirm verify corroborate substantiate".split())
QUOTES_OPEN = "\"“‘'«"
QUOTES_CLOSE = "\"”’'»"
