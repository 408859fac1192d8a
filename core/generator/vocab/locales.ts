/**
 * The locales contacts come from: names (native script with a Latin transliteration where
 * the script is not Latin), cities with their time zones (and area codes where a phone
 * number starts with one), mobile number plans, e-mail providers and money.
 * To add a locale, add one entry to RAW_LOCALES; everything else is derived at load.
 */
import { Weighted } from '../random.js';
import { asciiFold } from '../text.js';

/** The languages the chatbot has transcripts for (see conversation-text.ts). */
export type ChatLanguage = 'en' | 'de' | 'fr' | 'es' | 'pt';

export interface NameEntry {
  /** As the person writes it (native script where there is one). */
  readonly display: string;
  /** The Latin transliteration (same as display for Latin scripts). */
  readonly latin: string;
  /** Lower-case a-z only, for e-mail addresses. */
  readonly ascii: string;
}

export interface City {
  readonly name: string;
  readonly latin: string;
  readonly tz: string;
  /** Mobile area codes (countries where a mobile number starts with the city's code). */
  readonly areas: readonly string[];
}

export interface Money {
  readonly code: string;
  /** Units of this currency per US dollar (rough, for plausible prices). */
  readonly rate: number;
  readonly decimals: 0 | 2;
  readonly symbol: string;
  readonly symbolAfter: boolean;
  readonly decimalSep: string;
  readonly groupSep: string;
}

export interface Locale {
  readonly tag: string;
  readonly country: string;
  /** The ISO 639-1 code people state as their preferred language. */
  readonly language: string;
  /** The language the chatbot talks to them in. */
  readonly chat: ChatLanguage;
  readonly weight: number;
  /** Share of people who give their name in Latin letters (1 for Latin-script locales). */
  readonly latinShare: number;
  /** Family name first when written natively (ja, zh, ko, vi), joined by `joiner`. */
  readonly familyFirst: boolean;
  readonly joiner: string;
  /** Share of people with a single name (common in Indonesia). */
  readonly mononymShare: number;
  readonly male: readonly NameEntry[];
  readonly female: readonly NameEntry[];
  readonly lastMale: readonly NameEntry[];
  readonly lastFemale: readonly NameEntry[];
  readonly cities: readonly City[];
  readonly phone: { readonly cc: string; readonly prefixes: readonly string[]; readonly min: number; readonly max: number; readonly afterArea: string };
  readonly domains: Weighted<string>;
  readonly money: Money;
}

interface RawLocale {
  tag: string;
  language: string;
  chat: ChatLanguage;
  weight: number;
  latinShare?: number;
  familyFirst?: boolean;
  joiner?: string;
  mononymShare?: number;
  umlauts?: boolean;
  male: string;
  female: string;
  last: string;
  /** Polish-style feminine family names: [suffix, feminine suffix]. */
  feminine?: ReadonlyArray<readonly [string, string]>;
  tz: string;
  /** `Name[:Latin][|tz][|area area...]`, separated by `;`. */
  cities: string;
  /** Calling code, national mobile prefixes (`@` = the city's area code), national number length. */
  phone: { cc: string; prefixes: string; min: number; max?: number; afterArea?: string };
  domains: Record<string, number>;
  money: Money;
}

const EUR: Money = { code: 'EUR', rate: 0.92, decimals: 2, symbol: '\u00a0€', symbolAfter: true, decimalSep: ',', groupSep: '.' };
const COMMON = { 'gmail.com': 40, 'outlook.com': 8, 'hotmail.com': 6, 'yahoo.com': 5, 'icloud.com': 4 };

