namespace AutoDmGuard.XApiSandbox;

/// <summary>
/// The demo world's own texts (written for the sandbox, not taken from the shared corpus). Auto-DM families use
/// {a|b} spintax and $slots: $name, $link, $topic, $product, $code, $count.
/// </summary>
internal static class DemoTexts
{
    public static IReadOnlyList<AutoFamily> Families { get; } =
    [
        new("free-guide", "en",
            "{Hey|Hi|Hello} $name! {Thanks|Thank you|Thx} for the follow {🙏|🙌|!} {I put together|I just finished} a free {guide|playbook} on $topic, {grab it here|it's yours}: $link",
            "{Quick|Just a} {bump|nudge}, $name: {did you get a chance to|have you had time to} {read|open} the $topic {guide|playbook}? {Lots of people|Readers} say it's {gold|a game changer} → $link",
            "Helping {founders|creators} grow on X. Free {guides|playbooks} in the link 👇"),
        new("newsletter", "en",
            "{Great|Glad|Stoked} to connect, $name! {Every Sunday|Once a week} I send {short lessons|practical tips} on $topic to $count+ {readers|builders}. {Join free|Subscribe here}: $link",
            "{Hey|Hi} $name, {this week's issue|tomorrow's edition} is all about $topic. {Don't miss it|Still time to join}: $link",
            "Writing about $topic every week. $count+ readers."),
        new("reply-yes", "en",
            "{Hey|Hi} $name 👋 {quick question|curious}: {would you like|do you want} to {double|grow} your {audience|reach} in the next 30 days? Reply YES and I'll send {my free course|the details}.",
            "$name, {just checking|one last ping}: {should I send|want} the free course? Just reply YES 🙂",
            "Coach. I help you {grow|scale} on X. DM me YES."),
        new("agency-pitch", "en",
            "Hi $name, {appreciate|thanks for} the follow. We help {SaaS founders|B2B startups|creators} {book more demos|get 10k followers} in 90 days. {Open to a quick chat?|Worth a 15-minute call?} $link",
            "{Following up|Circling back} on my note, $name. {We have 2 spots left this month|Happy to share a case study}. {Interested?|Any thoughts?}",
            "Growth agency for {SaaS|startups}. 120+ clients."),
        new("community-invite", "en",
            "{Welcome|Hey|Yo} $name! {Come hang out|Join us} in our {Discord|Slack} {community|crew} of $count {makers|builders|indie hackers}: $link",
            null,
            "Building the friendliest community for {makers|indie hackers}."),
        new("thanks-only", "en",
            "{Thanks so much|Thank you|Appreciate you} for the follow, $name! {Looking forward to your posts|Excited to connect|Let's keep in touch} {🙂|✨|💯}",
            null,
            "{Designer|Marketer|Entrepreneur}. {Coffee|Dogs|Travel} enthusiast."),
        new("youtube-subscribe", "en",
            "Thanks for following, $name! {I also post|New videos every week} on YouTube about $topic: $link {Would love your support|A sub would mean a lot} 🙏",
            "{Hey|Yo} $name, new video just dropped on $topic 🎥 $link",
            "YouTuber ($count subs). Videos on $topic."),
        new("crypto-pitch", "en",
            "{GM|Hey} $name 🚀 {early access|the allowlist} for $product is {open|live}. {Claim your spot|Grab yours} before it closes: $link",
            "⏰ $name, {last call|final hours} for $product {early access|allowlist}: $link",
            "Web3 builder. $product 🚀 NFA."),
        new("discount-code", "en",
            "Hi $name! As a thank you for following, here's {20%|25%|15%} off at $product: use code $code {at checkout|on the site} $link",
            null,
            "Official account of $product. Free shipping over $50."),
        new("free-guide-es", "es",
            "¡{Hola|Hey} $name! Gracias por seguirme {🙏|🙌}. Te regalo mi {guía|ebook} gratuito sobre $topic: $link",
            "$name, ¿{pudiste|alcanzaste a} ver la guía? {Muchos|Varios} me dicen que les cambió el juego: $link",
            "Ayudo a emprendedores a crecer en X."),
        new("newsletter-pt", "pt",
            "Oi $name! {Valeu|Obrigado} por me seguir. {Toda semana|Todo domingo} envio dicas sobre $topic para $count leitores. {Assine grátis|Inscreva-se}: $link",
            null,
            "Escrevo sobre $topic toda semana."),
        new("thanks-fr", "fr",
            "Salut $name ! Merci pour le follow {🙏|✨}. {Je partage|J'envoie} chaque semaine {des astuces|mes conseils} sur $topic : $link",
            null,
            "Freelance. Astuces sur $topic chaque semaine."),
        new("guide-de", "de",
            "Hallo $name, danke fürs Folgen! {Hier ist|Anbei} mein kostenloser {Leitfaden|Guide} zu $topic: $link",
            "Kurze Erinnerung, $name: der Guide zu $topic ist {nur noch heute|diese Woche} gratis → $link",
            "Ich helfe Selbstständigen beim Wachsen."),
    ];

