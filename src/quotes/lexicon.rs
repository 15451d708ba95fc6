//! Word lists the quote attributor relies on: reporting (cue) verbs, honorifics, title words,
//! pronouns and the function words that cannot start or end a name.
//!
//! Kept as plain sorted-free slices looked up through `LazyLock<HashSet>` so that adding a word
//! is a one-line change; all lookups take a token lowercased by `lower_of`, which does it without
//! allocating for short ASCII words because the attribution rules look up nearly every word.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use tinystr::TinyAsciiStr;

/// A fast non-cryptographic hasher (FxHash) for short word keys; the keys are our own word
/// lists or bounded per-article maps, so flooding resistance is not needed.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Whole words at a time, the tail byte-wise: a padded copy per chunk costs a memcpy
        // call, and hashing runs on nearly every token.
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let tail = chunks
            .remainder()
            .iter()
            .rev()
            .fold(0u64, |acc, &b| acc << 8 | u64::from(b));
        if !chunks.remainder().is_empty() {
            self.add(tail);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Build hasher for the maps and sets of this module.
pub type Fx = BuildHasherDefault<FxHasher>;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}
type Set = HashSet<&'static str, Fx>;

/// Reporting verbs in every inflection that journalists use to introduce speech.
const CUES: &[&str] = &[
    "condemned",
    "condemns",
    "denounced",
    "denounces",
    "hailed",
    "hails",
    "decried",
    "decries",
    "lauded",
    "lauds",
    "asserted",
    "asserts",
    "asserting",
    "recounted",
    "recounts",
    "likened",
    "likens",
    "compared",
    "compares",
    "texted",
    "emailed",
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "telling",
    "added",
    "adds",
    "add",
    "adding",
    "explained",
    "explains",
    "explaining",
    "warned",
    "warns",
    "warning",
    "stated",
    "states",
    "insisted",
    "insists",
    "insisting",
    "wrote",
    "writes",
    "writing",
    "noted",
    "notes",
    "noting",
    "argued",
    "argues",
    "arguing",
    "asked",
    "asks",
    "asking",
    "replied",
    "replies",
    "responded",
    "responds",
    "answered",
    "answers",
    "declared",
    "declares",
    "announced",
    "announces",
    "claimed",
    "claims",
    "claiming",
    "contended",
    "contends",
    "continued",
    "continues",
    "recalled",
    "recalls",
    "recalling",
    "remarked",
    "remarks",
    "observed",
    "observes",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "conceded",
    "concedes",
    "cautioned",
    "cautions",
    "complained",
    "complains",
    "suggested",
    "suggests",
    "tweeted",
    "tweets",
    "posted",
    "posts",
    "reported",
    "reports",
    "quipped",
    "quips",
    "joked",
    "jokes",
    "shouted",
    "shouts",
    "yelled",
    "yells",
    "exclaimed",
    "exclaims",
    "predicted",
    "predicts",
    "promised",
    "promises",
    "vowed",
    "vows",
    "pledged",
    "pledges",
    "boasted",
    "boasts",
    "lamented",
    "laments",
    "mused",
    "muses",
    "pointed",
    "emphasised",
    "emphasises",
    "emphasising",
    "exhorted",
    "exhorts",
    "implored",
    "implores",
    "emphasized",
    "emphasizes",
    "stressed",
    "stresses",
    "agreed",
    "agrees",
    "countered",
    "counters",
    "challenged",
    "demanded",
    "demands",
    "urged",
    "urges",
    "charged",
    "charges",
    "testified",
    "testifies",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "told",
    "described",
    "describes",
    "called",
    "calls",
    "calling",
    "dubbed",
    "labeled",
    "labelled",
    "branded",
    "termed",
    "characterized",
    "blasted",
    "slammed",
    "criticized",
    "praised",
    "apologised",
    "apologized",
    "apologises",
    "apologizes",
    "accused",
    "accuses",
    "went",
    "put",
    "concluded",
    "concludes",
    "began",
    "begins",
    "opined",
    "reiterated",
    "reiterates",
    "echoed",
    "whispered",
    "sang",
    "sings",
    "sing",
    "chanted",
    "read",
    "reads",
    "tweeted",
    "thundered",
    "fumed",
    "scoffed",
    "gloated",
    "gloats",
    "crowed",
    "sniffed",
    "mocked",
    "groused",
    "bemoaned",
    "marvelled",
    "mumbled",
    "muttered",
    "hollered",
    "bellowed",
    "sighed",
    "laughed",
    "explained",
    "explain",
    "mentioned",
    "mentions",
    "believes",
    "believed",
    "thinks",
    "thought",
    "wondered",
    "wonders",
    "declined",
    "offered",
    "offers",
    "summed",
    "cited",
    "cites",
    "quoted",
    "quotes",
    "insist",
    "warn",
    "argue",
    "note",
    "write",
    "ask",
    "claim",
    "declare",
    "proclaimed",
    "proclaims",
    "pressed",
    "retorted",
    "retorts",
    "snapped",
    "bragged",
    "brags",
    "gushed",
    "beamed",
    "dismissed",
    "derided",
    "marveled",
    "marvels",
    "interjected",
    "reasoned",
    "speculated",
    "estimated",
    "maintained",
    "maintains",
    "alleged",
    "alleges",
    "confided",
    "revealed",
    "reveals",
    "disclosed",
    "elaborated",
    "demurred",
    "griped",
    "grumbled",
    // Participles of the common cues: `…, tweeting, “…”`, `…, declaring “…”`.
    "tweeting",
    "posting",
    "stating",
    "declaring",
    "announcing",
    "replying",
    "responding",
    "answering",
    "suggesting",
    "predicting",
    "complaining",
    "joking",
    "quipping",
    "acknowledging",
    "admitting",
    "observing",
    "remarking",
    "urging",
    "vowing",
    "promising",
    "describing",
    "concluding",
    "emphasizing",
    "stressing",
    "reiterating",
    "proclaiming",
    "alleging",
    "accusing",
    "demanding",
    "continuing",
    "countering",
    // More reporting verbs: `” reacted Trump.`, `remembered Roy Verley`.
    // `” Trump shot back.`, `fired back`.
    "shot",
    "fired",
    "reacted",
    "reacts",
    "remembered",
    "remembers",
    "started",
    "chimed",
    "interrupted",
    "interrupts",
    "objected",
    "objects",
    "protested",
    "cracked",
    "teased",
    "teases",
    "pleaded",
    "pleads",
    "begged",
    "barked",
    "sniped",
    "jabbed",
    "lectured",
    "affirmed",
    "affirms",
    "assured",
    "admonished",
    "chided",
    "scolded",
    "taunted",
    "ventured",
    "surmised",
    "reckoned",
    "posited",
    "advised",
    "informed",
    "pronounced",
    "recommended",
    // Crowds and singers: `chanting “Lock her up!”`, `the crowd cried out`.
    "chanting",
    "chants",
    "chant",
    "shouting",
    "yelling",
    "screaming",
    "screamed",
    "singing",
    "cried",
    "cries",
];

