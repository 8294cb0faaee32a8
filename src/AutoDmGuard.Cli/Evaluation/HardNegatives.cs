namespace AutoDmGuard.Cli.Evaluation;

/// <summary>
/// Personal messages written for this project that look like auto-DMs on the surface: a friend who writes right
/// after a follow, someone who thanks for the follow in their own words with specifics, a link shared inside a real
/// conversation, a long, carefully written request that could only be meant for this reader. <c>{name}</c> becomes the reader's first name when an inbox is built.
/// </summary>
internal static class HardNegatives
{
    public const string FriendAfterFollow = "hard-negative-friend-after-follow";
    public const string ThanksInOwnWords = "hard-negative-thanks-in-own-words";
    public const string LinkInConversation = "hard-negative-link-in-conversation";
    public const string SpecificRequest = "hard-negative-specific-request";

    private static readonly (string Category, string Language, string Text)[] Texts =
    [
        (FriendAfterFollow, "en", "hey {name}! it's Marta from the pottery class, finally found you on here. are you going on saturday?"),
        (FriendAfterFollow, "en", "{name}!! just saw you followed me, took you long enough haha. lunch next week?"),
        (FriendAfterFollow, "en", "omg hi, I had no idea you were on here. did you ever get your bike back from the shop?"),
        (FriendAfterFollow, "en", "Hi {name}, we spoke after the board game night, I'm the one with the terrible dice luck. Sending you the rules pdf later"),
        (FriendAfterFollow, "en", "yo it's Dev from 4B, saw your follow. the building meeting moved to thursday 7pm btw"),
        (FriendAfterFollow, "en", "hey! followed you back. was nice chatting at the bus stop, hope your interview went ok"),
        (FriendAfterFollow, "en", "Happy friday {name}! glad we finally connected here, tell Sam I still have his umbrella"),
        (FriendAfterFollow, "en", "hi {name} it's Jo, Priya's sister. she said you might have a spare ticket for the gig on the 14th?"),
        (FriendAfterFollow, "en", "heyy thanks for the follow back!! are you still doing the sunday run club? I want to join again"),
        (FriendAfterFollow, "en", "Hello {name}, this is Mrs. Okafor from the library. Your hold on the cookbook came in, it's at the front desk"),
        (FriendAfterFollow, "es", "hola {name}! soy Lucía, la de la clase de salsa. el martes no hay clase, la profe está enferma"),
        (FriendAfterFollow, "es", "ey te acabo de ver por aquí jaja, ¿al final vienes a la cena del sábado?"),
        (FriendAfterFollow, "pt", "oi {name}, sou o Rui do futebol de quinta. amanhã o jogo é às 20h no campo novo"),
        (FriendAfterFollow, "fr", "salut {name} ! c'est Claire, on s'est croisées chez Julien. tu me rappelles le nom du bouquin dont tu parlais ?"),
        (FriendAfterFollow, "de", "hallo {name}, Jonas hier vom Chor. Probe ist diese Woche ausnahmsweise am Mittwoch"),
        (FriendAfterFollow, "it", "ciao {name}! sono Giulia, ci siamo viste al mercatino. mi mandi la ricetta della torta?"),
        (ThanksInOwnWords, "en", "thanks for the follow! I read your thread about fixing the old radio, did the replacement capacitor work in the end?"),
        (ThanksInOwnWords, "en", "Thank you for following, {name}. Your photos of the harbour at dawn are lovely, which lens do you use for those?"),
        (ThanksInOwnWords, "en", "hey thanks for following! you asked about the seed swap in my last post, it's at the community garden on May 3rd"),
        (ThanksInOwnWords, "en", "appreciate the follow! we were both in that long argument about tabs vs spaces lol, you won me over on tabs"),
        (ThanksInOwnWords, "en", "Thanks for following me back {name}! Quick question about your sourdough post: do you feed the starter before the fridge or after?"),
        (ThanksInOwnWords, "en", "thanks for the follow, fellow birder. was that really a hoopoe in your photo from the park on tuesday??"),
        (ThanksInOwnWords, "en", "thx for following! saw you're also from Leeds, do you know if the Corn Exchange market still does the Saturday thing?"),
        (ThanksInOwnWords, "en", "Hi {name}, thanks for the follow. Your comment on my knitting pattern was spot on, I fixed the row count in the chart"),
        (ThanksInOwnWords, "es", "gracias por seguirme! vi que también estuviste en la maratón de Valencia, ¿qué tal terminaste?"),
        (ThanksInOwnWords, "pt", "obrigada por me seguir! adorei a tua receita de bacalhau, posso usar natas light?"),
        (ThanksInOwnWords, "fr", "merci pour le follow ! ta photo du marché de Lille m'a rappelé mon enfance, c'était quelle rue ?"),
        (ThanksInOwnWords, "de", "danke fürs Folgen! Dein Foto vom Bodensee ist toll, war das in Lindau?"),
        (ThanksInOwnWords, "id", "makasih udah follow! aku lihat foto kopi kamu di Bandung, itu kafe yang mana ya?"),
        (ThanksInOwnWords, "en", "Thanks for following! You mentioned you're learning Portuguese too, want to swap practice sessions on weekends?"),
        (SpecificRequest, "en", "Hi {name}, I'm Ruth, I run the volunteer rota at the Eastside food bank. You fixed our spreadsheet macro last spring and it still saves us hours every week. Would you have half an hour in March to show our new coordinator how it works? Happy to bring cake."),
        (SpecificRequest, "en", "Hello {name}, I'm writing a chapter on community radio for a book with Leeds University Press, and your 2019 interview with the Harbour FM founders is the best account I have found. Could I quote two paragraphs from it? I will send you the draft before it goes to the editor."),
        (SpecificRequest, "en", "Hi {name}, we met briefly at the repair café in November, I was the one with the broken record player. I'm organising the next one at the library on the 12th and wondered if you'd run the soldering table again. No worries if not."),
        (SpecificRequest, "en", "Hey {name}, I teach year 9 science in Hull and my class has been following your tide-pool photos all term. Would you be open to a 20 minute video call with them in the week of the 18th? They have prepared questions about the anemones."),
        (SpecificRequest, "en", "Hi {name}, I lead the maintainers of a small open-source mapping library. Your issue about the projection bug in version 2.3 was spot on and we fixed it, thank you. We are looking for a paid part-time reviewer for the next six months and your name came up twice. Interested in talking?"),
        (SpecificRequest, "en", "{name}, this is Anil from the allotment committee. The council has asked us for a written statement about the flooding on plots 14 to 20, and since yours was worst hit, would you write two or three sentences about what happened in January?"),
        (SpecificRequest, "en", "Hi {name}, I'm the new editor of the neighbourhood newsletter. Maria told me you wrote the piece about the old tram depot years ago. Could we reprint it in the spring issue with your name on it? I can send you the layout first."),
        (SpecificRequest, "en", "Dear {name}, thank you again for reviewing my grant application last month. The committee funded it! I would love to acknowledge you in the final report; may I use your full name, or would you prefer to stay anonymous?"),
        (SpecificRequest, "en", "Hi {name}, I'm Tom, a PhD student in Glasgow working on bird migration. Your photos from the estuary in October show ringed godwits, and the ring codes would really help our dataset. Would you share the full resolution files? Happy to credit you in the paper."),
        (SpecificRequest, "es", "Hola {name}, soy Marta, coordino el club de lectura del barrio. Leímos tu reseña de la novela de Rosa Montero y nos encantaría que vinieras a la sesión del jueves 20 para comentarla con nosotras. ¿Te animas?"),
        (SpecificRequest, "pt", "Olá {name}, sou a Inês da associação de moradores. Vimos as tuas fotografias do mercado antigo e gostaríamos de as usar na exposição de maio, com o teu nome. Podemos falar esta semana?"),
        (SpecificRequest, "fr", "Bonjour {name}, je suis Paul, j'organise la fête de quartier de juin. Ton atelier de vélo l'an dernier a eu beaucoup de succès, est-ce que tu serais partant pour le refaire cette année ? On peut payer le matériel."),
        (SpecificRequest, "de", "Hallo {name}, ich bin Lena vom Sportverein. Du hattest im Herbst angeboten, beim Jugendtraining auszuhelfen. Wir suchen jetzt jemanden für die Dienstage ab März, hättest du noch Lust und Zeit?"),
        (LinkInConversation, "en", "haha fair. the photos from saturday are up here https://photos.example.com/album/8812 you look great in the third one"),
        (LinkInConversation, "en", "here's the repo I told you about https://github.com/example-org/tiny-parser the tokenizer is in src/lexer"),
        (LinkInConversation, "en", "found it! https://www.example.com/recipes/lemon-drizzle this is the one my gran used, but half the sugar"),
        (LinkInConversation, "en", "this is the flat I mentioned https://rentals.example.org/listing/4471 viewing is at 6 if you want to come"),
        (LinkInConversation, "en", "ok the tickets are here https://tickets.example.net/event/9921 I got us row F, pay me back whenever"),
        (LinkInConversation, "en", "lol this is exactly what we were talking about https://youtu.be/aBcDeFgHiJk watch till the end"),
        (LinkInConversation, "en", "the form for the allotment waiting list: https://council.example.gov.uk/allotments deadline is friday"),
        (LinkInConversation, "en", "my slides from today, as promised: https://slides.example.com/d/xyz the benchmark numbers are on page 12"),
        (LinkInConversation, "en", "sure, here's my calendar link https://cal.example.com/mara/30min pick whatever works for the tax stuff"),
        (LinkInConversation, "es", "te paso el enlace del piso https://pisos.example.es/anuncio/5521 el dueño dice que acepta mascotas"),
        (LinkInConversation, "pt", "olha aqui o link do curso que te falei https://cursos.example.pt/ceramica começa em março"),
        (LinkInConversation, "fr", "voilà le lien pour la rando de dimanche https://rando.example.fr/sortie/88 départ 8h au parking"),
        (LinkInConversation, "de", "hier der Link zur Wohnung https://wohnung.example.de/expose/31 Besichtigung ist morgen um 17 Uhr"),
    ];

    public static IEnumerable<LabeledText> All() =>
        Texts.Select((t, i) => new LabeledText(t.Text, false, t.Category, t.Language, "own:" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