    public static IReadOnlyList<string> Topics { get; } =
    [
        "building in public", "cold outreach", "personal branding", "SEO for startups", "no-code tools", "copywriting",
        "landing pages", "growing on X", "freelance pricing", "productivity", "email marketing", "AI automations",
    ];

    public static IReadOnlyList<string> Products { get; } =
    [
        "Launchly", "Orbitly", "PixelPine", "MoonMint", "Threadsmith", "NovaNest", "Cartwheel Co.", "Brightbean",
        "LoopLabs", "Zentrail", "Kettle & Kind", "HypeHive",
    ];

    public static IReadOnlyList<string> ToolSignatures { get; } = ["— sent with DMpilot", "[via HelloFlow]", "(auto-sent by Greetbot)"];

    /// <summary>
    /// Personal conversations: "me:" lines are the signed-in user's replies; $first = their first name, $day, $time,
    /// $place, $thing, $topic, $link vary per conversation, and spintax varies the wording, so two friends rarely
    /// send the same sentence (a classifier must not mistake friends for a template).
    /// </summary>
    public static IReadOnlyList<PersonalScript> Conversations { get; } =
    [
        new("en", ["{hey|hi|yo}! {still on for|are we still doing} coffee {on $day|$day}?", "me:{yes|yep}! $time at $place?", "{perfect|great|deal}, see you then", "me:{👍|🙌|see you}"]),
        new("en", ["saw your {thread|post} on $topic, did you {end up switching|actually switch} build tools?", "me:{partly|kind of}, still testing. {build times are way better|the dev server is so much faster}", "{nice|oh nice}, tell me how it goes", "me:will do"]),
        new("en", ["Hi $first, I maintain a small {plugin|wrapper|CLI} that uses your library. {Your last release|Version 2.3} broke our CI, {log is here|here's the failing run}: $link", "me:thanks for the report, I'll {take a look|dig in} {tonight|tomorrow morning}", "{appreciate it|thank you}, no rush!"]),
        new("en", ["congrats on the launch{!!|!} {🎉|🥳|so happy for you}", "me:thank you{!!|!} {long week but worth it|still recovering}", "{well deserved|you earned it}"]),
        new("en", ["thanks for the follow! we met at $place {last night|on $day}, I was the one with the {broken laptop charger|terrible umbrella|oat milk question} 😅", "me:haha yes! {hope you made it home ok|good to see you there}", "{barely|yes}. let's grab lunch sometime"]),
        new("en", ["{lol yes|lmao|haha exactly}", "me:{right??|I know}", "{on my way|omw|5 min}"]),
        new("en", ["Hey $first, we're hiring a {senior frontend dev|staff engineer|design engineer} and your name came up {twice|again}. Open to a chat? {Job description|Role details}: $link", "me:thanks for thinking of me! happy to hear more {next week|after Friday}", "great, I'll send a few slots"]),
        new("en", ["are you around {this weekend|on $day}?", "me:{saturday works|$day works|after $time works}", "cool, I'll {text|call} you"]),
        new("en", ["{Quick one|Random question}: which {mic|camera|keyboard} do you use for your {podcast|streams|videos}?", "me:a cheap {dynamic one|used one}, honestly the {room|lighting} matters more", "good to know, thanks!"]),
        new("en", ["{🙏|❤️|🫶}", "me:{anytime|always}"]),
        new("en", ["did you see what happened to $thing {lol|😂}", "me:{no??|wait what}", "{check the group chat|I'll tell you at lunch}"]),
        new("en", ["I'm in town {on $day|next week} for a conference, {drinks|dinner}?", "me:{yes please|absolutely}! $place at $time?", "{booked|perfect}. {bringing|dragging along} a friend from work if that's ok", "me:of course"]),
        new("en", ["your talk on $topic was {really good|the best one of the day}. the part about $thing {made me rethink our setup|was spot on}", "me:{thank you, that means a lot|ahh thanks!} were the slides readable from the back?", "{mostly|yes}, the code was a bit small"]),
        new("en", ["can I {borrow|steal} your $thing {on $day|this weekend}? mine {died|is at my parents'}", "me:{sure|yes}, {come by|pick it up} after $time"]),
        new("en", ["{ok|okay} I finally read the $topic {piece|article} you sent. {you were right|I have thoughts}", "me:{told you|haha let's hear them}", "{later|over coffee}, too long for DMs"]),
        new("en", ["happy birthday $first!! {🎂|🎈|🥳} hope {it's a good one|you're doing something fun}", "me:{thank you!!|thanks so much} {❤️|🙏}"]),
        new("en", ["hey, {sorry I missed your call|just saw your message}, {all good|everything ok}?", "me:{yes!|all good}, just wanted to ask about $day", "ah, {I'm free|let me check and get back to you}"]),
        new("es", ["¡{Hola|Buenas} $first! ¿Vienes al {meetup|evento} del {jueves|viernes}?", "me:¡Sí! Nos vemos allí", "{genial 🙌|perfecto}"]),
        new("es", ["Oye, gracias por la charla de {ayer|anoche}. ¿Compartes las diapositivas?", "me:Claro, aquí están: $link", "¡{Mil gracias|Gracias}!"]),
        new("es", ["¿{Qué tal|Cómo va} el proyecto? {Me acordé de ti|Vi algo} sobre $topic", "me:{Bien, poco a poco|Liado pero bien}. ¿Me lo mandas?", "Claro: $link"]),
        new("pt", ["Oi $first, tudo bem? {Vi sua palestra|Assisti seu vídeo}, muito {boa|bom}!", "me:Obrigada! Fico feliz que gostou", "Vamos tomar um café quando você {vier a Lisboa|estiver por aqui}"]),
        new("pt", ["{E aí|Olá}! Você ainda tem {aquele|o} $thing para vender?", "me:{Tenho sim|Ainda tenho}!", "{Ótimo|Boa}, posso buscar {amanhã|no sábado}?"]),
        new("fr", ["Coucou ! Tu as le lien des slides {d'hier|de la conf} ?", "me:Oui : $link", "merci {!|beaucoup !}"]),
        new("fr", ["{Salut|Bonjour} $first, on se voit toujours {jeudi|ce week-end} ?", "me:Oui, $time à $place ?", "{Parfait|Top}, à {jeudi|bientôt}"]),
        new("de", ["Hi $first, kurze Frage zu deinem Artikel über $topic: hast du die Zahlen irgendwo {veröffentlicht|geteilt}?", "me:Ja, im Repo unter /docs", "{Danke dir|Super, danke}!"]),
        new("de", ["{Hey|Hallo}! Kommst du {am Donnerstag|morgen} auch zum {Stammtisch|Meetup}?", "me:{Ja, klar|Wahrscheinlich}!", "{Cool|Super}, bis dann"]),
    ];