/// Honorifics dropped from names (lowercase, without the final period).
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "sen",
    "rep",
    "gov",
    "lt",
    "gen",
    "col",
    "capt",
    "sgt",
    "rev",
    "hon",
    "sir",
    "dame",
    "lady",
    "lord",
    "pres",
    "sens",
    "reps",
    "del",
    "amb",
    "adm",
    "maj",
    "cmdr",
    "fr",
    "atty",
    "supt",
    "insp",
    "rabbi",
    "imam",
    "father",
    "sister",
    "brother",
    "cardinal",
    "bishop",
    "archbishop",
    "pope",
    "sheikh",
];

/// Title words: capitalised tokens in front of a name that describe the office, not the person.
const TITLE_WORDS: &[&str] = &[
    "president",
    "vice",
    "secretary",
    "press",
    "white",
    "house",
    "senator",
    "sen",
    "senate",
    "representative",
    "rep",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "mayor",
    "minister",
    "prime",
    "foreign",
    "defense",
    "defence",
    "state",
    "chief",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "executive",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "general",
    "attorney",
    "judge",
    "justice",
    "speaker",
    "leader",
    "majority",
    "minority",
    "democratic",
    "republican",
    "democrat",
    "gop",
    "former",
    "deputy",
    "assistant",
    "senior",
    "adviser",
    "advisor",
    "ambassador",
    "commissioner",
    "officer",
    "police",
    "sheriff",
    "lt",
    "lieutenant",
    "colonel",
    "captain",
    "sergeant",
    "admiral",
    "professor",
    "prof",
    "dr",
    "doctor",
    "candidate",
    "nominee",
    "ceo",
    "cfo",
    "coo",
    "founder",
    "co-founder",
    "head",
    "manager",
    "treasurer",
    "editor",
    "correspondent",
    "moderator",
    "columnist",
    "commentator",
    "reporter",
    "producer",
    "publisher",
    "lobbyist",
    "anchor",
    "host",
    "author",
    "analyst",
    "economist",
    "strategist",
    "pollster",
    "campaign",
    "council",
    "committee",
    "national",
    "security",
    "homeland",
    "treasury",
    "health",
    "labor",
    "education",
    "energy",
    "agriculture",
    "commerce",
    "interior",
    "transportation",
    "veterans",
    "affairs",
    "party",
    "sen.",
    "rep.",
    "gov.",
    "u.s.",
    "us",
    "federal",
    "district",
    "county",
    "city",
    "state's",
    "supreme",
    "court",
    "bureau",
    "agency",
    "department",
    "union",
    "european",
    "un",
    "u.n.",
    "nato",
    "army",
    "navy",
    "air",
    "force",
    "marine",
    "special",
    "counsel",
    "envoy",
    "top",
    "acting",
    "interim",
    "incoming",
    "outgoing",
    "then",
    "then-",
    "presidential",
    "congressional",
    "fbi",
    "cia",
    "nsa",
    "dnc",
    "rnc",
    "ranking",
    "member",
    "panel",
    "oversight",
    "intelligence",
    "judiciary",
    "armed",
    "services",
    "finance",
    "budget",
    "whip",
    "delegate",
    "del",
    "assemblyman",
    "assemblywoman",
    "councilman",
    "councilwoman",
    "alderman",
    "queen",
    "king",
    "prince",
    "princess",
    "chancellor",
    "premier",
    "emir",
    "secretary-general",
    "director-general",
    // Sports: `Rivermen coach Sam Brennan`, `Rookie Jalen Price`, `Senior guard Mike Lowe`.
    "coach",
    "rookie",
    "quarterback",
    "pitcher",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "guard",
    "linebacker",
    "receiver",
    "shortstop",
    "skipper",
    // Westminster and other parliaments: `Labour MP Jane Smith`, `Shadow Home Secretary …`.
    "mp",
    "mep",
    "labour",
    "tory",
    "shadow",
    "home",
    "opposition",
    "cabinet",
    "lawmaker",
];

