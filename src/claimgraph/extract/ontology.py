"""The conflict event ontology, its trigger words, and its mapping to PLOVER and CAMEO.

Thirteen types: DESIGN.md's ten, plus PROTEST, ARREST and AGREE, which conflict reports are
full of and which must not be read as attacks or control ("rioters clashed with police",
"two commanders were captured", "a ceasefire was agreed"). What happened, not who said it.
Stance is no event type: a denial is a claim with stance ``deny`` about an event of one of
these types.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventType:
    """One type of the ontology with its export codes."""

    name: str
    plover: str
    plover_mode: str
    cameo: str
    description: str


TYPES: dict[str, EventType] = {
    t.name: t
    for t in (
        EventType("CONTROL", "FIGHT", "occupy", "192", "takes or holds a place or facility"),
        EventType("ENTER", "MOBILIZE", "troops", "154", "armed forces move into a place"),
        EventType("WITHDRAW", "RETREAT", "military", "0874", "armed forces leave a place"),
        EventType("ATTACK", "FIGHT", "heavy-weapons", "190", "armed attack on a place or force"),
        EventType("DEPART", "RETREAT", "other", "080", "a person leaves a place"),
        EventType("DEFECT", "CONCEDE", "other", "080", "people change sides"),
        EventType("SURRENDER", "RETREAT", "surrender", "0874", "forces give up"),
        EventType("RELEASE", "RETREAT", "release", "0841", "detainees are freed"),
        EventType("CASUALTIES", "FIGHT", "other", "190", "people killed or wounded"),
        EventType("STATEMENT", "", "", "010", "a declared policy or intention (PLOVER has no plain statement)"),
        EventType("PROTEST", "PROTEST", "demonstrate", "141", "people demonstrate, march or riot"),
        EventType("ARREST", "COERCE", "arrest", "173", "people are arrested, detained, abducted or captured"),
        EventType("AGREE", "AGREE", "", "0871", "a ceasefire, truce or deal is agreed"),
    )
}

# Verb lemmas that trigger an event; multiword triggers are checked on the verb's
# particle or object ("take control", "pull back", "storm into").
VERB_TRIGGERS: dict[str, str] = {
    **dict.fromkeys("capture seize liberate overrun retake recapture conquer secure control hold occupy".split(), "CONTROL"),
    **dict.fromkeys("enter storm infiltrate penetrate reach".split(), "ENTER"),
    **dict.fromkeys("withdraw retreat evacuate redeploy reposition".split(), "WITHDRAW"),
    **dict.fromkeys("attack shell bomb strike assault shoot target fire hit raid ambush clash fight repel besiege bombard massacre pound strafe".split(), "ATTACK"),
    **dict.fromkeys("explode detonate".split(), "ATTACK"),  # "a roadside bomb exploded near a convoy"
    **dict.fromkeys("depart flee escape".split(), "DEPART"),
    **dict.fromkeys("defect".split(), "DEFECT"),
    **dict.fromkeys("surrender capitulate".split(), "SURRENDER"),
    **dict.fromkeys("release free".split(), "RELEASE"),
    **dict.fromkeys("kill die wound injure".split(), "CASUALTIES"),
    **dict.fromkeys("focus vow pledge plan intend threaten promise".split(), "STATEMENT"),
    **dict.fromkeys("protest demonstrate riot".split(), "PROTEST"),
    **dict.fromkeys("arrest detain abduct kidnap".split(), "ARREST"),
}
# Nouns that trigger an event ("the capture of Homs", "the fall of Hama", "a tactical withdrawal").
NOUN_TRIGGERS: dict[str, str] = {
    **dict.fromkeys("capture seizure liberation fall takeover control occupation".split(), "CONTROL"),
    **dict.fromkeys("entry incursion".split(), "ENTER"),
    **dict.fromkeys("withdrawal retreat pullout redeployment repositioning".split(), "WITHDRAW"),
    **dict.fromkeys("attack assault offensive shelling bombardment strike strikes airstrike airstrikes raid ambush".split(), "ATTACK"),
    # violence against civilians (ACLED's "Attack"): "retaliatory killings by the military"
    **dict.fromkeys("killing killings massacre massacres executions".split(), "ATTACK"),
    # explosive attacks: IEDs, car and suicide bombs
    **dict.fromkeys("bombing bombings explosion explosions blast blasts".split(), "ATTACK"),
    **dict.fromkeys("protest protests demonstration demonstrations rally rallies riot riots sit-in".split(), "PROTEST"),
    **dict.fromkeys("arrest arrests detention detentions abduction abductions kidnapping kidnappings".split(), "ARREST"),
    **dict.fromkeys("ceasefire ceasefires truce truces armistice".split(), "AGREE"),
    **dict.fromkeys("departure escape flight".split(), "DEPART"),
    **dict.fromkeys("defection defections".split(), "DEFECT"),
    **dict.fromkeys("surrender".split(), "SURRENDER"),
    **dict.fromkeys("release".split(), "RELEASE"),
    **dict.fromkeys("casualties dead deaths death toll killed wounded injured".split(), "CASUALTIES"),
}
# Phrasal triggers: lemma + particle/object lemma.
PHRASAL: dict[tuple[str, str], str] = {
    ("take", "control"): "CONTROL",
    ("gain", "control"): "CONTROL",
    ("seize", "control"): "CONTROL",
    ("take", "over"): "CONTROL",
    # expelling a force takes the place it held ("rebels drove the troops out of Lashio")
    ("drive", "out"): "CONTROL",
    ("push", "out"): "CONTROL",
    ("force", "out"): "CONTROL",
    ("kick", "out"): "CONTROL",
    ("pull", "back"): "WITHDRAW",
    ("pull", "out"): "WITHDRAW",
    ("move", "into"): "ENTER",
    ("advance", "into"): "ENTER",  # a bare advance ("advancing on the town") is not entering it
    ("push", "into"): "ENTER",
    ("break", "into"): "ENTER",
    ("board", "plane"): "DEPART",
    ("fly", "out"): "DEPART",
    ("leave", "city"): "DEPART",
    ("lay", "down"): "SURRENDER",
    ("hand", "over"): "SURRENDER",
    ("think", "defect"): "DEFECT",
    ("blow", "up"): "ATTACK",  # "a suicide bomber blew himself up at a checkpoint"
}
# Objects (or passive subjects) that make "seize", "hold", "take", "capture" about no
# territory at all: arms and goods seized, events held, people held or captured ("seized
# weapons in Gao", "held talks", "two commanders were captured"); such a verb codes no
# CONTROL.
PEOPLE = frozenset(
    """
    hostage hostages prisoner prisoners captive captives detainee detainees people person persons civilian
    civilians man men woman women child children suspect suspects commander commanders soldier soldiers
    fighter fighters officer officers general generals leader leaders militant militants journalist
    journalists worker workers official officials member members
    """.split()
)
# Who riots: an attack verb of theirs ("rioters clashed with police") is a protest.
CROWDS = frozenset("protester protesters demonstrator demonstrators rioter rioters crowd crowds mob mobs".split())
NOT_TERRITORY = PEOPLE | frozenset(
    """
    weapon weapons arm arms ammunition munition munitions rifle rifles gun guns vehicle vehicles truck trucks
    car cars equipment drone drones missile missiles rocket rockets explosive explosives drug drugs cocaine
    heroin cash money gold goods cargo shipment shipments document documents phone phones passport passports
    property asset assets ship ships vessel vessels boat boats aircraft plane planes helicopter helicopters
    rally rallies protest protests demonstration demonstrations march marches talk talks meeting meetings
    conference conferences vote votes election elections referendum ceremony funeral summit session sessions
    hearing hearings briefing briefings interview interviews celebration celebrations prayer prayers festival
    exercise exercises drill drills event events parade parades consultation consultations negotiation
    negotiations discussion discussions dialogue lead view views record cache caches stockpile stockpiles
    stash stashes haul hauls consignment consignments crate crates supply supplies
    """.split()
)
# Quantity and container nouns whose "of" object is what was seized ("a cache of weapons",
# "a number of villages"); a bare cache or stockpile is never territory (NOT_TERRITORY).
QUANTITIES = frozenset(
    "cache stockpile stash haul consignment crate box load batch quantity number lot amount dozen hundred "
    "supply".split()
)
# Objects that make "hold", "control", "secure" and friends about a facility, not a place.
FACILITY_WORDS = frozenset(
    """
    building buildings prison jail airport airbase base barracks dam bridge palace headquarters
    station refinery port harbour harbor ministry hospital checkpoint crossing road highway
    garrison depot compound camp plant
    """.split()
)
# Past forms of trigger verbs that the tagger sometimes reads as a present or a noun, so
# the lemmatizer leaves them as they are ("troops retook/VBP Kherson").
IRREGULAR_PAST: dict[str, str] = {
    "retook": "retake", "retaken": "retake", "took": "take", "overran": "overrun", "fled": "flee",
    "withdrew": "withdraw", "withdrawn": "withdraw", "struck": "strike", "shot": "shoot",
    "fought": "fight", "fell": "fall", "fallen": "fall", "freed": "free",
}
# A verb lemma whose subject is the place that changed hands ("Homs fell to the rebels").
PLACE_SUBJECT_TRIGGERS = frozenset("fall".split())
STATEMENT_FALLBACK = "STATEMENT"


# A statement's verb decides its PLOVER type where PLOVER has one.
STATEMENT_PLOVER = {
    "threaten": "THREATEN",
    "warn": "THREATEN",
    "demand": "DEMAND",
    "urge": "DEMAND",
    "call": "DEMAND",
    "reject": "REJECT",
    "refuse": "REJECT",
    "deny": "REJECT",
    "dismiss": "REJECT",
    "agree": "AGREE",
    "promise": "AGREE",
    "pledge": "AGREE",
    "condemn": "DISAPPROVE",
    "criticize": "DISAPPROVE",
    "criticise": "DISAPPROVE",
    "accuse": "DISAPPROVE",
    "support": "SUPPORT",
    "praise": "SUPPORT",
}


# Attack triggers of one-sided violence (killings of civilians, bombs): PLOVER's ASSAULT,
# not FIGHT, which is combat between armed actors.
ASSAULT_STEMS = ("kill", "massacre", "execution", "bombing", "explo", "blast", "blew", "blow", "deton",
                 "bomb", "device", "ied", "mine", "landmine", "grenade")
# Weapons that kill without a named attack: deaths "by" one of them are an attack too.
WEAPONS = frozenset("bomb bombs ied ieds mine mines landmine landmines grenade grenades shell shells missile "
                    "missiles rocket rockets drone drones mortar mortars".split())


def plover(event_type: str, trigger_lemma: str | None = None) -> tuple[str, str]:
    """PLOVER (type, mode) of an ontology type; a statement's type comes from its verb
    ("threatened to…" is THREATEN), and is empty where PLOVER has none; an attack by
    killings or bombs is ASSAULT."""
    t = TYPES[event_type]
    if event_type == "STATEMENT":
        return STATEMENT_PLOVER.get((trigger_lemma or "").lower(), ""), ""
    if event_type == "ATTACK" and (trigger_lemma or "").lower().startswith(ASSAULT_STEMS):
        return "ASSAULT", ""
    return t.plover, t.plover_mode


def cameo(event_type: str) -> str:
    """CAMEO code (root or sub-code) of an ontology type."""
    return TYPES[event_type].cameo
