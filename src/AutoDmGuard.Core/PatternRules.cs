using System.Text.RegularExpressions;

namespace AutoDmGuard.Core;

/// <summary>
/// SpamAssassin-style text rules: each one names a habit of auto-DM tools (not a product or a phrase of one
/// template), in English, Spanish, Portuguese, French and German. They run on the NFKC + lower-case text with links
/// still in place; the keyword-bait rule also looks at the original casing ("DM me GROW").
/// </summary>
internal static partial class PatternRules
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const int TimeoutMs = 1000;

    private static readonly string[] ComplimentTriggers =
    [
        .. new[] { "your ", "ur " }.SelectMany(_ => new[] { "profile", "work", "content", "tweets", "posts", "feed", "art", "page", "vibe", "account", "bio", "journey", "energy", "stuff", "timeline" }, (p, n) => p + n),
        .. new[] { "amazing ", "great ", "awesome ", "inspiring ", "incredible ", "valuable " }.SelectMany(_ => new[] { "profile", "content", "feed", "account", "work" }, (a, n) => a + n),
        "passionate about", "someone like you", "someone with your", "rare to", "me encanta", "gran perfil", "gran contenido", "adorei", "adoro", "j'adore", "super profil", "super contenu", "profil", "deine",
    ];

    public static IReadOnlyList<PatternRule> All { get; } =
    [
        PatternRule.Create("unfilled-placeholder", 4.0, "contains a mail-merge placeholder the tool never filled in", Placeholder(), ["{", "%", "[", "<", "first"], raw: true),
        PatternRule.Create("tool-signature", 3.0, "signed by an auto-DM tool (\"sent via ...\")", ToolSignature(), ["sent", "via", "powered", "automated", "enviado", "envoy", "gesendet", "auto", "stop"]),
        PatternRule.Create("reply-keyword-bait", 1.8, "asks you to reply with a keyword, the way funnels qualify leads", ReplyKeywordLower(), ["reply", "respond", "answer", "type", "comment", "text me", "dm me", "message me", "drop", "respon", "répond", "repond", "antworte", "schreib"]),
        PatternRule.Create("reply-keyword-bait", 1.8, "asks you to reply with a keyword, the way funnels qualify leads", ReplyKeywordUpper(), ["reply", "respond", "answer", "type", "comment", "text me", "dm me", "message me", "drop", "respon", "répond", "repond", "antworte", "schreib"], raw: true),
        PatternRule.Create("thanks-for-follow-opener", 1.2, "opens by thanking you for following, the trigger of auto-DM tools", ThanksForFollow(), ["follow", "folow", "connect", "welcome", "glad", "gracias", "obrigad", "valeu", "merci", "danke", "フォロー", "for being here"]),
        PatternRule.Create("cta-other-network", 1.3, "sends you to another network (LinkedIn, Instagram, YouTube, ...)", OtherNetwork(), ["linkedin", "linked in", "facebook", "fb page", "insta", " ig", "ig ", "(ig", "ig:", "ig.", "ig!", "youtube", "yt channel", "tiktok", "telegram", "discord", "whatsapp", "threads", "pinterest", "twitch", "snapchat", "substack", "patreon", "ko-fi", "buymeacoffee", "buy me a coffee", "product hunt", "producthunt", "follow my", "follow our", "sígueme", "sigueme", "segue-me", "me siga", "suis-moi", "folge mir", "f4f", "follow4follow", "follow for follow", "s4s", "pls", "please", "plz"]),
        PatternRule.Create("cta-subscribe", 1.2, "asks you to subscribe (newsletter, podcast, channel)", Subscribe(), ["subscri", "newsletter", "podcast", "episode", "channel", "sign up", "signup", "join my", "join our", "join the", "suscr", "bolet", "inscr", "assine", "canal", "abonn", "ma cha", "kanal", "a listen", "listen on", "available on all", "wherever you get"]),
        PatternRule.Create("freebie-offer", 1.3, "offers a freebie or discount (ebook, guide, course, code)", Freebie(), ["free", "complimentary", "gratis", "grátis", "gratuit", "offert", "kostenlos", "umsonst", "ebook", "e-book", "%", "discount", "coupon", "code", "voucher", "descuento", "cupón", "cupon", "cupom", "código", "codigo", "desconto", "duction", "rabatt", "gutschein", "giveaway", "contest", "sweepstakes", "prize pool", "chance to win", "for a chance", "sorteo", "sorteio", "concours", "gewinnspiel"]),
        PatternRule.Create("cta-app-download", 1.0, "asks you to download or install an app", AppDownload(), ["download", "install", "app store", "play store", "google play", "descarga", "baixe", "baixa", "télécharge", "telecharge", "herunter", "get it"]),
        PatternRule.Create("addresses-followers-as-group", 1.5, "speaks to \"new followers\" as a group, not to you", FollowersAsGroup(), ["follower", "seguidor", "abonné", "abonne"]),
        PatternRule.Create("cta-shop", 1.0, "points you to a shop or an order", Shop(), ["shop", "store", "etsy", "order", "tienda", "loja", "boutique", "laden", "pedido", "commande", "bestell"]),
        PatternRule.Create("beta-invite", 1.2, "invites you to a beta, waitlist or early access", BetaInvite(), ["early access", "beta", "waitlist", "wait list", "whitelist", "allowlist", "acceso", "lista de espera", "acesso", "accès", "acces", "liste d'attente", "zugang", "warteliste"]),
        PatternRule.Create("sales-pitch", 1.0, "pitches a service, growth scheme or investment", SalesPitch(), ["quick chat", "quick call", "book a call", "book a demo", "book a slot", "hop on a call", "open to a", "schedule a call", "x your", "x their", "x my", "grow your", "grow their", "scale your", "scale their", "boost your", "boost their", "10x your", "10x their", "grow together", "each other grow", "growth agency", "growth marketing", "agency", "passive income", "win rate", "signals", "crypto", "nft", "airdrop", "token sale", "presale", "pinned", "engagement group", "shoutout", "promote your", "collab", "partnership opportunit", "agencia", "agência", "agence", "agentur", "crecer", "crescer", "faire grandir", "wachsen lassen", "kunden gewinnen", "mint", "starting at", "starting from", "for just", " like yours", " like you", "x faster", "x more", "x cheaper"]),
        PatternRule.Create("urgency", 0.8, "creates urgency (limited spots, expires tonight)", Urgency(), ["limit", "only 0", "only 1", "only 2", "only 3", "only 4", "only 5", "only 6", "only 7", "only 8", "only 9", "h only", "hours only", "spot", "expire", "ends tonight", "ends today", "ends soon", "ends in", "last few hours", "closes", "before it", "hurry", "don't miss", "dont miss", "ltima", "vagas", "chance", "nur noch", "almost full", "doors close"]),
        PatternRule.Create("broadcast-announcement", 1.0, "announces a launch or new content to all followers", Broadcast(), ["just launched", "just dropped", "just released", "just published", "just went live", "just uploaded", "just shipped", "we're live", "were live", "we are live", "now live", "is out now", "is live now", "out now", "it's here", "it's live", "it's out", "its here", "its live", "its out", "new episode", "new video", "new issue", "new post", "new drop", "new collection", "new single", "new course", "new product", "launching today", "launch day", "big day", "upvote", "acabamos", "disponible", "acabou", "disponível", "disponivel", "vient de sortir", "en ligne", "online", "verfügbar", "verfugbar", "just hit"]),
        PatternRule.Create("drip-nudge", 1.0, "nudges about an earlier message, the way drip sequences do", DripNudge(), ["following up", "follow up on", "bump this", "bumping this", "in case it got buried", "in case you missed", "did you", "checking in", "circling back", "hi again", "hey again", "from me", "still want", "still interested", "any interest", "reminder", "heads up", "viste", "sigues interesad", "viu", "ainda tens", "as-tu", "toujours int", "hast du", "noch interesse", "nachfrage", "interesse", "pudiste", "conseguiste", "conseguiu", "konntest"]),
        PatternRule.Create("generic-question", 1.0, "asks a question anyone could be asked (\"what brought you here?\")", GenericQuestion(), ["brought you", "find me", "find my", "what are you", "what do you do", "what's your", "whats your", "tell me", "te trajo", "encontraste", "te trouxe", "t'am", "m'as-tu", "hat dich", "gefunden"]),
        PatternRule.Create("generic-compliment", 1.0, "compliments you in words that fit anyone (\"love your profile\")", GenericCompliment(), ComplimentTriggers),
        PatternRule.Create("link-shortener", 0.8, "contains a link shortener or link-in-bio page", LinkShortener(), ["bit.ly", "tinyurl", "ow.ly", "buff.ly", "lnkd.in", "rebrand.ly", "cutt.ly", "is.gd", "t.ly", "shorturl", "rb.gy", "tiny.cc", "linktr.ee", "beacons.ai", "lnk.bio", "bio.link", "hoo.be", "stan.store", "carrd.co"]),
        PatternRule.Create("shared-context", -1.3, "refers to something you did or shared together (a meeting, your talk, yesterday)", SharedContext(), ["we met", "met you", "meeting you", "meet you", "nice meeting", "great meeting", "after your", "after the talk", "after the session", "after the panel", "after the workshop", "your talk", "your session", "your slides", "your panel", "your workshop", "your keynote", "your pr", "your pull request", "your issue", "your commit", "your thread on", "your post on", "your article on", "your blog post on", "you mentioned", "you said", "you showed", "you told me", "you asked", "as promised", "as discussed", "like i said", "like i mentioned", "yesterday", "last night", "this morning", "earlier today", "at the meetup", "at the conference", "at the event", "at the party", "at the office", "at the workshop", "conoc", "charla", "ponencia", "ayer", "dijiste", "conhecer", "palestra", "ontem", "disseste", "on s'est", "rencontr", "ta conf", "ton talk", "hier", "m'as dit", "kennen", "vortrag", "gestern", "du hast"]),
    ];

    // Declared after All: static initializers run in text order.
    /// <summary>The combined trigger search over <see cref="All"/> (bit i = rule i).</summary>
    public static RuleTriggers Triggers { get; } = new(All);

    [GeneratedRegex(@"\{\{\s*[A-Za-z_ ]+\s*\}\}|%[A-Z_]{3,}%|\$\{\s*\w+\s*\}|\[\s*(first[ _]?name|last[ _]?name|name|username|nombre|nome|pr[ée]nom|vorname)\s*\]|<\s*(first_?name|name)\s*>|\{\s*(first_?name|name|nombre|nome|pr[ée]nom|vorname)\s*\}|\b(FIRST_?NAME|FIRSTNAME)\b", Options | RegexOptions.IgnoreCase, TimeoutMs)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(^|[\-–—~|\[(•·*]\s*|\n\s*)(sent|sent automatically|sent with|sent via|sent using|sent by|via|powered by|automated by|enviado (con|desde|via)|envoyé (avec|via)|gesendet (mit|über))\s+(via\s+|with\s+)?[a-z0-9][\w.\-]{2,}\s*[\])]?\s*$|\b(reply|text|send) stop to\b|\b(auto[- ]?dm|automated (message|dm)|this (is an|message was) automated|mensaje autom[áa]tico|mensagem autom[áa]tica|message automatique|automatische nachricht)\b", Options, TimeoutMs)]
    private static partial Regex ToolSignature();

    [GeneratedRegex(@"\b(reply|respond|answer|type|comment|text me|dm me|message me|drop|responde|responda|r[ée]ponds|r[ée]pondez|antworte|schreib)\s+(with\s+|con\s+|com\s+|avec\s+|mit\s+)?[""“'«]?(yes|yep|y|si|sí|sim|oui|ja|info|go|me|interested)[""”'»]?(?!\w)", Options, TimeoutMs)]
    private static partial Regex ReplyKeywordLower();

    [GeneratedRegex(@"(?i:\b(reply|respond|answer|type|comment|text me|dm me|message me|drop|responde|responda|r[ée]ponds|r[ée]pondez|antworte|schreib mir))\s+(?i:with\s+|con\s+|com\s+|avec\s+|mit\s+)?[""“'«]?\p{Lu}{2,12}[""”'»]?(?!\w)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeoutMs)]
    private static partial Regex ReplyKeywordUpper();

    [GeneratedRegex(@"\b(thanks?|thank you|thx|ty|tysm|tyvm|many thanks|appreciate|appreciated)\b[^.!?\n]{0,20}\b(follow|following|folow|follows|connecting|the connect)\b|\bthanks? (you )?(so much )?for being here\b|\b(followed back|follow back|welcome (aboard|to (my|the) (corner|community|page|feed|family))|glad (you|to have you)\b[^.!?\n]{0,15}(here|follow|aboard))|\bgracias (por|x) (seguirme|el follow|seguir|la conexi[oó]n)|\bobrigad[oa] (por|pelo) (me seguir|seguir|o follow|follow)|\bvaleu pelo follow|\bmerci (pour|de|du) (le follow|me suivre|l'abonnement|ton abonnement|votre abonnement|suivre|follow)|\bdanke (f[üu]r'?s|f[üu]r das|f[üu]r den|f[üu]r deinen) (folgen|follow)|フォローありがとう", Options, TimeoutMs)]
    private static partial Regex ThanksForFollow();

    [GeneratedRegex(@"\b(linkedin|linked in|facebook|fb page|instagram|insta|ig|youtube|yt channel|tiktok|telegram|discord|whatsapp (group|channel)|threads|pinterest|twitch|snapchat|substack|patreon|ko-fi|buymeacoffee|buy me a coffee|product hunt|producthunt)\b|\bfollow (my|our) (other|second|main|new|backup|business) (account|page)|\b(f4f|follow4follow|follow for follow|s4s)\b|\b(pls|please|plz) (also )?follow\b|\b(s[ií]gueme|segue-me|me siga|suis-moi|folge mir) (en|no|na|sur|auf)\b", Options, TimeoutMs)]
    private static partial Regex OtherNetwork();

    [GeneratedRegex(@"\b(subscribe|subscribed|subscribers|newsletter|podcast|episode|my channel|sign up|signup|a listen|listen on|available on all (apps|platforms)|wherever you get your podcasts|join (my|our|the) (community|group|list|server|channel|club|free)|suscr[ií]bete|suscribirte|suscriptores|bolet[ií]n|inscreva-se|inscrever|inscritos|assine|meu canal|mi canal|abonne-toi|abonnez-vous|ma cha[iî]ne|abonnier|abonnieren|mein kanal|meinen kanal)\b", Options, TimeoutMs)]
    private static partial Regex Subscribe();

    [GeneratedRegex(@"\b(e-?book|guide|gu[ií]a|guia|course|curso|minicurso|cours|kurs|checklist|template|plantilla|kit|masterclass|webinar|training|pdf|playbook|toolkit|workbook|livro|libro|livre|buch)\b[^.!?\n]{0,30}\b(gratis|gr[áa]tis|gratuit|gratuite|gratuito|gratuita|kostenlos\w*|offert|for free)\b|\b(free|freebie|complimentary|gratis|gr[áa]tis|gratuit|gratuite|gratuito|gratuita|kostenlos\w*|umsonst)\b[^.!?\n]{0,40}\b(e-?book|ebook|guide|gu[ií]a|guia|course|curso|cours|kurs|checklist|template|plantilla|kit|masterclass|webinar|training|pdf|cheat ?sheet|playbook|toolkit|workbook|mini-course|email course|resource|livro|libro|livre|buch|trial|consultation|audit)|\b(e-?book|ebook)\b|\b\d{1,2} ?% (off|de descuento|de desconto|de r[ée]duction|rabatt)|\b(discount|coupon|promo code|voucher|code:|use code|with code|descuento|cup[oó]n|c[oó]digo|desconto|cupom|r[ée]duction|code promo|rabatt|gutschein|rabattcode)\b|\btry (it|us|\w+) (for )?free\b|\b(giveaway|contest|sweepstakes|prize pool|chance to win|for a chance (at|to)|sorteo|sorteio|concours|gewinnspiel)\b|\bfree shipping\b|\benv[ií]o gratis\b", Options, TimeoutMs)]
    private static partial Regex Freebie();

    [GeneratedRegex(@"\b(get it (now|here|today|free)|download (it|now|here|today|the app|our app|for free|free)|free download|install (it|now|the app|our app)|(on|in) the app store|app store|play store|google play|desc[áa]rga(la|lo)? (ya|aqu[ií]|gratis|la app)|baixe (agora|j[áa]|o app|gr[áa]tis)|baixa (agora|j[áa]|a app)|t[ée]l[ée]charge[zr]? (l'app|gratuitement|maintenant|ici)|jetzt herunterladen|lade (sie|die app|es) (jetzt )?herunter)\b", Options, TimeoutMs)]
    private static partial Regex AppDownload();

    [GeneratedRegex(@"\b(new|all|my|our|for) (followers|follower)\b|\bfollowers (get|receive|enjoy)\b|\b(nuevos|mis|todos los) seguidores\b|\b(novos|meus) seguidores\b|\b(nouveaux|mes) abonn[ée]s\b|\b(neue|alle|meine) follower\b", Options, TimeoutMs)]
    private static partial Regex FollowersAsGroup();

    [GeneratedRegex(@"\b((my|our) (shop|store|etsy|online store|webshop)|shop now|order now|first order|every order|check out my shop|mi tienda|nuestra tienda|minha loja|nossa loja|ma boutique|notre boutique|mein (laden|shop)|unser (laden|shop)|primer pedido|primeira compra|premi[èe]re commande|erste bestellung)\b", Options, TimeoutMs)]
    private static partial Regex Shop();

    [GeneratedRegex(@"\b(early access|beta (invite|invites|access|spot|spots|testers?|list)|private beta|closed beta|waitlist|wait list|whitelist\w*|whitelisted|allowlist spot|acceso anticipado|lista de espera|acesso antecipado|acc[èe]s anticip[ée]|liste d'attente|fr[üu]her zugang|warteliste)\b", Options, TimeoutMs)]
    private static partial Regex BetaInvite();

    [GeneratedRegex(@"\b(quick (chat|call)|book a (call|demo|slot)|hop on a call|open to a (quick )?(chat|call)|schedule a call|\d+x (your|their|my)|(grow|scale|boost|10x) (your|their) (audience|followers|business|brand|revenue|reach|sales|income|rates|account)|grow together|help each other grow|growth (agency|marketing)|marketing agency|agency|passive income|win rate|trading signals|crypto signals|crypto|nft|nfts|airdrop|token sale|presale|mint|mints|minting|free mint|(companies|brands|businesses|teams|creators|founders) like (yours|you)|\d+x (faster|more|cheaper)|starting at \$?\d+|starting from \$?\d+|for just \$?\d+|rt my pinned|retweet my pinned|my pinned tweet|engagement group|shoutout|promote your|collab(oration)? opportunit|partnership opportunit|agencia|ag[êe]ncia|agence|agentur|crecer juntos|crescer juntos|hacer crecer tu|fazer crescer|faire grandir|wachsen lassen|kunden gewinnen)\b", Options, TimeoutMs)]
    private static partial Regex SalesPitch();

    [GeneratedRegex(@"\b(limited (spots|seats|time|offer)|only \d+ (spots|seats|left)|spots? (left|close|closing)|expires? (tonight|today|soon|in)|ends (tonight|today|soon|in)|last chance|last few hours|closes (soon|on|friday|tonight|today)|before it'?s gone|hurry|almost full|doors close|don'?t miss|24h only|for \d+ ?h(ours)? only|[úu]ltimas? (plazas|vagas|horas)|plazas limitadas|vagas limitadas|places limit[ée]es|derni[èe]re chance|letzte chance|nur noch)\b", Options, TimeoutMs)]
    private static partial Regex Urgency();

    [GeneratedRegex(@"\b(just (launched|dropped|released|published|went live|uploaded|shipped|hit)|we'?re live|we are live|now live|is (out|live) now|out now|it'?s (here|live|out)|new (episode|video|issue|post|drop|collection|single|course|product) (is )?(out|live|up)|just uploaded|launching today|launch day|big day|every upvote|upvote|acabamos de lanzar|ya est[áa] disponible|acabou de sair|j[áa] est[áa] dispon[ií]vel|vient de sortir|est en ligne|ist (jetzt )?online|jetzt verf[üu]gbar)\b", Options, TimeoutMs)]
    private static partial Regex Broadcast();

    [GeneratedRegex(@"\b(just following up|following up|follow(ing)? up on|bump(ing)? this|in case (it got buried|you missed)|did you (see|get|catch|have a chance|get a chance|watch|read|check)|checking in|circling back|hi again|hey again|last (one|message|reminder) from me|still (want|interested)|any interest|reminder:|just a (reminder|heads up)|friendly reminder|viste mi (mensaje|[úu]ltimo)|sigues interesad|viu (a )?minha mensagem|ainda tens interesse|as-tu vu mon message|toujours int[ée]ress|hast du meine nachricht|noch interesse|kurze nachfrage|besteht (noch )?interesse|pudiste|conseguiste|conseguiu|as-tu pu|konntest du|final reminder|last reminder)\b", Options, TimeoutMs)]
    private static partial Regex DripNudge();

    [GeneratedRegex(@"\b(what brought you (here|to my)|how did you find (me|my)|what are you (working on|up to) (these days|lately|right now)|what do you do for (a living|work)|what'?s your (biggest|#1|number one) (challenge|struggle|goal)|tell me (a bit )?about yourself|qu[ée] te trajo|c[oó]mo me encontraste|o que te trouxe|como me encontraste|qu'est-ce qui t'am[èe]ne|comment m'as-tu trouv[ée]|was hat dich (hierher|zu mir)|wie hast du mich gefunden)\b", Options, TimeoutMs)]
    private static partial Regex GenericQuestion();

    [GeneratedRegex(@"\b(love|loved|loving|really like|really liked|big fan of|huge fan of|fan of|admire|enjoy|enjoyed|impressed by|inspired by)\b[^.!?\n]{0,15}\b(your|ur) (profile|work|content|tweets|posts|feed|art|page|vibe|account|bio|journey|energy|stuff|timeline)\b|\b(your|ur) (profile|feed|content|work|page|account|timeline) (is|looks)\b|\bsomeone (like you|with your (experience|skills|profile|background|taste))\b|\bso passionate about|\b(amazing|great|awesome|inspiring|incredible|valuable) (profile|content|feed|account|work)\b|\brare to (see|find) someone|\bme encanta tu (perfil|contenido|trabajo)|\bgran (perfil|contenido)|\badorei (o )?(teu|seu) (perfil|conte[úu]do|trabalho)|\badoro (o )?(teu|seu) (perfil|conte[úu]do)|\bj'adore (ton|votre) (profil|contenu|travail)|\bsuper (profil|contenu)\b|\b(tolles|dein) profil|\bdeine (inhalte|arbeit) (sind|ist) (toll|super|gro[ßs]artig)", Options, TimeoutMs)]
    private static partial Regex GenericCompliment();

    [GeneratedRegex(@"\b(bit\.ly|tinyurl\.com|ow\.ly|buff\.ly|lnkd\.in|rebrand\.ly|cutt\.ly|is\.gd|t\.ly|shorturl\.at|rb\.gy|tiny\.cc|linktr\.ee|beacons\.ai|lnk\.bio|bio\.link|hoo\.be|stan\.store|carrd\.co)/", Options, TimeoutMs)]
    private static partial Regex LinkShortener();

    [GeneratedRegex(@"\b(we met|met you|meeting you|to meet you|meet you (at|in)|nice meeting|great meeting|after (your|the) (talk|session|panel|workshop)|your (talk|session|slides|panel|workshop|keynote|pr|pull request|issue|commit|thread on|post on|article on|blog post on)|you (mentioned|said|showed|told me|asked)|as (promised|discussed)|like i (said|mentioned)|yesterday|last night|this morning|earlier today|at the (meetup|conference|event|party|office|workshop)|nos conocimos|conocerte|tu charla|tu ponencia|ayer|me dijiste|conhecer-te|conhecer voc[êe]|a tua palestra|sua palestra|ontem|me disseste|on s'est (vu|rencontr[ée]s?)|te rencontrer|ta conf[ée]rence|ton talk|hier soir|tu m'as dit|kennengelernt|kennenzulernen|dein vortrag|deinen vortrag|gestern|du hast (gesagt|erw[äa]hnt))\b", Options, TimeoutMs)]
    private static partial Regex SharedContext();
}