/// Words that end a name when seen right after it (they are never part of a person's name).
const STOP_CAPS: &[&str] = &[
    "the",
    "a",
    "an",
    "but",
    "and",
    "or",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "by",
    "with",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "though",
    "although",
    "because",
    "so",
    "yet",
    "then",
    "there",
    "here",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "what",
    "who",
    "why",
    "how",
    "where",
    "which",
    "whether",
    "still",
    "also",
    "now",
    "today",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "according",
    "asked",
    "meanwhile",
    "however",
    "instead",
    "indeed",
    "yes",
    "no",
    "not",
    "one",
    "some",
    "many",
    "most",
    "all",
    "both",
    "each",
    "every",
    "other",
    "another",
    "even",
    "just",
    "only",
    "well",
    "last",
    "next",
    "first",
    "read",
    "follow",
    "watch",
    "see",
    "said",
    "says",
    "told",
    "like",
    "unlike",
    "during",
    "despite",
    "under",
    "over",
    "among",
    "amid",
    "speaking",
    "asked",
    "from",
    "into",
    "about",
    "against",
    "without",
    "within",
    "through",
    "until",
    "upon",
    "following",
    "including",
    "dear",
    "thank",
    "thanks",
    "please",
    "get",
    "let",
    "do",
    "did",
    "does",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "will",
    "would",
    "can",
    "could",
    "should",
    "must",
    "has",
    "have",
    "had",
    "here's",
    "there's",
    "it's",
    "that's",
    "what's",
];

/// Place names and words of place names: a capitalised run containing one is not a person.
const PLACE_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "new",
    "york",
    "jersey",
    "korea",
    "florida",
    "america",
    "china",
    "russia",
    "mexico",
    "texas",
    "california",
    "carolina",
    "dakota",
    "ohio",
    "iowa",
    "michigan",
    "pennsylvania",
    "wisconsin",
    "minnesota",
    "illinois",
    "indiana",
    "kentucky",
    "tennessee",
    "alabama",
    "mississippi",
    "louisiana",
    "arkansas",
    "missouri",
    "kansas",
    "nebraska",
    "oklahoma",
    "colorado",
    "arizona",
    "nevada",
    "utah",
    "oregon",
    "idaho",
    "montana",
    "wyoming",
    "alaska",
    "hawaii",
    "maine",
    "vermont",
    "massachusetts",
    "connecticut",
    "maryland",
    "delaware",
    "georgia",
    "iraq",
    "iran",
    "syria",
    "libya",
    "israel",
    "gaza",
    "ukraine",
    "europe",
    "africa",
    "asia",
    "germany",
    "france",
    "britain",
    "england",
    "japan",
    "india",
    "pakistan",
    "afghanistan",
    "canada",
    "cuba",
    "venezuela",
    "brazil",
    "burma",
    "myanmar",
    "egypt",
    "turkey",
    "saudi",
    "arabia",
    "yemen",
    "lebanon",
    "qatar",
    "kingdom",
    "united",
    "states",
    "union",
    "republic",
    "county",
    "city",
    "island",
    "islands",
    "ocean",
    "sea",
    "gulf",
    "peninsula",
    "strait",
    "desert",
    "canyon",
    "mountains",
    "beach",
    "valley",
    "river",
    "lake",
    "park",
    "bay",
    "hill",
    "capitol",
    "street",
    "avenue",
    "square",
    "district",
    "act",
    "care",
    "affordable",
    "amendment",
    "constitution",
    "day",
    "week",
    "year",
    "olympics",
    "super",
    "bowl",
    "twitter",
    "facebook",
    "instagram",
    "youtube",
    "google",
    "apple",
    "microsoft",
    "amazon",
    "internet",
    "nafta",
    "brexit",
    "obamacare",
    "medicare",
    "medicaid",
    "christmas",
    "easter",
    "ramadan",
    "thanksgiving",
    "chicago",
    "boston",
    "philadelphia",
    "atlanta",
    "miami",
    "houston",
    "dallas",
    "detroit",
    "cleveland",
    "denver",
    "seattle",
    "angeles",
    "francisco",
    "orleans",
    "london",
    "paris",
    "berlin",
    "moscow",
    "beijing",
    "tokyo",
    "havana",
    "tehran",
    "baghdad",
    "damascus",
    "kabul",
    "jerusalem",
    "tulsa",
    "flint",
    "manhattan",
    "brooklyn",
    "bronx",
    "harlem",
    "hollywood",
    "wall",
    "main",
];

/// Pronouns that refer back to an earlier person.
const PRONOUNS: &[&str] = &["he", "she", "him", "her"];

/// Pronouns that cannot be resolved to a single named person.
const OTHER_PRONOUNS: &[&str] = &[
    "they", "we", "i", "you", "it", "one", "who", "which", "that",
];