const RAW_LOCALES: RawLocale[] = [
  {
    tag: 'en-US', language: 'en', chat: 'en', weight: 30, tz: 'America/New_York',
    male: 'James, Michael, Robert, David, William, Daniel, Christopher, Matthew, Anthony, Joshua, Andrew, Tyler, Brandon, Kevin, Jose, DeShawn, Ethan, Jacob',
    female: 'Mary, Jennifer, Linda, Jessica, Sarah, Ashley, Emily, Olivia, Emma, Sophia, Madison, Hannah, Chloe, Megan, Maria, Aaliyah, Brianna, Kayla',
    last: "Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Hernandez, Lopez, Wilson, Anderson, Thomas, Taylor, Moore, Jackson, Martin, Lee, Thompson, White, Harris, Clark, Lewis, Robinson, Walker, Young, Allen, King, Wright, Nguyen, O'Connor",
    cities:
      'New York||212 646 917 718; Los Angeles|America/Los_Angeles|213 310 323; Chicago|America/Chicago|312 773; Houston|America/Chicago|713 832; ' +
      'Phoenix|America/Phoenix|602 480; Philadelphia||215 267; San Antonio|America/Chicago|210; San Diego|America/Los_Angeles|619 858; ' +
      'Dallas|America/Chicago|214 972; Seattle|America/Los_Angeles|206 425; Denver|America/Denver|303 720; Boston||617 857; Miami||305 786; ' +
      'Atlanta||404 678; Portland|America/Los_Angeles|503 971; Detroit|America/Detroit|313; Minneapolis|America/Chicago|612; ' +
      'Anchorage|America/Anchorage|907; Honolulu|Pacific/Honolulu|808',
    phone: { cc: '1', prefixes: '@', min: 10 },
    domains: { ...COMMON, 'gmail.com': 45, 'yahoo.com': 10, 'aol.com': 2, 'comcast.net': 2, 'protonmail.com': 1 },
    money: { code: 'USD', rate: 1, decimals: 2, symbol: '$', symbolAfter: false, decimalSep: '.', groupSep: ',' },
  },
  {
    tag: 'en-GB', language: 'en', chat: 'en', weight: 8, tz: 'Europe/London',
    male: 'Oliver, George, Harry, Noah, Jack, Leo, Arthur, Muhammad, Oscar, Charlie, Thomas, Alfie, James, Henry',
    female: 'Amelia, Isla, Ava, Mia, Ivy, Freya, Lily, Florence, Grace, Sophie, Emily, Poppy, Olivia, Evie',
    last: 'Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Patel, Wright, Robinson, Wood, Thompson, Evans, Walker, White, Roberts, Green, Hall, Clarke, Jackson, Hughes, Khan, Murphy',
    cities: 'London; Manchester; Birmingham; Leeds; Glasgow; Liverpool; Bristol; Edinburgh; Cardiff; Belfast; Sheffield; Nottingham',
    phone: { cc: '44', prefixes: '71 73 74 75 77 78 79', min: 10 },
    domains: { ...COMMON, 'hotmail.co.uk': 6, 'btinternet.com': 3, 'yahoo.co.uk': 4, 'sky.com': 2 },
    money: { code: 'GBP', rate: 0.79, decimals: 2, symbol: '£', symbolAfter: false, decimalSep: '.', groupSep: ',' },
  },
  {
    tag: 'de-DE', language: 'de', chat: 'de', weight: 7, tz: 'Europe/Berlin', umlauts: true,
    male: 'Lukas, Leon, Finn, Jonas, Paul, Felix, Maximilian, Luca, Ben, Elias, Jürgen, Thomas, Stefan, Michael, Emre',
    female: 'Anna, Lea, Hannah, Emma, Mia, Sophie, Marie, Lena, Laura, Johanna, Sabine, Ursula, Katrin, Özlem, Jana',
    last: 'Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Schulz, Hoffmann, Schäfer, Koch, Bauer, Richter, Klein, Wolf, Schröder, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hofmann, Hartmann, Yılmaz, Kowalski',
    cities: 'Berlin; Hamburg; München; Köln; Frankfurt am Main; Stuttgart; Düsseldorf; Leipzig; Dresden; Nürnberg; Hannover; Bremen',
    phone: { cc: '49', prefixes: '151 152 157 159 160 162 163 170 171 172 173 174 175 176 177 178 179', min: 10, max: 11 },
    domains: { ...COMMON, 'gmail.com': 25, 'gmx.de': 18, 'web.de': 16, 't-online.de': 8, 'posteo.de': 2 },
    money: EUR,
  },
  {
    tag: 'fr-FR', language: 'fr', chat: 'fr', weight: 6, tz: 'Europe/Paris',
    male: 'Gabriel, Léo, Raphaël, Arthur, Louis, Lucas, Jules, Hugo, Théo, Nathan, Mathis, Mehdi, Jean-Pierre, François',
    female: 'Louise, Jade, Emma, Alice, Chloé, Léa, Manon, Camille, Inès, Zoé, Sarah, Yasmine, Anne-Sophie, Élodie',
    last: 'Martin, Bernard, Dubois, Thomas, Robert, Richard, Petit, Durand, Leroy, Moreau, Simon, Laurent, Lefèvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel, Girard, Bonnet, Benali',
    cities: 'Paris; Marseille; Lyon; Toulouse; Nice; Nantes; Strasbourg; Montpellier; Bordeaux; Lille; Rennes; Saint-Denis|Indian/Reunion',
    phone: { cc: '33', prefixes: '6 7', min: 9 },
    domains: { ...COMMON, 'gmail.com': 32, 'orange.fr': 12, 'free.fr': 8, 'laposte.net': 5, 'sfr.fr': 5, 'wanadoo.fr': 3 },
    money: { ...EUR, groupSep: '\u202f' },
  },
  {
    tag: 'es-ES', language: 'es', chat: 'es', weight: 4, tz: 'Europe/Madrid',
    male: 'Hugo, Martín, Pablo, Alejandro, Lucas, Daniel, Mateo, Álvaro, Adrián, Diego, Javier, Sergio, Jordi',
    female: 'Lucía, Sofía, Martina, María, Julia, Paula, Valeria, Emma, Daniela, Carmen, Laura, Nuria, Montserrat',
    last: 'García, Rodríguez, González, Fernández, López, Martínez, Sánchez, Pérez, Gómez, Martín, Jiménez, Ruiz, Hernández, Díaz, Moreno, Muñoz, Álvarez, Romero, Alonso, Gutiérrez, Navarro, Torres, Domínguez, Vázquez',
    cities: 'Madrid; Barcelona; Valencia; Sevilla; Zaragoza; Málaga; Bilbao; Palma; Las Palmas de Gran Canaria|Atlantic/Canary; Alicante',
    phone: { cc: '34', prefixes: '6 6 6 71 72 73', min: 9 },
    domains: { ...COMMON, 'hotmail.es': 10, 'yahoo.es': 4, 'telefonica.net': 2 },
    money: EUR,
  },
  {
    tag: 'es-MX', language: 'es', chat: 'es', weight: 5, tz: 'America/Mexico_City',
    male: 'Santiago, Mateo, Sebastián, Leonardo, Matías, Emiliano, Diego, Daniel, Alejandro, Miguel Ángel, Juan Pablo, José Luis',
    female: 'Sofía, Valentina, Regina, Camila, Ximena, Fernanda, Renata, Guadalupe, María José, Ana Paula, Andrea, Itzel',
    last: 'Hernández, García, Martínez, López, González, Pérez, Rodríguez, Sánchez, Ramírez, Cruz, Flores, Gómez, Morales, Vázquez, Reyes, Jiménez, Torres, Díaz, Gutiérrez, Ruiz, Mendoza, Aguilar, Ortiz, Castillo',
    cities:
      'Ciudad de México||55 56; Guadalajara||33; Monterrey|America/Monterrey|81; Puebla||222; Tijuana|America/Tijuana|664; León||477; ' +
      'Mérida|America/Merida|999; Cancún|America/Cancun|998; Querétaro||442; Chihuahua|America/Chihuahua|614',
    phone: { cc: '52', prefixes: '@', min: 10 },
    domains: { ...COMMON, 'hotmail.com': 16, 'yahoo.com.mx': 6, 'outlook.es': 4 },
    money: { code: 'MXN', rate: 17.5, decimals: 2, symbol: '$', symbolAfter: false, decimalSep: '.', groupSep: ',' },
  },
  {
    tag: 'pt-BR', language: 'pt', chat: 'pt', weight: 7, tz: 'America/Sao_Paulo',
    male: 'Miguel, Arthur, Gael, Heitor, Théo, Davi, Bernardo, Gabriel, Pedro, João, Lucas, Rafael, Thiago, João Pedro',
    female: 'Helena, Alice, Laura, Maria Clara, Valentina, Heloísa, Sophia, Lorena, Ana Júlia, Beatriz, Larissa, Camila, Fernanda, Gabriela',
    last: 'Silva, Santos, Oliveira, Souza, Rodrigues, Ferreira, Alves, Pereira, Lima, Gomes, Costa, Ribeiro, Martins, Carvalho, Almeida, Lopes, Soares, Fernandes, Vieira, Barbosa, Rocha, Dias, Nascimento, Araújo',
    cities:
      'São Paulo||11; Rio de Janeiro||21; Belo Horizonte||31; Brasília||61; Salvador|America/Bahia|71; Fortaleza|America/Fortaleza|85; ' +
      'Curitiba||41; Recife|America/Recife|81; Porto Alegre||51; Manaus|America/Manaus|92; Belém|America/Belem|91',
    phone: { cc: '55', prefixes: '@', min: 11, afterArea: '9' },
    domains: { ...COMMON, 'hotmail.com': 14, 'uol.com.br': 5, 'bol.com.br': 4, 'terra.com.br': 3, 'yahoo.com.br': 4 },
    money: { code: 'BRL', rate: 5.0, decimals: 2, symbol: 'R$\u00a0', symbolAfter: false, decimalSep: ',', groupSep: '.' },
  },
  {
    tag: 'it-IT', language: 'it', chat: 'en', weight: 3, tz: 'Europe/Rome',
    male: 'Leonardo, Francesco, Alessandro, Lorenzo, Mattia, Tommaso, Gabriele, Riccardo, Andrea, Marco, Giuseppe, Luca',
    female: 'Sofia, Aurora, Giulia, Ginevra, Vittoria, Beatrice, Alice, Ludovica, Emma, Chiara, Francesca, Elena',
    last: "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri, Fontana, Santoro, D'Angelo",
    cities: 'Roma; Milano; Napoli; Torino; Palermo; Genova; Bologna; Firenze; Bari; Venezia; Verona',
    phone: { cc: '39', prefixes: '320 328 329 330 333 335 338 339 340 342 345 347 348 349 351 366 380 388 389 392', min: 10 },
    domains: { ...COMMON, 'libero.it': 12, 'virgilio.it': 5, 'tiscali.it': 3, 'alice.it': 3 },
    money: EUR,
  },
  {
    tag: 'nl-NL', language: 'nl', chat: 'en', weight: 2, tz: 'Europe/Amsterdam',
    male: 'Noah, Sem, Lucas, Levi, Finn, Daan, Milan, Bram, Jesse, Thijs, Ruben, Mohammed',
    female: 'Emma, Julia, Mila, Tess, Sophie, Zoë, Nora, Sara, Anna, Eva, Lotte, Fenna',
    last: 'de Jong, Jansen, de Vries, van den Berg, van Dijk, Bakker, Janssen, Visser, Smit, Meijer, de Boer, Mulder, de Groot, Bos, Vos, Peters, Hendriks, van Leeuwen, Dekker, Brouwer, de Wit, Dijkstra, Smits, El Amrani',
    cities: 'Amsterdam; Rotterdam; Den Haag; Utrecht; Eindhoven; Groningen; Tilburg; Almere; Breda; Nijmegen',
    phone: { cc: '31', prefixes: '6', min: 9 },
    domains: { ...COMMON, 'ziggo.nl': 8, 'kpnmail.nl': 6, 'hotmail.nl': 6, 'live.nl': 4 },
    money: EUR,
  },
  {
    tag: 'pl-PL', language: 'pl', chat: 'en', weight: 2, tz: 'Europe/Warsaw',
    male: 'Antoni, Jan, Aleksander, Franciszek, Nikodem, Jakub, Stanisław, Szymon, Filip, Mikołaj, Wojciech, Łukasz',
    female: 'Zuzanna, Julia, Zofia, Hanna, Maja, Lena, Alicja, Oliwia, Natalia, Wiktoria, Agnieszka, Małgorzata',
    last: 'Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański, Woźniak, Dąbrowski, Kozłowski, Jankowski, Mazur, Kwiatkowski, Krawczyk, Piotrowski, Grabowski, Nowakowski, Pawłowski, Michalski, Król, Wieczorek, Jabłoński',
    feminine: [['ski', 'ska'], ['cki', 'cka'], ['dzki', 'dzka']],
    cities: 'Warszawa; Kraków; Łódź; Wrocław; Poznań; Gdańsk; Szczecin; Lublin; Katowice; Białystok',
    phone: { cc: '48', prefixes: '50 51 53 57 60 66 69 72 73 78 79 88', min: 9 },
    domains: { ...COMMON, 'wp.pl': 12, 'o2.pl': 8, 'onet.pl': 8, 'interia.pl': 6 },
    money: { code: 'PLN', rate: 4.0, decimals: 2, symbol: '\u00a0zł', symbolAfter: true, decimalSep: ',', groupSep: '\u00a0' },
  },
  {
    tag: 'sv-SE', language: 'sv', chat: 'en', weight: 1.5, tz: 'Europe/Stockholm',
    male: 'William, Liam, Noah, Hugo, Lucas, Oliver, Elias, Adam, Alexander, Erik, Lars, Anders, Johan, Karl',
    female: 'Alice, Maja, Vera, Elsa, Astrid, Selma, Ella, Wilma, Ebba, Saga, Anna, Kristina, Ingrid, Linnéa',
    last: 'Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, Svensson, Gustafsson, Pettersson, Jonsson, Jansson, Hansson, Bengtsson, Jönsson, Lindberg, Lindström, Lindqvist, Berg, Axelsson, Bergström, Lundberg, Åberg',
    cities: 'Stockholm; Göteborg; Malmö; Uppsala; Västerås; Örebro; Linköping; Helsingborg; Umeå; Luleå',
    phone: { cc: '46', prefixes: '70 72 73 76 79', min: 9 },
    domains: { ...COMMON, 'telia.com': 6, 'hotmail.se': 8, 'live.se': 4, 'bredband.net': 2 },
    money: { code: 'SEK', rate: 10.5, decimals: 2, symbol: '\u00a0kr', symbolAfter: true, decimalSep: ',', groupSep: '\u00a0' },
  },
  {
    tag: 'tr-TR', language: 'tr', chat: 'en', weight: 2, tz: 'Europe/Istanbul',
    male: 'Yusuf, Eymen, Ömer, Mustafa, Mehmet, Ahmet, Emir, Ali, Kerem, Burak, Can, Emre',
    female: 'Zeynep, Elif, Defne, Asel, Azra, Eylül, Ecrin, Nehir, Ayşe, Fatma, Büşra, Merve',
    last: 'Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç, Aslan, Çetin, Kara, Koç, Kurt, Özkan, Şimşek, Polat, Korkmaz, Erdoğan, Aksoy',
    cities: 'İstanbul; Ankara; İzmir; Bursa; Antalya; Adana; Konya; Gaziantep; Kayseri; Eskişehir',
    phone: { cc: '90', prefixes: '501 505 506 507 530 531 532 533 534 535 536 537 538 539 541 542 543 544 545 546 551 552 553 554 555 559', min: 10 },
    domains: { ...COMMON, 'hotmail.com': 16, 'yandex.com.tr': 4, 'mynet.com': 2 },
    money: { code: 'TRY', rate: 34, decimals: 2, symbol: '₺', symbolAfter: false, decimalSep: ',', groupSep: '.' },
  },
  {
    tag: 'ar-EG', language: 'ar', chat: 'en', weight: 2, tz: 'Africa/Cairo', latinShare: 0.45,
    male: 'محمد:Mohamed, أحمد:Ahmed, محمود:Mahmoud, مصطفى:Mostafa, عمر:Omar, يوسف:Youssef, علي:Ali, خالد:Khaled, إبراهيم:Ibrahim, كريم:Karim, حسن:Hassan, طارق:Tarek',
    female: 'فاطمة:Fatma, مريم:Mariam, نور:Nour, سارة:Sara, هبة:Heba, منى:Mona, ياسمين:Yasmin, آية:Aya, دينا:Dina, رنا:Rana, ملك:Malak, شيماء:Shaimaa',
    last: 'حسن:Hassan, إبراهيم:Ibrahim, عبد الله:Abdallah, السيد:El-Sayed, محمود:Mahmoud, عبد الرحمن:Abdelrahman, مصطفى:Mostafa, علي:Ali, فاروق:Farouk, الشريف:El-Sherif, سليمان:Soliman, نصر:Nasr, منصور:Mansour, عثمان:Osman',
    cities: 'القاهرة:Cairo; الإسكندرية:Alexandria; الجيزة:Giza; المنصورة:Mansoura; طنطا:Tanta; أسوان:Aswan; الأقصر:Luxor; بورسعيد:Port Said',
    phone: { cc: '20', prefixes: '10 11 12 15', min: 10 },
    domains: { ...COMMON, 'yahoo.com': 12, 'hotmail.com': 12 },
    money: { code: 'EGP', rate: 48, decimals: 2, symbol: '\u00a0ج.م', symbolAfter: true, decimalSep: '.', groupSep: ',' },
  },
  {
    tag: 'hi-IN', language: 'hi', chat: 'en', weight: 6, tz: 'Asia/Kolkata', latinShare: 0.65,
    male: 'राहुल:Rahul, अमित:Amit, आरव:Aarav, विवान:Vivaan, अर्जुन:Arjun, रोहन:Rohan, सुरेश:Suresh, विक्रम:Vikram, आदित्य:Aditya, संजय:Sanjay, करण:Karan, अनिल:Anil',
    female: 'प्रिया:Priya, अनन्या:Ananya, दीपिका:Deepika, पूजा:Pooja, नेहा:Neha, कविता:Kavita, सुनीता:Sunita, अदिति:Aditi, ईशा:Isha, मीरा:Meera, श्रेया:Shreya, आंचल:Anchal',
    last: 'शर्मा:Sharma, वर्मा:Verma, गुप्ता:Gupta, सिंह:Singh, कुमार:Kumar, पटेल:Patel, जोशी:Joshi, मेहता:Mehta, अग्रवाल:Agarwal, रेड्डी:Reddy, नायर:Nair, यादव:Yadav, चौधरी:Chaudhary, मिश्रा:Mishra, कपूर:Kapoor, भट्ट:Bhatt',
    cities: 'मुंबई:Mumbai; दिल्ली:Delhi; बेंगलुरु:Bengaluru; हैदराबाद:Hyderabad; चेन्नई:Chennai; कोलकाता:Kolkata; पुणे:Pune; अहमदाबाद:Ahmedabad; जयपुर:Jaipur; लखनऊ:Lucknow',
    phone: { cc: '91', prefixes: '6 7 8 9 9 9', min: 10 },
    domains: { ...COMMON, 'gmail.com': 55, 'rediffmail.com': 5, 'yahoo.co.in': 6 },
    money: { code: 'INR', rate: 84, decimals: 2, symbol: '₹', symbolAfter: false, decimalSep: '.', groupSep: ',' },
  },
  {
    tag: 'ja-JP', language: 'ja', chat: 'en', weight: 3, tz: 'Asia/Tokyo', latinShare: 0.2, familyFirst: true, joiner: ' ',
    male: '翔太:Shota, 大輝:Daiki, 蓮:Ren, 悠真:Yuma, 拓海:Takumi, 健太:Kenta, 翼:Tsubasa, 陽翔:Haruto, 湊:Minato, 誠:Makoto, 浩二:Koji, 直樹:Naoki',
    female: '美咲:Misaki, 陽菜:Hina, 結衣:Yui, 葵:Aoi, さくら:Sakura, 凛:Rin, 芽衣:Mei, 愛:Ai, 由美:Yumi, 恵子:Keiko, 彩花:Ayaka, 美月:Mizuki',
    last: '佐藤:Sato, 鈴木:Suzuki, 高橋:Takahashi, 田中:Tanaka, 伊藤:Ito, 渡辺:Watanabe, 山本:Yamamoto, 中村:Nakamura, 小林:Kobayashi, 加藤:Kato, 吉田:Yoshida, 山田:Yamada, 佐々木:Sasaki, 山口:Yamaguchi, 松本:Matsumoto, 井上:Inoue',
    cities: '東京:Tokyo; 大阪:Osaka; 横浜:Yokohama; 名古屋:Nagoya; 札幌:Sapporo; 福岡:Fukuoka; 神戸:Kobe; 京都:Kyoto; 仙台:Sendai',
    phone: { cc: '81', prefixes: '70 80 90', min: 10 },
    domains: { ...COMMON, 'yahoo.co.jp': 14, 'docomo.ne.jp': 5, 'ezweb.ne.jp': 3, 'icloud.com': 10 },
    money: { code: 'JPY', rate: 150, decimals: 0, symbol: '¥', symbolAfter: false, decimalSep: '.', groupSep: ',' },
  },
  {
    tag: 'zh-CN', language: 'zh', chat: 'en', weight: 3, tz: 'Asia/Shanghai', latinShare: 0.15, familyFirst: true, joiner: '',
    male: '伟:Wei, 强:Qiang, 磊:Lei, 洋:Yang, 勇:Yong, 军:Jun, 杰:Jie, 涛:Tao, 浩然:Haoran, 子轩:Zixuan, 宇航:Yuhang, 俊杰:Junjie',
    female: '芳:Fang, 娜:Na, 敏:Min, 静:Jing, 丽:Li, 婷:Ting, 雪:Xue, 欣怡:Xinyi, 梓涵:Zihan, 雨桐:Yutong, 佳怡:Jiayi, 诗涵:Shihan',
    last: '王:Wang, 李:Li, 张:Zhang, 刘:Liu, 陈:Chen, 杨:Yang, 黄:Huang, 赵:Zhao, 吴:Wu, 周:Zhou, 徐:Xu, 孙:Sun, 马:Ma, 朱:Zhu, 胡:Hu, 郭:Guo',
    cities: "北京:Beijing; 上海:Shanghai; 广州:Guangzhou; 深圳:Shenzhen; 成都:Chengdu; 杭州:Hangzhou; 武汉:Wuhan; 西安:Xi'an; 南京:Nanjing; 重庆:Chongqing; 乌鲁木齐:Urumqi|Asia/Urumqi",
    phone: { cc: '86', prefixes: '130 131 132 133 135 136 137 138 139 150 151 152 155 156 158 159 177 180 181 185 186 187 188 189 199', min: 11 },
    domains: { 'qq.com': 35, '163.com': 25, '126.com': 10, 'sina.com': 6, 'gmail.com': 8, 'outlook.com': 6 },
    money: { code: 'CNY', rate: 7.2, decimals: 2, symbol: '¥', symbolAfter: false, decimalSep: '.', groupSep: ',' },
  },
  {
    tag: 'ko-KR', language: 'ko', chat: 'en', weight: 2, tz: 'Asia/Seoul', latinShare: 0.2, familyFirst: true, joiner: '',
    male: '민준:Minjun, 서준:Seojun, 도윤:Doyun, 예준:Yejun, 시우:Siwoo, 하준:Hajun, 지호:Jiho, 현우:Hyunwoo, 성민:Sungmin, 동현:Donghyun, 준호:Junho, 영수:Youngsoo',
    female: '서연:Seoyeon, 서윤:Seoyun, 지우:Jiwoo, 하은:Haeun, 민서:Minseo, 지민:Jimin, 수빈:Subin, 예은:Yeeun, 유진:Yujin, 지현:Jihyun, 은지:Eunji, 혜진:Hyejin',
    last: '김:Kim, 이:Lee, 박:Park, 최:Choi, 정:Jung, 강:Kang, 조:Cho, 윤:Yoon, 장:Jang, 임:Lim, 한:Han, 오:Oh, 서:Seo, 신:Shin',
    cities: '서울:Seoul; 부산:Busan; 인천:Incheon; 대구:Daegu; 대전:Daejeon; 광주:Gwangju; 수원:Suwon; 울산:Ulsan',
    phone: { cc: '82', prefixes: '10', min: 10 },
    domains: { 'naver.com': 40, 'gmail.com': 25, 'daum.net': 12, 'hanmail.net': 8, 'kakao.com': 5 },
    money: { code: 'KRW', rate: 1350, decimals: 0, symbol: '₩', symbolAfter: false, decimalSep: '.', groupSep: ',' },
  },
  {
    tag: 'id-ID', language: 'id', chat: 'en', weight: 3, tz: 'Asia/Jakarta', mononymShare: 0.2,
    male: 'Budi, Agus, Andi, Rizky, Dimas, Fajar, Yoga, Hendra, Arief, Bayu, Eko, Muhammad',
    female: 'Siti, Dewi, Putri, Ayu, Nur, Rina, Sri, Indah, Wulan, Fitri, Lestari, Ratna',
    last: 'Santoso, Wijaya, Saputra, Pratama, Hidayat, Kusuma, Nugroho, Setiawan, Gunawan, Susanto, Halim, Wibowo, Siregar, Nasution, Simanjuntak, Hakim',
    cities: 'Jakarta; Surabaya; Bandung; Medan; Semarang; Makassar|Asia/Makassar; Denpasar|Asia/Makassar; Yogyakarta; Balikpapan|Asia/Makassar; Jayapura|Asia/Jayapura',
    phone: { cc: '62', prefixes: '811 812 813 821 822 823 852 853 857 858 877 878 895 896', min: 10, max: 12 },
    domains: { ...COMMON, 'gmail.com': 55, 'yahoo.co.id': 8 },
    money: { code: 'IDR', rate: 15800, decimals: 0, symbol: 'Rp\u00a0', symbolAfter: false, decimalSep: ',', groupSep: '.' },
  },
  {
    tag: 'vi-VN', language: 'vi', chat: 'en', weight: 2, tz: 'Asia/Ho_Chi_Minh', familyFirst: true, joiner: ' ',
    male: 'An, Bảo, Dũng, Hùng, Khoa, Long, Minh, Nam, Phúc, Quang, Tuấn, Việt',
    female: 'Anh, Chi, Hà, Hương, Lan, Linh, Mai, Ngọc, Nhung, Thảo, Trang, Vy',
    last: 'Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý',
    cities: 'Hà Nội; Thành phố Hồ Chí Minh; Đà Nẵng; Hải Phòng; Cần Thơ; Nha Trang; Huế; Biên Hòa',
    phone: { cc: '84', prefixes: '32 33 34 35 36 37 38 39 56 58 70 76 77 78 79 81 82 83 84 85 86 88 89 90 91 93 94 96 97 98', min: 9 },
    domains: { ...COMMON, 'gmail.com': 60, 'yahoo.com.vn': 6 },
    money: { code: 'VND', rate: 25000, decimals: 0, symbol: '\u00a0₫', symbolAfter: true, decimalSep: ',', groupSep: '.' },
  },
];

