namespace AutoDmGuard.Cli.Evaluation;

/// <summary>
/// Auto-DMs written for this project in the twelve languages besides English that the rules' lexicons cover (six each:
/// thanks for following, then another network, a channel, a group, a shop or discount, an app or a freebie). The public
/// corpus holds few auto-DMs outside English, so without these the fit sees the rules' other languages almost never and
/// weighs them by English texts, where the word model carries most of the score. Each text is its own group: the grouped
/// folds test each one on a model that never saw it.
/// </summary>
internal static class OwnAutoDms
{
    public const string Category = "own-auto-dm-multilingual";

    private static readonly (string Language, string Text)[] Texts =
    [
        ("ar", "شكرا لمتابعتك! تابعنا على انستقرام وتيك توك"),
        ("ar", "أهلا بك! اشترك في قناتنا على يوتيوب ليصلك كل جديد"),
        ("ar", "شكرا على المتابعة، زوروا متجرنا واحصلوا على خصم ٢٠٪"),
        ("ar", "مرحبا، انضم إلى مجموعتنا على تيليجرام للحصول على توصيات مجانية"),
        ("ar", "شكراً للمتابعة! حمّل تطبيقنا الآن مجاناً"),
        ("ar", "أهلاً بك في عائلتنا! تابع قناتنا على تيليجرام للعروض اليومية"),
        ("ru", "Спасибо за подписку! Подписывайтесь на наш инстаграм"),
        ("ru", "Привет! Загляни на мой ютуб канал, там много полезного"),
        ("ru", "Спасибо, что подписались! Скидка 20% в нашем магазине по промокоду HELLO"),
        ("ru", "Добро пожаловать! Вступайте в наш телеграм-чат"),
        ("ru", "Благодарю за подписку! Скачайте наше приложение бесплатно"),
        ("ru", "Спасибо, что вы с нами! Подпишитесь на наш телеграм-канал"),
        ("ja", "フォローありがとうございます！インスタもフォローしてね"),
        ("ja", "フォローありがとう！YouTubeチャンネル登録よろしくお願いします"),
        ("ja", "フォローありがとうございます。公式LINEに登録すると限定クーポンがもらえます"),
        ("ja", "フォロー感謝です！無料プレゼント受け取ってください"),
        ("ja", "フォローありがとうございます！ショップも覗いてみてください"),
        ("ja", "フォローありがとうございます！公式LINEでお得な情報を配信中です"),
        ("ko", "팔로우 감사합니다! 인스타그램도 팔로우 해주세요"),
        ("ko", "맞팔 감사해요! 유튜브 구독 부탁드립니다"),
        ("ko", "팔로우 감사합니다~ 카카오톡 오픈채팅방에 들어오세요"),
        ("ko", "팔로우 감사드려요! 지금 가입하면 무료 쿠폰 드려요"),
        ("ko", "팔로우 해주셔서 감사합니다! 저희 쇼핑몰 방문해 주세요"),
        ("ko", "팔로우 감사합니다! 유튜브 채널도 놀러와 주세요"),
        ("hi", "फॉलो करने के लिए धन्यवाद! हमें इंस्टाग्राम पर भी फॉलो करें"),
        ("hi", "धन्यवाद! मेरे यूट्यूब चैनल को सब्सक्राइब करें और बेल आइकन दबाएं"),
        ("hi", "फॉलो के लिए शुक्रिया! हमारे टेलीग्राम ग्रुप से जुड़ें"),
        ("hi", "धन्यवाद! हमारी वेबसाइट पर जाएं और 50% छूट पाएं"),
        ("hi", "फॉलो करने के लिए धन्यवाद! हमारा ऐप डाउनलोड करें"),
        ("hi", "फॉलो करने के लिए धन्यवाद! हमारे यूट्यूब चैनल को भी सब्सक्राइब करें"),
        ("tr", "Takip için teşekkürler! Instagram hesabımızı da takip edin"),
        ("tr", "Takip ettiğin için sağ ol! YouTube kanalıma abone olmayı unutma"),
        ("tr", "Teşekkürler! Telegram grubumuza katılın, ücretsiz sinyaller paylaşıyoruz"),
        ("tr", "Takibiniz için teşekkür ederiz! Mağazamızda %20 indirim sizi bekliyor"),
        ("tr", "Hoş geldin! Uygulamamızı hemen indir"),
        ("tr", "Takip ettiğiniz için teşekkür ederiz! Instagram sayfamızı da takip etmeyi unutmayın"),
        ("id", "Makasih udah follow! Follow juga IG kami ya"),
        ("id", "Terima kasih sudah mengikuti! Jangan lupa subscribe channel YouTube aku"),
        ("id", "Halo kak, makasih follownya. Yuk gabung grup WhatsApp kami"),
        ("id", "Terima kasih sudah follow! Kunjungi toko kami, ada diskon 30%"),
        ("id", "Thanks udah follow kak! Download aplikasinya gratis di sini"),
        ("id", "Makasih udah follow kak! Cek toko online kami di Shopee ya"),
        ("it", "Grazie per il follow! Seguici anche su Instagram"),
        ("it", "Grazie per avermi seguito! Iscriviti al mio canale YouTube"),
        ("it", "Grazie! Unisciti al nostro gruppo Telegram per offerte esclusive"),
        ("it", "Grazie per il follow! Visita il nostro negozio online, sconto del 20%"),
        ("it", "Benvenuto! Scarica gratis la nostra app"),
        ("it", "Grazie per averci seguito! Seguici anche su TikTok per offerte esclusive"),
        ("de", "Danke fürs Folgen! Folge uns auch auf Instagram"),
        ("de", "Danke für den Follow! Abonniere meinen YouTube-Kanal"),
        ("de", "Danke! Tritt unserer Telegram-Gruppe bei"),
        ("de", "Danke fürs Folgen! Besuche unseren Shop, 20% Rabatt mit dem Code HALLO"),
        ("de", "Willkommen! Lade dir unsere App kostenlos herunter"),
        ("de", "Danke fürs Folgen! Folge uns auch auf TikTok für tägliche Tipps"),
        ("fr", "Merci pour le follow ! Suivez-nous aussi sur Instagram"),
        ("fr", "Merci de me suivre ! Abonne-toi à ma chaîne YouTube"),
        ("fr", "Merci ! Rejoins notre groupe Telegram pour des conseils gratuits"),
        ("fr", "Merci de nous suivre ! Visitez notre boutique, -20% avec le code BIENVENUE"),
        ("fr", "Bienvenue ! Télécharge notre application gratuitement"),
        ("fr", "Merci pour l'abonnement ! Suis-nous aussi sur TikTok"),
        ("pt", "Obrigado por seguir! Segue a gente no Instagram também"),
        ("pt", "Valeu pelo follow! Se inscreve no meu canal do YouTube"),
        ("pt", "Obrigada! Entre no nosso grupo do Telegram"),
        ("pt", "Obrigado por me seguir! Visite nossa loja e ganhe 20% de desconto"),
        ("pt", "Bem-vindo! Baixe nosso app gratuitamente"),
        ("pt", "Obrigado por seguir! Segue a gente no TikTok também"),
        ("es", "¡Gracias por seguirme! Síguenos también en Instagram"),
        ("es", "Gracias por el follow, suscríbete a mi canal de YouTube"),
        ("es", "¡Gracias! Únete a nuestro grupo de Telegram"),
        ("es", "Gracias por seguirnos. Visita nuestra tienda con 20% de descuento"),
        ("es", "¡Bienvenido! Descarga nuestra app gratis"),
        ("es", "¡Gracias por seguirnos! Síguenos también en TikTok"),
    ];

    public static IEnumerable<LabeledText> All() =>
        Texts.Select((t, i) => new LabeledText(t.Text, true, Category, t.Language, "own-auto:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