/// Words that mark an unnamed source when they head the subject ("a senior official said").
const ANON_HEADS: &[&str] = &[
    "official",
    "officials",
    // Groups of countries speak too (`a bloc of small island states warned`).
    "countries",
    "states",
    "nations",
    "governments",
    "source",
    "sources",
    "aide",
    "aides",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "person",
    "people",
    "observer",
    "observers",
    "analyst",
    "analysts",
    "expert",
    "experts",
    "insider",
    "insiders",
    "staffer",
    "staffers",
    "member",
    "members",
    "adviser",
    "advisers",
    "advisor",
    "advisors",
    "critic",
    "critics",
    "supporter",
    "supporters",
    "voter",
    "voters",
    "resident",
    "residents",
    "witness",
    "witnesses",
    "families",
    "consultant",
    "consultants",
    "researcher",
    "researchers",
    "scientist",
    "scientists",
    "engineer",
    "engineers",
    "teacher",
    "teachers",
    "nurse",
    "nurses",
    "physician",
    "physicians",
    "farmer",
    "farmers",
    "owner",
    "owners",
    "employee",
    "employees",
    "volunteer",
    "volunteers",
    "donor",
    "donors",
    "investor",
    "investors",
    "historian",
    "historians",
    "relatives",
    "parents",
    "victims",
    "survivors",
    "neighbors",
    "neighbours",
    "villagers",
    "narrator",
    "questioner",
    "diplomat",
    "diplomats",
    "lawmaker",
    "lawmakers",
    "operative",
    "strategist",
    "strategists",
    "woman",
    "man",
    "protester",
    "protesters",
    "officer",
    "officers",
    "veteran",
    "student",
    "students",
    "worker",
    "workers",
    "lawyer",
    "lawyers",
    "attorney",
    "attorneys",
    "executive",
    "executives",
    "participant",
    "participants",
    "caller",
    "viewer",
    "reader",
    "readers",
    "fan",
    "fans",
    "friend",
    "friends",
    "colleague",
    "colleagues",
    "democrats",
    "republicans",
    "organizers",
    "activists",
    "activist",
];

/// Words that, just before a quoted span, announce a title rather than speech.
const TITLE_INTRODUCERS: &[&str] = &[
    "titled",
    "entitled",
    "headlined",
    "nicknamed",
    "dubbed",
    "show",
    "program",
    "programme",
    "book",
    "books",
    "film",
    "movie",
    "documentary",
    "song",
    "anthem",
    "album",
    "series",
    "episode",
    "column",
    "article",
    "essay",
    "op-ed",
    "editorial",
    "headline",
    "slogan",
    "motto",
    "hashtag",
    "nickname",
    "so-called",
    "word",
    "words",
    "term",
    "phrase",
    "label",
    "magazine",
    "newspaper",
    "play",
    "musical",
    "poem",
    "novel",
    "memoir",
    "report",
    "paper",
    "forum",
    "event",
    "project",
    "initiative",
    "act",
    "bill",
    "campaign",
    "tour",
    "rally",
    "broadcast",
    "podcast",
    "segment",
    "ad",
    "advertisement",
    "spot",
    "video",
    "as",
];