function nameList(raw: string, umlauts: boolean): NameEntry[] {
  return raw.split(',').map((item) => {
    const [display, latin] = item.trim().split(':') as [string, string | undefined];
    const l = latin ?? display;
    return { display, latin: l, ascii: asciiFold(l, umlauts) };
  });
}

function feminize(entries: NameEntry[], rules: ReadonlyArray<readonly [string, string]> | undefined): NameEntry[] {
  if (!rules) return entries;
  const swap = (s: string): string => {
    for (const [from, to] of rules) if (s.endsWith(from)) return s.slice(0, -from.length) + to;
    return s;
  };
  return entries.map((e) => ({ display: swap(e.display), latin: swap(e.latin), ascii: swap(e.ascii) }));
}

function cityList(raw: string, defaultTz: string): City[] {
  return raw.split(';').map((item) => {
    const [names, tz, areas] = item.trim().split('|') as [string, string | undefined, string | undefined];
    const [name, latin] = names.split(':') as [string, string | undefined];
    return { name, latin: latin ?? name, tz: tz || defaultTz, areas: areas ? areas.split(' ') : [] };
  });
}

function build(raw: RawLocale): Locale {
  const umlauts = raw.umlauts ?? false;
  const last = nameList(raw.last, umlauts);
  const cities = cityList(raw.cities, raw.tz);
  if (raw.phone.prefixes === '@' && cities.some((c) => c.areas.length === 0)) throw new Error(`${raw.tag}: a city has no area code`);
  return {
    tag: raw.tag,
    country: raw.tag.slice(-2),
    language: raw.language,
    chat: raw.chat,
    weight: raw.weight,
    latinShare: raw.latinShare ?? 1,
    familyFirst: raw.familyFirst ?? false,
    joiner: raw.joiner ?? ' ',
    mononymShare: raw.mononymShare ?? 0,
    male: nameList(raw.male, umlauts),
    female: nameList(raw.female, umlauts),
    lastMale: last,
    lastFemale: feminize(last, raw.feminine),
    cities,
    phone: { cc: raw.phone.cc, prefixes: raw.phone.prefixes.split(' '), min: raw.phone.min, max: raw.phone.max ?? raw.phone.min, afterArea: raw.phone.afterArea ?? '' },
    domains: new Weighted(Object.entries(raw.domains)),
    money: raw.money,
  };
}

export const LOCALES: readonly Locale[] = RAW_LOCALES.map(build);
export const LOCALE_TABLE = new Weighted(LOCALES.map((l) => [l, l.weight] as const));

/** A price in a locale's money, rounded the way shops price things (19.99, ¥19,800). */
export function localPrice(usd: number, money: Money): number {
  const raw = usd * money.rate;
  if (money.decimals === 2) return raw < 5 ? Math.round(raw * 100) / 100 : Math.floor(raw) + 0.99;
  const unit = raw >= 100_000 ? 1000 : raw >= 1000 ? 100 : 1;
  return Math.max(unit, Math.round(raw / unit) * unit);
}

export function formatMoney(amount: number, money: Money): string {
  const fixed = amount.toFixed(money.decimals);
  const dot = fixed.indexOf('.');
  const whole = dot < 0 ? fixed : fixed.slice(0, dot);
  let grouped = '';
  for (let k = 0; k < whole.length; k++) {
    if (k > 0 && (whole.length - k) % 3 === 0) grouped += money.groupSep;
    grouped += whole[k];
  }
  const num = dot < 0 ? grouped : grouped + money.decimalSep + fixed.slice(dot + 1);
  return money.symbolAfter ? num + money.symbol : money.symbol + num;
}