    public static IReadOnlyList<string> Days { get; } = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static IReadOnlyList<string> Times { get; } = ["9", "9:30", "10", "12:30", "1", "6", "7", "8"];

    public static IReadOnlyList<string> Places { get; } =
        ["the usual place", "Café Lua", "the bakery on the corner", "the co-working", "the station", "Lupo's", "the market"];

    public static IReadOnlyList<string> Things { get; } =
        ["the standing desk", "the projector", "the ladder", "the old bike", "the office plant", "the espresso machine", "the drone"];

    public static IReadOnlyList<string> FirstNames { get; } =
    [
        "Ava", "Noah", "Lucía", "Mateo", "Chloé", "Jonas", "Priya", "Kenji", "Amara", "Lars", "Sofia", "Diego", "Nadia",
        "Omar", "Elena", "Felix", "Ines", "Rafael", "Zoe", "Tariq", "Hannah", "Caio", "Marta", "Leo", "Yara", "Bruno",
        "Maya", "Emil", "Aisha", "Jules", "Nina", "Sven", "Carmen", "Idris", "Lena", "Tomás",
    ];

    public static IReadOnlyList<string> LastNames { get; } =
    [
        "Moreau", "Silva", "Okoye", "Lindholm", "García", "Nakamura", "Patel", "Schmidt", "Rossi", "Haddad", "Kowalski",
        "Costa", "Dubois", "Jensen", "Mendes", "Novak", "Ortega", "Berg", "Ibrahim", "Fischer", "Santos", "Laurent",
    ];

    public static IReadOnlyList<string> PersonalBios { get; } =
    [
        "Frontend dev. Plants, bikes, bad puns.", "Product designer @ a tiny studio.", "Backend engineer, occasional writer.",
        "PhD student. Distributed systems.", "Indie maker. Shipping slowly.", "Illustrator and typeface nerd.",
        "Engineering manager. Dad of two.", "Open source on weekends.", "", "Data person. Runner.",
    ];
}

internal sealed record AutoFamily(string Key, string Language, string First, string? FollowUp, string Bio);

internal sealed record PersonalScript(string Language, IReadOnlyList<string> Lines);