/// Common first names with a clear grammatical gender, to resolve `he`/`she` to the right person.
const MALE_NAMES: &[&str] = &[
    "dante",
    "donald",
    "barack",
    "bill",
    "joe",
    "joseph",
    "mike",
    "michael",
    "john",
    "james",
    "robert",
    "david",
    "richard",
    "thomas",
    "charles",
    "christopher",
    "daniel",
    "matthew",
    "mark",
    "paul",
    "steven",
    "steve",
    "george",
    "kevin",
    "brian",
    "edward",
    "ed",
    "ronald",
    "timothy",
    "tim",
    "jason",
    "jeff",
    "jeffrey",
    "ryan",
    "jacob",
    "gary",
    "eric",
    "jonathan",
    "larry",
    "justin",
    "scott",
    "brandon",
    "frank",
    "benjamin",
    "ben",
    "gregory",
    "samuel",
    "raymond",
    "patrick",
    "alexander",
    "jack",
    "dennis",
    "jerry",
    "tyler",
    "aaron",
    "jose",
    "henry",
    "adam",
    "douglas",
    "nathan",
    "peter",
    "zachary",
    "kyle",
    "walter",
    "harold",
    "jeremy",
    "ethan",
    "carl",
    "keith",
    "roger",
    "gerald",
    "christian",
    "sean",
    "arthur",
    "austin",
    "noah",
    "lawrence",
    "jesse",
    "bryan",
    "billy",
    "albert",
    "dylan",
    "bruce",
    "willie",
    "gabriel",
    "alan",
    "juan",
    "logan",
    "wayne",
    "ralph",
    "roy",
    "eugene",
    "randy",
    "vincent",
    "russell",
    "louis",
    "philip",
    "bobby",
    "johnny",
    "bradley",
    "ted",
    "bernie",
    "mitt",
    "marco",
    "rand",
    "newt",
    "rudy",
    "reince",
    "harry",
    "mitch",
    "lindsey",
    "rush",
    "jeb",
    "hugh",
    "vladimir",
    "tom",
    "dick",
    "al",
    "jim",
    "rick",
    "ron",
    "don",
    "rex",
    "rod",
    "len",
    "leonard",
    "lamar",
    "chuck",
    "elijah",
    "sergei",
    "xi",
    "ban",
    "matteo",
    "francois",
    "emmanuel",
    "boris",
    "bibi",
    "recep",
    "jong",
    "reza",
    "hassan",
    "ali",
    "mohammed",
    "muhammad",
    "ahmed",
    "omar",
    "luis",
    "carlos",
    "pedro",
    "miguel",
    "antonio",
    "marc",
    "andrew",
    "andy",
    "anthony",
    "tony",
    "nick",
    "nicholas",
    "greg",
    "martin",
    "craig",
    "stephen",
    "howard",
    "fred",
    "glenn",
    "dan",
    "max",
    "ken",
    "kenneth",
    "todd",
    "travis",
    "marcus",
    "derek",
    "trey",
    "jared",
    "corey",
    "cory",
    "josh",
    "joshua",
    "nate",
    "luke",
    "mason",
    "liam",
    "owen",
    "caleb",
    "isaac",
    "evan",
    "ian",
    "colin",
    "connor",
    "shane",
    "troy",
    "wade",
    "dean",
    "dale",
    "glen",
    "neil",
    "neal",
    "nigel",
    "graham",
    "simon",
    "oliver",
    "jake",
    "jay",
    "joel",
    "jon",
    "jonah",
    "julian",
    "kent",
    "kirk",
    "lance",
    "leo",
    "lewis",
    "lloyd",
    "lou",
    "malcolm",
    "marvin",
    "maurice",
    "micah",
    "mitchell",
    "morris",
    "murray",
    "nathaniel",
    "ned",
    "norman",
    "oscar",
    "otis",
    "perry",
    "phil",
    "preston",
    "quentin",
    "reggie",
    "reginald",
    "rob",
    "robbie",
    "rodney",
    "ross",
    "rufus",
    "russ",
    "seth",
    "sherrod",
    "stanley",
    "stuart",
    "stewart",
    "terrence",
    "theodore",
    "tobias",
    "tommy",
    "vernon",
    "victor",
    "warren",
    "wesley",
    "will",
    "william",
    "zach",
    "ahmad",
    "abdul",
    "abdullah",
    "mahmoud",
    "mustafa",
    "ibrahim",
    "khalid",
    "yusuf",
    "hamid",
    "dmitry",
    "ivan",
    "igor",
    "viktor",
    "pierre",
    "jacques",
    "hans",
    "klaus",
    "giuseppe",
    "giovanni",
    "francesco",
    "paolo",
    "luca",
    "jorge",
    "fernando",
    "manuel",
    "ricardo",
    "javier",
    "rafael",
    "alejandro",
    "diego",
    "sergio",
    "enrique",
    "eduardo",
    "raul",
    "ramon",
    "hector",
    "felipe",
    "andres",
    "benny",
    "herman",
    "hank",
    "earl",
    "elmer",
    "ernest",
    "floyd",
    "gordon",
    "grant",
    "herbert",
    "homer",
    "jimmy",
    "joey",
    "kurt",
    "lyndon",
    "marty",
    "merrick",
    "milton",
    "nelson",
    "orrin",
    "reid",
    "sherman",
    "spencer",
    "trent",
    "tucker",
    "vince",
    "wallace",
    "chad",
    "brett",
    "brent",
    "bret",
    "cliff",
    "clifford",
    "clarence",
    "clint",
    "cody",
    "curtis",
    "darrell",
    "darren",
    "dave",
    "devin",
    "dominic",
    "donovan",
    "duane",
    "dwight",
    "elliot",
    "elliott",
    "everett",
    "franklin",
    "frederick",
    "gene",
    "gilbert",
    "gus",
    "guy",
    "harvey",
    "jeffery",
    "jerome",
    "jimmie",
    "joaquin",
    "kareem",
    "leon",
    "lester",
    "luther",
    "mario",
    "marshall",
    "melvin",
    "mickey",
    "nolan",
    "raphael",
    "ray",
    "rocky",
    "ruben",
    "salvador",
    "shawn",
    "sonny",
    "tyrone",
    "willard",
    "bernard",
    "cornel",
    "darius",
    "jamal",
    "kwame",
    "mehmet",
    "benedict",
    "eliot",
    "rahm",
    "beto",
    "mick",
    "sheldon",
    "thad",
];

