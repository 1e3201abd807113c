"""The word lists `tui.demo` draws its made-up people, companies and conversations from.

Every list is a tuple so the draws of a seeded random generator stay the same
from run to run. Names are deliberately international: accents, Polish,
Turkish and Nordic letters, and names in Chinese and Japanese script.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Ada", "Alan", "Amara", "Amélie", "Ana", "Anders", "André", "Aoife", "Arjun", "Astrid",
    "Ayşe", "Beatriz", "Ben", "Björn", "Bongani", "Carlos", "Chiara", "Chloé", "Chidi", "Dagny",
    "Daniel", "Darius", "Dmitri", "Elena", "Elif", "Emma", "Émile", "Farah", "Felix", "Fatima",
    "François", "Grace", "Grzegorz", "Hannah", "Hiroshi", "Ingrid", "Isabel", "Ivan", "Jamal", "Jana",
    "Javier", "Jesús", "João", "José", "Júlia", "Kai", "Kateřina", "Kwame", "Lars", "Laura",
    "Leila", "Léa", "Liam", "Lucía", "Łukasz", "Maja", "Malik", "Małgorzata", "Marco", "María",
    "Mateo", "Mehmet", "Mia", "Miguel", "Mina", "Nadia", "Naveen", "Ngozi", "Nikolai", "Noah",
    "Noémie", "Olga", "Oliver", "Oskar", "Paweł", "Priya", "Rafael", "Rania", "René", "Rosa",
    "Saanvi", "Sakura", "Samuel", "Sara", "Seán", "Siobhán", "Sofia", "Søren", "Tariq", "Thandiwe",
    "Tomás", "Uchenna", "Valentina", "Viktor", "Wei", "Yara", "Yusuf", "Zainab", "Zeynep", "Zoë",
)

LAST_NAMES = (
    "Abiodun", "Adeyemi", "Almeida", "Andersen", "Bakker", "Banerjee", "Becker", "Bianchi", "Brennan", "Byrne",
    "Castillo", "Çelik", "Costa", "Dąbrowski", "Dubois", "Dvořák", "Eriksson", "Fernández", "Fischer", "Fontaine",
    "García", "González", "Gupta", "Haddad", "Hansen", "Hernández", "Ibrahim", "Ivanova", "Jansen", "Jiménez",
    "Kaczmarek", "Kamau", "Kowalski", "Kuznetsov", "Larsen", "Lefèvre", "Lindqvist", "López", "Mahlangu", "Martin",
    "Martínez", "Mensah", "Moreau", "Müller", "Nakamura", "Ndlovu", "Nguyen", "Nielsen", "Novák", "Nwosu",
    "O'Brien", "Okafor", "Okonkwo", "Olsen", "Öztürk", "Papadopoulos", "Patel", "Pereira", "Petrov", "Quinn",
    "Rahman", "Reddy", "Richter", "Rodríguez", "Romano", "Rossi", "Sánchez", "Santos", "Schmidt", "Schneider",
    "Silva", "Singh", "Sokolov", "Suzuki", "Svensson", "Tanaka", "Taylor", "Traoré", "Van Dijk", "Wagner",
    "Wang", "Weber", "Wiśniewski", "Wójcik", "Yamamoto", "Yılmaz", "Zieliński", "Zhou", "Żukowski", "Ødegaard",
)

CJK_NAMES = (
    # (name as written, how it is spelled in an e-mail address)
    ("陈伟", "chen.wei"), ("李娜", "li.na"), ("王芳", "wang.fang"), ("张敏", "zhang.min"),
    ("刘洋", "liu.yang"), ("杨静", "yang.jing"), ("黄磊", "huang.lei"), ("周杰", "zhou.jie"),
    ("佐藤 健", "sato.ken"), ("鈴木 花子", "suzuki.hanako"),
    ("高橋 翔", "takahashi.sho"), ("田中 美咲", "tanaka.misaki"),
)

LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({
    "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "ı": "i", "đ": "d", "Đ": "D",
})
"""Letters that Unicode NFKD does not split into a base letter and an accent."""

EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example", "post.example")

LOCATIONS = (
    # (location, country calling code and fixed leading digits, random digits that follow)
    ("Berlin, Germany", "+49151", 8), ("Munich, Germany", "+49176", 8), ("Hamburg, Germany", "+49160", 8),
    ("London, United Kingdom", "+447911", 6), ("Manchester, United Kingdom", "+447700", 6),
    ("Paris, France", "+336", 8), ("Lyon, France", "+337", 8), ("Madrid, Spain", "+346", 8),
    ("Barcelona, Spain", "+346", 8), ("Warsaw, Poland", "+4850", 7), ("Kraków, Poland", "+4851", 7),
    ("Lagos, Nigeria", "+23480", 8), ("Abuja, Nigeria", "+23481", 8), ("Nairobi, Kenya", "+2547", 8),
    ("Cape Town, South Africa", "+2782", 7), ("Shanghai, China", "+86138", 8), ("Beijing, China", "+86139", 8),
    ("Tokyo, Japan", "+8190", 8), ("São Paulo, Brazil", "+55119", 8), ("Mexico City, Mexico", "+5255", 8),
    ("New York, USA", "+1212555", 4), ("San Francisco, USA", "+1415555", 4), ("Toronto, Canada", "+1416555", 4),
    ("Amsterdam, Netherlands", "+316", 8), ("Stockholm, Sweden", "+4670", 7), ("Milan, Italy", "+393", 9),
    ("Istanbul, Türkiye", "+90532", 7), ("Bengaluru, India", "+9198", 8), ("Singapore", "+659", 7),
    ("Sydney, Australia", "+614", 8),
)

STREETS = (
    "Main Street", "Hauptstraße", "Rue de la Paix", "Calle Mayor", "ulica Długa", "Market Street",
    "Baker Street", "Via Roma", "Kungsgatan", "Keizersgracht", "Avenida Paulista", "Queen Street",
)

COMPANY_PREFIXES = (
    "Blue", "Bright", "North", "Silver", "Green", "Red", "Swift", "Clear", "Iron", "Golden",
    "Open", "Quiet", "Bold", "True", "Prime", "Lumen", "Nova", "Atlas", "Cedar", "Harbor",
    "Summit", "Polar", "Orbit", "Maple", "Coral", "Granite", "Echo", "Vivid", "Sunny", "Pioneer",
)

COMPANY_ROOTS = (
    "Wave", "Leaf", "Stone", "Bridge", "Field", "Forge", "Path", "Peak", "River", "Works",
    "Labs", "Logic", "Systems", "Studio", "Foods", "Health", "Energy", "Capital", "Media", "Motion",
    "Data", "Cloud", "Design", "Garden", "Craft", "Signal", "Vision", "Metrics", "Harvest", "Lane",
)

COMPANY_SUFFIXES = ("GmbH", "Ltd", "Inc.", "SA", "S.L.", "sp. z o.o.", "BV", "AB", "& Co.", "Group")

JOB_TITLES = (
    "Software Engineer", "Senior Software Engineer", "Engineering Manager", "CTO", "CEO", "Founder",
    "Product Manager", "Designer", "Data Scientist", "Sales Director", "Account Executive", "Marketing Lead",
    "Head of Operations", "Recruiter", "Consultant", "Teacher", "Professor", "Doctor", "Nurse", "Lawyer",
    "Accountant", "Architect", "Photographer", "Journalist", "Chef", "Student", "Investor", "Analyst",
    "Project Manager", "Customer Success Manager",
)

CUSTOM_RELATIONSHIPS = ("mentor", "client")
"""Relationship types a user added beside the predefined ones."""
CUSTOM_INDUSTRIES = ("healthcare", "hospitality")
"""Industries a user added beside the predefined ones."""

TAG_NAMES = (
    "climbing", "book-club", "conference-2025", "investor", "hiring", "alumni", "neighbour", "open-source",
    "mentee", "podcast", "running", "board-games", "café", "volunteer", "speaker", "startup",
)

NOTE_OPENINGS = (
    "Met at", "Introduced by a friend at", "Sat next to each other at", "Worked together on",
    "First spoke at", "Reconnected at",
)
NOTE_PLACES = (
    "a meetup in town", "PyCon", "a wedding", "the climbing gym", "a hackathon", "the school gate",
    "a product launch", "a dinner party", "the airport lounge", "a workshop on negotiation",
)
NOTE_DETAILS = (
    "Loves hiking.", "Has two kids.", "Vegetarian.", "Speaks four languages.", "Big football fan.",
    "Learning the piano.", "Moving house soon.", "Always late, always charming.", "Coffee, never tea.",
    "Training for a marathon.", "Writes a newsletter.", "Allergic to cats.",
)

INTERACTION_TYPES = {
    "phone": ("call", "check-in", "catch-up"),
    "whatsapp": ("message", "voice note", "check-in"),
    "email": ("email", "introduction", "proposal"),
    "sms": ("message", "reminder"),
    "in_person": ("coffee", "lunch", "dinner", "meeting", "walk"),
    "video": ("video call", "meeting", "demo"),
    "instagram_dm": ("message", "reply to story"),
    "chat": ("message", "thread"),
    "other": ("event", "postcard"),
}
MEDIUM_WEIGHTS = (
    ("whatsapp", 22), ("email", 18), ("phone", 14), ("in_person", 14), ("video", 10),
    ("chat", 9), ("sms", 6), ("instagram_dm", 5), ("other", 2),
)
INTERACTION_NOTES = (
    "Talked about the new job.", "Caught up on family news.", "Discussed the proposal.",
    "Shared holiday photos.", "Planned a trip together.", "Asked for an introduction.",
    "Gave feedback on the draft.", "Celebrated the promotion.", "Talked books and films.",
    "Compared notes on hiring.", "Quick hello, nothing urgent.", "Helped with a CV.",
    "Long chat about moving abroad.", "Reviewed the contract terms.", "Brainstormed side projects.",
)
OUTCOMES = (
    "positive", "neutral", "needs follow-up", "no answer", "agreed to meet", "sent information",
    "deal progressed", "waiting for reply",
)

MAIN_APPS = ("whatsapp", "signal", "telegram", "email", "phone", "instagram")
FAMILY_NOTES = (
    "Married, two daughters.", "Partner is a doctor.", "Single, close to her sister.",
    "Three kids, the eldest just started university.", "Parents live nearby.", "Newly married.",
)
LIKES_DISLIKES = (
    "Likes jazz and good coffee; dislikes small talk.", "Loves sailing; hates early meetings.",
    "Into vintage cameras; avoids spicy food.", "Likes chess; dislikes phone calls.",
    "Runs every morning; does not drink alcohol.", "Loves Italian food and opera.",
)
MISC_NOTES = (
    "Prefers messages to calls.", "Best reached before 10:00.", "Send a card at New Year.",
    "Knows everyone in the local startup scene.", "Has helped us twice with introductions.",
)

PRODUCTS = (
    ("Coaching package", "Six one-to-one sessions over three months."),
    ("Website audit", "A review of performance, accessibility and search."),
    ("Workshop day", "A full-day workshop for a team of up to twelve."),
    ("Retainer", "Monthly advisory hours, billed in advance."),
)
DEAL_SOURCES = ("referral", "website", "linkedin", "conference", "cold outreach", "existing customer", "newsletter")
CURRENCIES = ("EUR", "USD", "GBP")

TASK_TITLES = (
    "Send the proposal", "Book a table for lunch", "Prepare the workshop slides", "Follow up on the invoice",
    "Buy a birthday present", "Introduce to a recruiter", "Share the article we discussed",
    "Review the contract", "Plan the quarterly check-ins", "Update the pitch deck",
)
