"""Words that describe a speaker rather than name one, case-folded.

Role words are evidence of kind and side; all of them, with demonyms, are words that can
never be part of a person's name. Mention parsing (:mod:`claimgraph.extract.mentions`),
the registry index (:mod:`claimgraph.extract.registry`) and the resolver
(:mod:`claimgraph.extract.actors`) read them; nothing here changes at run time.
"""

from __future__ import annotations

from claimgraph.geo.gazetteer import DEMONYMS as GAZETTEER_DEMONYMS

_DETERMINERS = frozenset("the a an this that these those its their our".split())
_QUANTIFIERS = frozenset(
    "one two three four five six seven eight nine ten several some many multiple numerous "
    "various few dozen dozens hundreds scores number couple both other another".split()
)
_MODIFIERS = frozenset(
    "senior top high ranking highranking junior local main principal largest biggest key "
    "leading prominent former ex retired unnamed anonymous unidentified certain informed "
    "knowledgeable well new acting interim caretaker transitional de facto self declared "
    "so called powerful influential chief official officially spokes".split()
)
_TITLES = frozenset(
    "president vicepresident prime minister premier general gen lieutenant lt colonel col "
    "major maj brigadier brig captain capt cpt sergeant sgt corporal cpl admiral adm rear "
    "vice commodore marshal field snr sr senior sheikh shaikh sheik sayyed sayyid ayatollah "
    "imam emir amir dr doctor prof professor mr mrs ms mister sir king prince princess queen "
    "sultan crown secretary chairman chairwoman chairperson chair speaker ambassador envoy "
    "governor mayor director commissioner spokesman spokeswoman spokesperson spokespeople "
    "spokesmen spokeswomen adviser advisor negotiator deputy assistant chief head leader "
    "commander commanders leaders founder coordinator member representative judge "
    "prosecutor attorney senator lawmaker mp congressman officer official analyst expert "
    "researcher journalist correspondent reporter editor activist lawyer medic nurse cleric "
    "daw generalsecretary directorgeneral secretarygeneral commissionergeneral".split()
)
_OFFICE_WORDS = frozenset(
    "national security special state foreign defence defense interior information "
    "communication communications health justice finance affairs council office house staff "
    "presidential supreme political military army armed forces force air navy naval police "
    "intelligence bureau ministry government regime press media public relations "
    "international united nations commission committee executive operations command "
    "division brigade brigades battalion unit units department directorate agency authority "
    "authorities administration presidency parliament parliamentary cabinet front movement "
    "party union alliance coalition league corps service services institute observatory "
    "foundation association centre center network group groups faction factions crescent "
    "cross organisation organization news times post daily tv radio television channel "
    "broadcaster newspaper website monitor monitors tracker lab mission wing troops rebels "
    "rebel militia militias fighters insurgents opposition junta resistance liberation "
    "revolutionary democratic republic republican islamic people popular federal "
    "transitional sovereign sovereignty".split()
)
_PRONOUN_PERSON = frozenset("he she him his her hers".split())
_PRONOUN_GROUP = frozenset("they them their it its".split())
_PRONOUN_OTHER = frozenset("who whom which we us i you one someone somebody anyone".split())
_RELATIVE = frozenset("who which that whom".split())
_GROUP_NOUNS = frozenset("group movement organisation organization faction".split())
_OWNED_HEADS = frozenset("channel channels account accounts page website statement wing".split())
_OPP_WORDS = frozenset(
    "rebel rebels insurgent insurgents militia militias militiamen militant militants "
    "jihadist jihadists opposition paramilitary paramilitaries fighters guerrilla guerrillas "
    "insurgency separatist separatists secessionist secessionists".split()
)
_MIL_WORDS = frozenset(
    "army military troops soldiers forces armed tanks brigade brigades battalion battalions paratroopers "
    "marines commandos units unit".split()
)
_GOV_WORDS = frozenset(
    "government regime authorities administration presidency cabinet state security intelligence junta".split()
)
_LEADER_FAMILY = frozenset("leader head chief commander".split())
_SPOKES_FAMILY = frozenset("spokesman spokeswoman spokesperson".split())
_ROLE_HEADS = (
    _LEADER_FAMILY
    | _SPOKES_FAMILY
    | frozenset("president minister chairman chairperson governor envoy secretary emir".split())
)
_NOT_IN_TITLE = frozenset("deputy former assistant vice ousted deposed".split())
_ANON_SINGULARS = (
    "official officer source diplomat aide insider individual employee staffer worker member "
    "medic doctor nurse figure negotiator mediator delegate representative lawmaker activist "
    "volunteer rescuer paramedic analyst expert observer researcher"
).split()
_STATE_HEADS = frozenset(
    "official officials officer officers source sources aide aides insider insiders diplomat diplomats soldier "
    "soldiers commander commanders troops minister ministers representative representatives delegate delegates "
    "negotiator negotiators staffer staffers general generals".split()
)
_COUNTED_SINGULARS = "soldier commander fighter leader minister militant general".split()
_HEAD_PLURALS: dict[str, str] = {
    **{w: w + "s" for w in _ANON_SINGULARS + _COUNTED_SINGULARS},
    "person": "people", "people": "people", "staff": "staff", "troops": "troops",
    "rebel": "fighters", "rebels": "fighters",
}  # fmt: skip
_HEAD_PLURALS.update({p: p for p in list(_HEAD_PLURALS.values()) if p != "fighters"})
_ANON_HEADS = frozenset(_ANON_SINGULARS + [w + "s" for w in _ANON_SINGULARS] + ["staff"])
_COUNTED_HEADS = frozenset(
    _COUNTED_SINGULARS + [w + "s" for w in _COUNTED_SINGULARS] + ["troops", "rebel", "rebels", "person", "people"]
)
_MILITARY_HEADS = frozenset("officer officers soldier soldiers commander commanders fighter fighters troops general generals".split())
_ANON_PHRASES = (
    "not to be named",
    "not be named",
    "condition of anonymity",
    "anonymity",
    "familiar with",
    "close to",
    "briefed on",
    "not authorised",
    "not authorized",
    "declined to be named",
    "requested anonymity",
    "speaking privately",
)
_WITNESS_HEADS = frozenset(
    "resident residents local locals villager villagers inhabitant inhabitants civilian "
    "civilians people man woman men women survivor survivors displaced refugee refugees "
    "neighbour neighbours neighbor neighbors shopkeeper shopkeepers farmer farmers "
    "eyewitness eyewitnesses witness witnesses passerby passersby citizen citizens mother "
    "father family families relative relatives student students trader traders driver "
    "drivers".split()
)
_SOCIAL_PLATFORMS = frozenset("telegram twitter facebook tiktok youtube instagram whatsapp online internet".split())
_SOCIAL_HEADS = frozenset(
    "video videos footage image images photo photos photograph photographs picture pictures "
    "post posts clip clips user users blogger bloggers influencer "
    "influencers tweet tweets milblogger milbloggers".split()
)  # not "accounts": "their accounts" are testimony, not posts
_POSSESSIVES = frozenset("his her its their".split())
_OWNED = frozenset("office statement statements channel account accounts forces fighters troops members wing".split())
_REPORT_HEADS = frozenset("report reports rumour rumours rumor rumors claims news speculation leaks".split())
_MEDIA_HEADS = frozenset(
    "media press television tv broadcaster radio channel newspaper daily agency outlet "
    "outlets website station network".split()
)
_STATE_WORDS = frozenset("state staterun stateowned official government progovernment public".split())
_TV_WORDS = frozenset("television tv broadcaster broadcasting channel station".split())
_OWN_OUTLET = frozenset({"our correspondent", "our reporter", "our correspondents", "this newspaper", "this outlet"})
_MARKERS = frozenset(
    "of for from with close near familiar who which that whose in at on inside outside across "
    "around speaking shared posted circulating circulated published aired broadcast quoted "
    "cited according briefed based by to".split()
)
_LOCATIVE = frozenset("in at near inside outside across around on".split())
_PARTICLES = frozenset("al el ul bin ibn abu abd ag wa de van von der la le du da dos bint ben".split())
_HYPHEN_ARTICLES = frozenset("al el ul ad an ar as ash at ath az adh ed en er es et ez".split())
# Nationality words naming a state: the gazetteer's adjectives of every country (so "Thai
# soldiers" or "Indian troops" are another state's, never the war's own army), then the
# country names and plurals speakers use as adjectives here.
_DEMONYMS: dict[str, str] = {
    **{word: iso for word, iso in GAZETTEER_DEMONYMS.items() if len(iso) == 2 and " " not in word},
    "syrian": "SY", "syrians": "SY", "syria": "SY", "sudanese": "SD", "sudan": "SD",
    "russian": "RU", "russians": "RU", "russia": "RU", "ukrainian": "UA", "ukrainians": "UA",
    "ukraine": "UA", "israeli": "IL", "israelis": "IL", "israel": "IL", "palestinian": "PS",
    "palestinians": "PS", "palestine": "PS", "gazan": "PS", "gazans": "PS", "gaza": "PS",
    "lebanese": "LB", "lebanon": "LB", "yemeni": "YE", "yemenis": "YE", "yemen": "YE",
    "congolese": "CD", "congo": "CD", "drc": "CD", "myanmar": "MM", "burmese": "MM",
    "burma": "MM", "malian": "ML", "malians": "ML", "mali": "ML", "burkinabe": "BF",
    "nigerien": "NE", "ethiopian": "ET", "ethiopians": "ET", "ethiopia": "ET",
    "eritrean": "ER", "eritrea": "ER", "rwandan": "RW", "rwanda": "RW", "burundian": "BI",
    "burundi": "BI", "us": "US", "american": "US", "americans": "US", "america": "US",
    "usa": "US", "british": "GB", "uk": "GB", "britain": "GB", "french": "FR",
    "france": "FR", "german": "DE", "germany": "DE", "turkish": "TR", "turkey": "TR",
    "turkiye": "TR", "iranian": "IR", "iran": "IR", "qatari": "QA", "qatar": "QA",
    "egyptian": "EG", "egypt": "EG", "saudi": "SA", "emirati": "AE", "uae": "AE",
    "chinese": "CN", "china": "CN", "jordanian": "JO", "jordan": "JO", "iraqi": "IQ",
    "iraq": "IQ", "kenyan": "KE", "ugandan": "UG", "chadian": "TD", "libyan": "LY",
}  # fmt: skip
_QUALIFIERS = frozenset("western arab european african foreign gulf regional international".split())

_TITLES = _TITLES | frozenset(w + "s" for w in _TITLES if not w.endswith("s"))
_ROLE_WORDS = _TITLES | _OFFICE_WORDS
_NOT_QUALIFIERS = _MIL_WORDS | _OPP_WORDS | _MODIFIERS | _GOV_WORDS | frozenset(_DEMONYMS)
_OFFICIAL_TITLES = _TITLES - frozenset(
    "journalist analyst expert researcher activist lawyer correspondent reporter editor".split()
)
_VOCAB = (
    _DETERMINERS | _QUANTIFIERS | _MODIFIERS | _TITLES | _OFFICE_WORDS | _PRONOUN_PERSON
    | _PRONOUN_GROUP | _OPP_WORDS | _GOV_WORDS | _MIL_WORDS | frozenset(_HEAD_PLURALS)
    | _WITNESS_HEADS | _SOCIAL_HEADS | _REPORT_HEADS | _MEDIA_HEADS | _QUALIFIERS
    | frozenset(_DEMONYMS) | _MARKERS | _SOCIAL_PLATFORMS
)  # fmt: skip