const FEMALE_NAMES: &[&str] = &[
    // Also places; the first-name check comes first only before a surname.
    "carolina",
    "georgia",
    "savannah",
    "hillary",
    "melania",
    "ivanka",
    "chelsea",
    "michelle",
    "mary",
    "patricia",
    "jennifer",
    "linda",
    "elizabeth",
    "barbara",
    "susan",
    "jessica",
    "sarah",
    "karen",
    "nancy",
    "lisa",
    "betty",
    "margaret",
    "sandra",
    "ashley",
    "kimberly",
    "emily",
    "donna",
    "dorothy",
    "carol",
    "amanda",
    "melissa",
    "deborah",
    "stephanie",
    "rebecca",
    "sharon",
    "laura",
    "cynthia",
    "kathleen",
    "amy",
    "shirley",
    "angela",
    "helen",
    "anna",
    "brenda",
    "pamela",
    "nicole",
    "emma",
    "samantha",
    "katherine",
    "kate",
    "christine",
    "debra",
    "rachel",
    "catherine",
    "carolyn",
    "janet",
    "ruth",
    "maria",
    "heather",
    "diane",
    "virginia",
    "julie",
    "joyce",
    "victoria",
    "olivia",
    "christina",
    "lauren",
    "joan",
    "evelyn",
    "judith",
    "megan",
    "cheryl",
    "andrea",
    "hannah",
    "martha",
    "jacqueline",
    "frances",
    "gloria",
    "ann",
    "anne",
    "teresa",
    "kathryn",
    "sara",
    "janice",
    "alice",
    "madison",
    "doris",
    "abigail",
    "julia",
    "judy",
    "grace",
    "denise",
    "amber",
    "marilyn",
    "beverly",
    "danielle",
    "theresa",
    "sophia",
    "marie",
    "diana",
    "brittany",
    "natalie",
    "isabella",
    "charlotte",
    "rose",
    "alexis",
    "kayla",
    "nikki",
    "condoleezza",
    "condi",
    "loretta",
    "kellyanne",
    "huma",
    "debbie",
    "elaine",
    "claire",
    "gwen",
    "kamala",
    "dianne",
    "tulsi",
    "carly",
    "sheryl",
    "hope",
    "jill",
    "tammy",
    "sonia",
    "elena",
    "marine",
    "ava",
    "oprah",
    "beyonce",
    "melanie",
    "alicia",
    "veronica",
    "adriana",
    "esther",
    "carla",
    "krystal",
    "ariana",
    "marcia",
    "connie",
    "olive",
    "erin",
    "ana",
    "sonya",
    "hilary",
    "jane",
    "susanna",
    "eleanor",
    "jeanne",
    "monica",
    "wendy",
    "yvonne",
    "tina",
    "tara",
    "maya",
    "nina",
    "irene",
    "lena",
    "ellen",
    "sally",
    "katie",
    "molly",
    "holly",
    "stacey",
    "alison",
    "allison",
    "amelia",
    "anita",
    "annette",
    "april",
    "audrey",
    "beth",
    "bonnie",
    "brooke",
    "caitlin",
    "candace",
    "cara",
    "carmen",
    "caroline",
    "cassandra",
    "cathy",
    "cecilia",
    "charlene",
    "cindy",
    "claudia",
    "colleen",
    "crystal",
    "daisy",
    "dawn",
    "deanna",
    "dolores",
    "edith",
    "eileen",
    "elisa",
    "eliza",
    "ella",
    "erica",
    "erika",
    "eva",
    "faith",
    "felicia",
    "fiona",
    "florence",
    "gabriela",
    "gabrielle",
    "gail",
    "geraldine",
    "gina",
    "gretchen",
    "greta",
    "hailey",
    "harriet",
    "hazel",
    "heidi",
    "ilhan",
    "ingrid",
    "irma",
    "iris",
    "isabel",
    "jade",
    "janine",
    "jasmine",
    "jenna",
    "jenny",
    "joanna",
    "joanne",
    "jocelyn",
    "jodi",
    "josephine",
    "joy",
    "juanita",
    "june",
    "kara",
    "kathy",
    "keisha",
    "kirsten",
    "kristen",
    "kristin",
    "kristina",
    "krista",
    "latoya",
    "leah",
    "lillian",
    "lily",
    "lois",
    "lorraine",
    "louise",
    "lucia",
    "lucy",
    "lydia",
    "mackenzie",
    "mandy",
    "margarita",
    "marian",
    "marianne",
    "marisa",
    "marsha",
    "maureen",
    "maxine",
    "meg",
    "meghan",
    "megyn",
    "melinda",
    "mia",
    "miriam",
    "mona",
    "naomi",
    "nadia",
    "nadine",
    "nora",
    "norma",
    "paige",
    "pam",
    "paula",
    "pauline",
    "peggy",
    "penny",
    "phyllis",
    "priscilla",
    "rachael",
    "regina",
    "renee",
    "rita",
    "roberta",
    "robyn",
    "rosa",
    "rosemary",
    "sabrina",
    "selena",
    "serena",
    "sheila",
    "shelley",
    "sherry",
    "silvia",
    "sofia",
    "stella",
    "sue",
    "suzanne",
    "sylvia",
    "tamara",
    "tanya",
    "tatiana",
    "tessa",
    "tiffany",
    "tonya",
    "valerie",
    "vanessa",
    "vera",
    "vicki",
    "vivian",
    "wanda",
    "whitney",
    "yolanda",
    "zoe",
    "elise",
    "katrina",
    "betsy",
    "ivana",
    "katy",
    "mika",
];

fn set(words: &'static [&'static str]) -> Set {
    words.iter().copied().collect()
}

static CUE_SET: LazyLock<Set> = LazyLock::new(|| set(CUES));
static HONORIFIC_SET: LazyLock<Set> = LazyLock::new(|| set(HONORIFICS));
static TITLE_SET: LazyLock<Set> = LazyLock::new(|| set(TITLE_WORDS));
static STOP_SET: LazyLock<Set> = LazyLock::new(|| set(STOP_CAPS));
static PRONOUN_SET: LazyLock<Set> = LazyLock::new(|| set(PRONOUNS));
static OTHER_PRONOUN_SET: LazyLock<Set> = LazyLock::new(|| set(OTHER_PRONOUNS));
static ANON_SET: LazyLock<Set> = LazyLock::new(|| set(ANON_HEADS));
static TITLE_INTRO_SET: LazyLock<Set> = LazyLock::new(|| set(TITLE_INTRODUCERS));

