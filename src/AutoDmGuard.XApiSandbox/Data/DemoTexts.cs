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

    /// <summary>Personal conversations: "me:" lines are the signed-in user's replies; $first = their first name.</summary>
    public static IReadOnlyList<PersonalScript> Conversations { get; } =
    [
        new("en", ["hey! still on for coffee on thursday?", "me:yes! 10 at the usual place?", "perfect, see you then", "me:👍"]),
        new("en", ["saw your thread on $topic, did you end up switching build tools?", "me:partly, still testing. build times are way better", "nice, tell me how it goes", "me:will do"]),
        new("en", ["Hi $first, I maintain a small plugin that uses your library. Your last release broke our CI, log is here: $link", "me:thanks for the report, I'll take a look tonight", "appreciate it, no rush!"]),
        new("en", ["congrats on the launch!! 🎉", "me:thank you!! long week but worth it", "well deserved"]),
        new("en", ["thanks for the follow! we met at the meetup last night, I was the one with the broken laptop charger 😅", "me:haha yes! hope you made it home ok", "barely. let's grab lunch sometime"]),
        new("en", ["lol yes", "me:right??", "on my way"]),
        new("en", ["Hey $first, we're hiring a senior frontend dev and your name came up twice. Open to a chat? Job description: $link", "me:thanks for thinking of me! happy to hear more next week", "great, I'll send a few slots"]),
        new("en", ["are you around this weekend?", "me:saturday works", "cool, I'll text you"]),
        new("en", ["Quick one: which mic do you use for your podcast?", "me:a cheap dynamic one, honestly the room matters more", "good to know, thanks!"]),
        new("en", ["🙏", "me:anytime"]),
        new("es", ["¡Hola $first! ¿Vienes al meetup del jueves?", "me:¡Sí! Nos vemos allí", "genial 🙌"]),
        new("es", ["Oye, gracias por la charla de ayer. ¿Compartes las diapositivas?", "me:Claro, aquí están: $link", "¡Mil gracias!"]),
        new("pt", ["Oi $first, tudo bem? Vi sua palestra, muito boa!", "me:Obrigada! Fico feliz que gostou", "Vamos tomar um café quando você vier a Lisboa"]),
        new("fr", ["Coucou ! Tu as le lien des slides d'hier ?", "me:Oui : $link", "merci !"]),
        new("de", ["Hi $first, kurze Frage zu deinem Artikel über $topic: hast du die Zahlen irgendwo veröffentlicht?", "me:Ja, im Repo unter /docs", "Danke dir!"]),
    ];

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