static PLACE_SET: LazyLock<Set> = LazyLock::new(|| set(PLACE_WORDS));

/// `lower` is a word of a place name (`york`, `korea`) or of another non-person proper noun.
pub fn is_place_word(lower: &str) -> bool {
    PLACE_SET.contains(lower)
}

static MALE_SET: LazyLock<Set> = LazyLock::new(|| set(MALE_NAMES));
static FEMALE_SET: LazyLock<Set> = LazyLock::new(|| set(FEMALE_NAMES));

/// Gender suggested by a lowercase first name: `Some(true)` male, `Some(false)` female.
pub fn first_name_gender(lower: &str) -> Option<bool> {
    if MALE_SET.contains(lower) {
        Some(true)
    } else if FEMALE_SET.contains(lower) {
        Some(false)
    } else {
        None
    }
}

/// A lowercase particle inside a name (`de`, `van der`, `bin`, `ten`, `ap`): `Bart de Wit`,
/// `Erik ten Hag`.
pub fn is_name_particle(lower: &str) -> bool {
    matches!(
        lower,
        "de" | "van"
            | "von"
            | "bin"
            | "ibn"
            | "al"
            | "da"
            | "di"
            | "du"
            | "der"
            | "den"
            | "ten"
            | "ter"
            | "del"
            | "della"
            | "dos"
            | "das"
            | "la"
            | "le"
            | "ap"
    )
}

/// `lower` is a reporting verb.
pub fn is_cue(lower: &str) -> bool {
    CUE_SET.contains(lower)
}

/// `lower` (period stripped) is an honorific such as `mr` or `sen`.
pub fn is_honorific(lower: &str) -> bool {
    HONORIFIC_SET.contains(lower.trim_end_matches('.'))
}

/// `lower` is a word of an office title (`secretary`, `press`, `white`).
pub fn is_title_word(lower: &str) -> bool {
    TITLE_SET.contains(lower)
        || lower.ends_with('.') && TITLE_SET.contains(lower.trim_end_matches('.'))
        // `Secretary-Treasurer`, `Editor-in-Chief`: joined offices are an office.
        || lower.len() > 4
            && lower.as_bytes()[1..lower.len() - 1].contains(&b'-')
            && lower.split_once('-').is_some_and(|(first, _)| TITLE_SET.contains(first))
            && lower.rsplit_once('-').is_some_and(|(_, last)| TITLE_SET.contains(last))
            && lower
                .split('-')
                .all(|p| TITLE_SET.contains(p) || matches!(p, "in" | "at" | "of"))
}

/// A lowercase word for a person of a nation (`german`, `frenchman`, `briton`), which
/// news uses as an epithet for someone named before (`the German said`).
pub fn is_demonym(lower: &str) -> bool {
    matches!(
        lower,
        "american"
            | "briton"
            | "englishman"
            | "scot"
            | "scotsman"
            | "welshman"
            | "irishman"
            | "frenchman"
            | "frenchwoman"
            | "german"
            | "italian"
            | "spaniard"
            | "portuguese"
            | "dutchman"
            | "belgian"
            | "swiss"
            | "austrian"
            | "swede"
            | "norwegian"
            | "dane"
            | "finn"
            | "pole"
            | "ukrainian"
            | "russian"
            | "turk"
            | "greek"
            | "israeli"
            | "palestinian"
            | "egyptian"
            | "iranian"
            | "iraqi"
            | "saudi"
            | "indian"
            | "pakistani"
            | "chinese"
            | "japanese"
            | "korean"
            | "australian"
            | "canadian"
            | "mexican"
            | "brazilian"
            | "argentine"
            | "argentinian"
            | "colombian"
            | "nigerian"
            | "kenyan"
            | "ghanaian"
            | "croatian"
            | "serbian"
            | "uruguayan"
            | "chilean"
            | "senegalese"
            | "moroccan"
            | "algerian"
            | "ivorian"
            | "cameroonian"
    )
}

/// A journalist's job (`the moderator`, `the reporter`): in news, never the last person the
/// story named unless the text gave them that role.
pub fn is_media_role(lower: &str) -> bool {
    matches!(
        lower,
        "moderator"
            | "columnist"
            | "commentator"
            | "reporter"
            | "correspondent"
            | "producer"
            | "publisher"
            | "anchor"
            | "interviewer"
            | "journalist"
            | "editor"
    )
}

/// `word` in any case is a function word; avoids allocating for short ASCII words, which is
/// the hot path of name scanning.
pub fn is_stop_any_case(word: &str) -> bool {
    // Words come lowercase or capitalised nearly always; both forms are in the set.
    if STOP_ANY_CASE_SET.contains(word) {
        return true;
    }
    // ASCII with no capital after the first letter: in neither form, so no function word.
    if word
        .bytes()
        .skip(1)
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return false;
    }
    is_stop(&lower_of(word))
}

/// The function words lowercase and capitalised (`the`, `The`).
static STOP_ANY_CASE_SET: LazyLock<HashSet<String, Fx>> = LazyLock::new(|| {
    STOP_CAPS
        .iter()
        .flat_map(|w| {
            let mut cap = w.chars();
            let first = cap.next().map(|c| c.to_uppercase().collect::<String>());
            [(*w).to_string(), first.unwrap_or_default() + cap.as_str()]
        })
        .collect()
});

/// `lower` is a function word that is never part of a name.
pub fn is_stop(lower: &str) -> bool {
    STOP_SET.contains(lower)
}

/// `lower` is a singular third-person pronoun (`he`, `she`).
pub fn is_pronoun(lower: &str) -> bool {
    PRONOUN_SET.contains(lower)
}

/// `lower` is a pronoun that names no single resolvable person (`they`, `I`).
pub fn is_other_pronoun(lower: &str) -> bool {
    OTHER_PRONOUN_SET.contains(lower)
}

/// `lower` is the head noun of an unnamed source (`official`, `sources`).
pub fn is_anon_head(lower: &str) -> bool {
    ANON_SET.contains(lower)
}

/// `lower` announces a title or a mention rather than speech (`titled`, `show`).
pub fn is_title_introducer(lower: &str) -> bool {
    TITLE_INTRO_SET.contains(lower)
}

/// Heads of noun phrases naming a document that "says" something (`the statement said`); its
/// author is whoever issued it.
pub fn is_document_head(lower: &str) -> bool {
    matches!(
        lower,
        "statement"
            | "report"
            | "email"
            | "e-mail"
            | "letter"
            | "release"
            | "ad"
            | "advertisement"
            | "memo"
            | "document"
            | "editorial"
            | "column"
            | "complaint"
            | "lawsuit"
            | "suit"
            | "filing"
            | "tweet"
            | "post"
            | "video"
            | "website"
            | "note"
            | "message"
            | "op-ed"
            | "memoir"
            | "book"
            | "article"
            | "study"
            | "survey"
            | "ruling"
            | "opinion"
            | "clip"
            | "spot"
            | "analysis"
            | "transcript"
    )
}

/// `s` without its possessive endings (`Trump’s` -> `Trump`), straight ones first. Cheaper than
/// `trim_end_matches` with a string pattern, which builds a searcher on every call.
pub fn without_possessive(mut s: &str) -> &str {
    while let Some(r) = s.strip_suffix("'s") {
        s = r;
    }
    while let Some(r) = s.strip_suffix("\u{2019}s") {
        s = r;
    }
    s
}

/// `s` lowercased, with curly apostrophes made straight, without allocating for short ASCII.
pub fn lower_of(s: &str) -> Lower<'_> {
    let b = s.as_bytes();
    // Nothing to lowercase and no curly apostrophe: the word itself.
    if !b.iter().any(|&b| b.is_ascii_uppercase() || !b.is_ascii()) {
        return Lower::Borrowed(s);
    }
    // The common case, a capitalised ASCII word: one copy, lowercased in place.
    if b.len() <= INLINE_LOWER && b.is_ascii() {
        let mut buf = [0u8; INLINE_LOWER];
        let word = &mut buf[..b.len()];
        word.copy_from_slice(b);
        word.make_ascii_lowercase();
        // Refuses a NUL byte, which the owned path then handles.
        if let Ok(t) = TinyAsciiStr::try_from_utf8(word) {
            return Lower::Inline(t);
        }
    }
    inline_lower(s).map_or_else(
        || Lower::Owned(s.to_lowercase().replace('\u{2019}', "'")),
        Lower::Inline,
    )
}

/// A short ASCII word (curly apostrophes allowed: `Trump’s`) lowercased on the stack.
fn inline_lower(s: &str) -> Option<TinyAsciiStr<INLINE_LOWER>> {
    const CURLY: &[u8] = "\u{2019}".as_bytes();
    let b = s.as_bytes();
    let mut buf = [0u8; INLINE_LOWER];
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        let slot = buf.get_mut(n)?;
        if b[i].is_ascii() {
            *slot = b[i].to_ascii_lowercase();
            i += 1;
        } else if b[i..].starts_with(CURLY) {
            *slot = b'\'';
            i += CURLY.len();
        } else {
            return None;
        }
        n += 1;
    }
    // Refuses a NUL byte, which the owned path then handles.
    TinyAsciiStr::try_from_utf8(buf.get(..n)?).ok()
}

/// Longest word lowercased without allocating; news words are nearly all shorter.
const INLINE_LOWER: usize = 24;

/// A token's lowercase form. Lowercasing runs on every candidate name word, so short ASCII
/// words are lowercased into a buffer on the stack instead of a new `String`.
#[derive(Debug, Clone)]
pub enum Lower<'a> {
    Borrowed(&'a str),
    Inline(TinyAsciiStr<INLINE_LOWER>),
    Owned(String),
}

impl std::ops::Deref for Lower<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Lower::Borrowed(s) => s,
            Lower::Inline(s) => s.as_str(),
            Lower::Owned(s) => s,
        }
    }
}

impl AsRef<str> for Lower<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl PartialEq<&str> for Lower<'_> {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl std::fmt::Display for Lower<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}
