/**
 * Chat transcripts of "Nova", the assistant of Lumo Home (a shop for smart-home devices with
 * Lumo Care plans), per language. A question and its answer are written as a pair, so a
 * transcript always answers what was asked. Slots in braces are filled per conversation (see
 * text.ts). Every language has the same keys; a locale without its own language chats in English.
 */
import { compile, compileAll, type Template } from '../text.js';
import type { ChatLanguage } from './locales.js';

export const INTENTS = ['smalltalk', 'order', 'pricing', 'refund', 'hours', 'tech'] as const;
export type Intent = (typeof INTENTS)[number];

type Pair<T> = readonly [question: T, answer: T];

interface IntentLines<T> {
  /** The person's first question and the bot's answer. */
  open: ReadonlyArray<Pair<T>>;
  /** Follow-up questions and the bot's answers. */
  more: ReadonlyArray<Pair<T>>;
  /** What an agent says once they have looked into it after a handoff. */
  agent: readonly T[];
}

interface Lines<T> {
  greeting: readonly T[];
  handoffAsk: readonly T[];
  handoffBot: readonly T[];
  agentHello: readonly T[];
  agentHelloAnon: readonly T[];
  /** What people write to an agent who has just joined. */
  toAgent: readonly T[];
  /** Generic exchanges once the topic is exhausted (answered by the bot or the agent); the first answer offers more help. */
  filler: ReadonlyArray<Pair<T>>;
  agentBye: readonly T[];
  thanks: readonly T[];
  botBye: readonly T[];
  nudge: readonly T[];
  intents: Record<Intent, IntentLines<T>>;
}

export type LanguageText = Lines<Template> & { days: readonly string[] };

const EN: Lines<string> = {
  greeting: [
    "Hi! I'm {bot}, Lumo's virtual assistant. How can I help you today?",
    "Hello 👋 I'm {bot}. Ask me anything about your order, your devices or your plan.",
    "Welcome to Lumo Home! I'm {bot}, how can I help?",
    'Hi there! {bot} here. What can I do for you?',
  ],
  handoffAsk: ['Can I talk to a human?', 'I want to speak to an agent', 'agent please', "This isn't helping. Can I talk to a real person?", 'human'],
  handoffBot: [
    "Sure, I'm connecting you with a member of our team. The usual wait is under 5 minutes.",
    "Of course. I've passed the conversation to our support team; someone will join shortly.",
  ],
  agentHello: [
    "Hi {first}, this is {agent} from Lumo support. I've read the conversation, let me look into it.",
    'Hello {first}! {agent} here, thanks for waiting.',
    "Hi {first}, {agent} from the support team. I'm checking this for you now.",
  ],
  agentHelloAnon: ["Hi, this is {agent} from Lumo support. I've read the conversation, one moment please.", 'Hello! {agent} here, thanks for waiting.'],
  toAgent: ['ok, thanks', 'Thank you. It really is urgent.', "It's about order {order}", 'I already explained everything to the bot...', 'ok'],
  filler: [
    ['ok', 'Is there anything else I can help you with?'],
    ['one more question: do you sell gift cards?', 'Yes! Digital gift cards from 25 to 500, delivered by e-mail within minutes.'],
    ['How long will that take?', 'Usually 1-2 business days. You will get an e-mail as soon as it is done.'],
    ['I see', 'Let me know if there is anything else.'],
  ],
  agentBye: ['Is there anything else I can help with? Have a great day!', "You're all set. Thanks for your patience, and have a nice {day}!", 'Glad we could sort it out. Take care!'],
  thanks: ['thanks!', 'Great, thank you', 'ok thx', 'Perfect 👍', "That's all, thanks", 'thank you so much!!'],
  botBye: ["You're welcome! Have a great day 😊", 'Happy to help. If you need anything else, just write here!', 'Anytime! Have a nice {day}.'],
  nudge: ['hello?', '??', 'are you still there?', 'Hello???'],
  intents: {
    smalltalk: {
      open: [
        ['hi', 'Hi! What can I help you with today? You can ask about orders, devices, plans or returns.'],
        ['hello', 'Hello! How can I help?'],
        ['Hi, anyone there?', "I'm here! I'm a virtual assistant and I can help with orders, devices and plans."],
        ['👋', 'Hi there 👋 What can I do for you?'],
        ['good morning', 'Good morning! How can I help you today?'],
      ],
      more: [
        ['is this a bot?', 'Yes, I am a virtual assistant, but I can bring in a person whenever you like.'],
        ['what can you do?', 'I can track orders, answer questions about our devices and plans, and start returns.'],
        ['just looking around', 'Sure! Our best sellers right now are the {product} and the Lumo Hub.'],
      ],
      agent: ["I'm here now. What would you like to know?", 'Happy to help with anything you need.'],
    },
    order: {
      open: [
        ['Where is my order {order}?', 'Let me check. Order {order} shipped on {day} and is in transit. You can follow it here: https://track.lumo-home.com/{ref}'],
        ["hi, my order {order} still hasn't arrived", 'Sorry about the wait! Order {order} is with the carrier and should arrive within 2 business days.'],
        ['Can you tell me when order {order} will be delivered?', 'Order {order} is being prepared at our warehouse and will ship within 24 hours.'],
        ["I ordered a {product} last week and the tracking hasn't updated", 'I found your order {order} for the {product}: the carrier scanned it this morning, so it is moving again.'],
        ['order status {order}', 'Order {order}: shipped on {day}, expected delivery in 1-2 business days.'],
      ],
      more: [
        ["It says delivered but I don't have it", "Carriers sometimes mark a parcel as delivered a little early. If it hasn't arrived by tomorrow evening, we'll open an investigation."],
        ['Can I change the delivery address?', "Address changes are possible until the parcel ships. I've added a note to your order."],
        ['ok and can I pick it up instead?', "You can pick up any order at one of our partner points; I'll send you the list by e-mail."],
        ["the tracking link doesn't work", 'Sorry about that! Here is the direct link: https://track.lumo-home.com/{ref}'],
        ['Is it possible to deliver it on {day}?', "I can't choose the day, but the carrier's app lets you pick a time slot once the parcel is out for delivery."],
      ],
      agent: [
        "I've checked with the warehouse: order {order} will be re-shipped today at no cost.",
        'The carrier confirmed the parcel is at their depot in {city}. It will be delivered on {day}.',
        "I've opened an investigation with the carrier (reference {ref}). You'll hear from us within 48 hours.",
      ],
    },
    pricing: {
      open: [
        ['How much is the Pro plan?', 'Lumo Care Pro is billed monthly or yearly and adds professional monitoring and unlimited devices to Plus.'],
        ["What's the difference between Plus and Pro?", 'Plus includes 30 days of video history; Pro adds professional monitoring and unlimited devices.'],
        ['do you have a discount for students?', 'Yes: students get 20% off any Lumo Care plan with a valid student e-mail address.'],
        ['How much does the {product} cost?', 'The {product} is {amount} including VAT, and shipping is free on this item.'],
        ['Is there an annual plan?', 'Yes: annual plans save two months compared with monthly billing.'],
      ],
      more: [
        ['Can I cancel anytime?', 'Yes, you can cancel anytime in the app under Settings → Plan; you keep access until the end of the period.'],
        ['does the price include tax?', 'Prices on the website include VAT where it applies.'],
        ['Do you ship to {city}?', 'Yes, we deliver to {city} in 2-4 business days.'],
        ['What payment methods do you accept?', 'We accept cards, PayPal, Apple Pay and Google Pay.'],
        ['is there a bundle with the {product}?', 'Yes, the Starter Bundle has the {product}, a Lumo Hub and two motion sensors.'],
      ],
      agent: ['I can offer you 20% off the first year of {plan} if you order today.', "For 10 or more devices we have business pricing; I'll e-mail you a quote."],
    },
    refund: {
      open: [
        ['I want to return my {product}', "No problem. You can return any item within 30 days. I've started a return for order {order}; you'll get a prepaid label by e-mail."],
        ["I'd like a refund for order {order}", 'Refunds go back to the original payment method within 5-10 business days after we receive the item.'],
        ['The {product} arrived broken, I want my money back', "I'm sorry to hear that! Could you send a photo of the damage? Then we can refund you or send a replacement right away."],
        ['how do I get a refund?', 'Start a return at https://lumo-home.com/returns with your order number; the refund follows once the item arrives.'],
      ],
      more: [
        ['I already sent it back two weeks ago', 'Thanks! Returns usually take 3-5 days to reach our warehouse; let me check where it is.'],
        ['Can I get store credit instead?', 'Yes, store credit is issued immediately once the carrier scans the return.'],
        ["I don't have the original box", 'No problem, any sturdy box will do.'],
        ['When will I get the money?', 'Within 5-10 business days after the item reaches our warehouse.'],
      ],
      agent: ["I've issued the refund of {amount}; you'll see it in 5-10 business days.", "I see the return arrived on {day}. I've pushed the refund through manually, sorry for the wait."],
    },
    hours: {
      open: [
        ['What are your opening hours?', "Our support team is available Monday to Friday, 8am-8pm, and Saturday 9am-5pm. I'm here 24/7!"],
        ['Is the store in {city} open on Sunday?', 'The {city} store is open Monday to Saturday, 10am-7pm, and closed on Sundays.'],
        ['When is customer service available?', 'Our agents answer Monday to Friday, 8am-8pm, and Saturday 9am-5pm.'],
        ['are you open today?', 'Yes! The stores are open today until 7pm, and I can help you right here anytime.'],
      ],
      more: [
        ['And on public holidays?', 'On public holidays the stores close at 4pm.'],
        ['Can I book an appointment?', 'Yes, you can book a free 30-minute appointment here: https://lumo-home.com/stores/book'],
        ['where exactly is the store?', 'You can find the address and a map at https://lumo-home.com/stores'],
      ],
      agent: ["I've booked you in at our {city} store for {day} at 11am."],
    },
    tech: {
      open: [
        ["My {product} won't connect to wifi", "Let's fix that. Please unplug the {product} for 10 seconds and plug it back in. Does the light turn blue?"],
        ['The app keeps crashing when I open the camera', 'Sorry about that! Please update the app to the latest version and try again.'],
        ['{product} is offline since yesterday', 'Let me help. Is your router on and are other devices online? Sometimes a router update changes the wifi settings.'],
        ["I can't log in to my account", 'You can reset your password at https://lumo-home.com/reset. The link arrives by e-mail within a minute.'],
        ['the light blinks red, what does it mean?', 'A red blinking light means the device lost its connection. Is your router on 2.4 GHz?'],
      ],
      more: [
        ['Still not working', 'Thanks for trying. Next, hold the reset button for 5 seconds until the light flashes white, then add the device again in the app.'],
        ['which app version do I need?', 'Version 4.12 or newer. You can see yours under Settings → About.'],
        ["It turned blue but it's still offline in the app", 'Please pull down to refresh the device list; it can take a minute to show up.'],
        ['My router is new', 'Then the device still has the old wifi saved. Our setup guide walks you through it: https://help.lumo-home.com/setup'],
      ],
      agent: [
        "I can see the {product} hasn't reported since {day}. I've escalated it to our technical team (ticket {ref}).",
        "This looks like a faulty unit. I'm sending you a replacement {product} free of charge.",
      ],
    },
  },
};

const DE: Lines<string> = {
  greeting: ['Hallo! Ich bin {bot}, die virtuelle Assistentin von Lumo. Wie kann ich helfen?', 'Hallo 👋 Hier ist {bot}. Fragen Sie mich zu Bestellungen, Geräten oder Ihrem Tarif.'],
  handoffAsk: ['Kann ich mit einem Menschen sprechen?', 'Ich möchte mit einem Mitarbeiter sprechen', 'Mitarbeiter bitte'],
  handoffBot: ['Gern, ich verbinde Sie mit unserem Team. Die Wartezeit beträgt meist unter 5 Minuten.'],
  agentHello: ['Hallo {first}, hier ist {agent} vom Lumo-Support. Ich habe den Verlauf gelesen und schaue mir das an.', 'Guten Tag {first}! {agent} hier, danke fürs Warten.'],
  agentHelloAnon: ['Hallo, hier ist {agent} vom Lumo-Support. Einen Moment bitte.'],
  toAgent: ['ok, danke', 'Es geht um die Bestellung {order}', 'Ich habe dem Bot schon alles erklärt...'],
  filler: [
    ['ok', 'Kann ich sonst noch etwas für Sie tun?'],
    ['Wie lange dauert das?', 'In der Regel 1-2 Werktage. Sie bekommen eine E-Mail, sobald es erledigt ist.'],
    ['Verstehe', 'Melden Sie sich gern, wenn noch etwas ist.'],
  ],
  agentBye: ['Kann ich sonst noch etwas für Sie tun? Einen schönen Tag noch!', 'Alles erledigt. Danke für Ihre Geduld!'],
  thanks: ['Danke!', 'Super, vielen Dank', 'ok danke', 'Perfekt 👍'],
  botBye: ['Gern geschehen! Einen schönen Tag 😊', 'Gern! Wenn noch etwas ist, schreiben Sie einfach hier.'],
  nudge: ['Hallo?', '??', 'Ist da noch jemand?'],
  intents: {
    smalltalk: {
      open: [
        ['hallo', 'Hallo! Wobei kann ich helfen? Bestellungen, Geräte, Tarife oder Rücksendungen.'],
        ['Guten Morgen', 'Guten Morgen! Wie kann ich helfen?'],
        ['Hallo, ist da jemand?', 'Ja, ich bin da! Ich bin eine virtuelle Assistentin und helfe bei Bestellungen, Geräten und Tarifen.'],
      ],
      more: [
        ['Bist du ein Bot?', 'Ja, ich bin eine virtuelle Assistentin, aber ich hole gern jemanden aus dem Team dazu.'],
        ['Verkauft ihr Gutscheine?', 'Ja, digitale Gutscheine von 25 bis 500 – sie kommen in wenigen Minuten per E-Mail.'],
      ],
      agent: ['Ich bin jetzt da. Was möchten Sie wissen?'],
    },
    order: {
      open: [
        ['Wo ist meine Bestellung {order}?', 'Ich sehe nach. Bestellung {order} wurde am {day} verschickt und ist unterwegs: https://track.lumo-home.com/{ref}'],
        ['Meine Bestellung {order} ist immer noch nicht da', 'Entschuldigung! Bestellung {order} ist beim Versanddienstleister und kommt in 2 Werktagen an.'],
        ['Wann wird die Bestellung {order} geliefert?', 'Bestellung {order} wird gerade im Lager gepackt und verlässt es innerhalb von 24 Stunden.'],
      ],
      more: [
        ['Da steht zugestellt, aber ich habe nichts bekommen', 'Manchmal wird ein Paket etwas zu früh als zugestellt markiert. Wenn es morgen Abend nicht da ist, starten wir einen Nachforschungsauftrag.'],
        ['Kann ich die Lieferadresse ändern?', 'Adressänderungen sind bis zum Versand möglich. Ich habe es an der Bestellung vermerkt.'],
        ['Der Link funktioniert nicht', 'Entschuldigung! Hier ist der direkte Link: https://track.lumo-home.com/{ref}'],
      ],
      agent: ['Ich habe mit dem Lager gesprochen: Bestellung {order} wird heute kostenlos neu verschickt.', 'Ich habe einen Nachforschungsauftrag gestartet (Referenz {ref}).'],
    },
    pricing: {
      open: [
        ['Was ist der Unterschied zwischen Plus und Pro?', 'Lumo Care Plus enthält 30 Tage Videoverlauf; Pro bietet zusätzlich professionelle Überwachung.'],
        ['Was kostet der {product}?', 'Der {product} kostet {amount} inkl. MwSt., der Versand ist kostenlos.'],
      ],
      more: [
        ['Kann ich jederzeit kündigen?', 'Ja, Sie können jederzeit in der App unter Einstellungen → Tarif kündigen.'],
        ['Liefert ihr nach {city}?', 'Ja, nach {city} liefern wir in 2-4 Werktagen.'],
        ['Welche Zahlungsarten gibt es?', 'Karte, PayPal, Apple Pay, Google Pay und Kauf auf Rechnung.'],
      ],
      agent: ['Ich kann Ihnen 20 % Rabatt auf das erste Jahr {plan} anbieten.'],
    },
    refund: {
      open: [
        ['Ich möchte meinen {product} zurückgeben', 'Kein Problem. Sie können jeden Artikel innerhalb von 30 Tagen zurückgeben. Das Rücksendeetikett kommt per E-Mail.'],
        ['Ich hätte gern eine Erstattung für Bestellung {order}', 'Die Erstattung erfolgt 5-10 Werktage nach Eingang der Ware.'],
        ['Der {product} kam kaputt an', 'Das tut mir leid! Schicken Sie uns ein Foto des Schadens, dann erstatten wir oder schicken sofort Ersatz.'],
      ],
      more: [
        ['Ich habe den Originalkarton nicht mehr', 'Kein Problem, jeder stabile Karton ist in Ordnung.'],
        ['Wann bekomme ich mein Geld?', 'Innerhalb von 5-10 Werktagen, nachdem die Ware bei uns angekommen ist.'],
      ],
      agent: ['Ich habe die Erstattung über {amount} ausgelöst; sie ist in 5-10 Werktagen auf Ihrem Konto.'],
    },
    hours: {
      open: [
        ['Wie sind eure Öffnungszeiten?', 'Unser Support ist Montag bis Freitag von 8 bis 20 Uhr und samstags von 9 bis 17 Uhr erreichbar.'],
        ['Hat der Laden in {city} am Sonntag offen?', 'Der Laden in {city} hat Montag bis Samstag von 10 bis 19 Uhr geöffnet, sonntags ist er geschlossen.'],
      ],
      more: [
        ['Und an Feiertagen?', 'An Feiertagen schließen die Läden um 16 Uhr.'],
        ['Kann ich einen Termin buchen?', 'Ja, hier: https://lumo-home.com/de/stores/book'],
      ],
      agent: ['Ich habe Ihnen einen Termin in {city} am {day} um 11 Uhr gebucht.'],
    },
    tech: {
      open: [
        ['Mein {product} verbindet sich nicht mit dem WLAN', 'Bitte trennen Sie den {product} für 10 Sekunden vom Strom. Leuchtet das Licht danach blau?'],
        ['Die App stürzt ab, wenn ich die Kamera öffne', 'Das tut mir leid! Bitte aktualisieren Sie die App und versuchen Sie es erneut.'],
        ['Das Licht blinkt rot, was heißt das?', 'Rotes Blinken bedeutet, dass die Verbindung verloren ging. Funkt Ihr Router auf 2,4 GHz?'],
      ],
      more: [
        ['Geht immer noch nicht', 'Halten Sie bitte die Reset-Taste 5 Sekunden gedrückt, bis das Licht weiß blinkt, und fügen Sie das Gerät neu hinzu.'],
        ['Der Router ist neu', 'Dann ist noch das alte WLAN gespeichert. Die Anleitung hilft Schritt für Schritt: https://help.lumo-home.com/de/setup'],
      ],
      agent: ['Ich habe das an unser Technikteam weitergegeben (Ticket {ref}).', 'Das Gerät scheint defekt zu sein. Ich schicke Ihnen kostenlos einen neuen {product}.'],
    },
  },
};

const FR: Lines<string> = {
  greeting: ["Bonjour ! Je suis {bot}, l'assistante virtuelle de Lumo. Comment puis-je vous aider ?", 'Bonjour 👋 Ici {bot}. Posez-moi vos questions sur vos commandes, vos appareils ou votre abonnement.'],
  handoffAsk: ['Je peux parler à un humain ?', 'Je voudrais parler à un conseiller', 'conseiller svp'],
  handoffBot: ["Bien sûr, je vous mets en relation avec notre équipe. L'attente est en général de moins de 5 minutes."],
  agentHello: ["Bonjour {first}, ici {agent} du support Lumo. J'ai lu la conversation, je regarde tout de suite.", 'Bonjour {first} ! {agent} à votre écoute, merci de votre patience.'],
  agentHelloAnon: ['Bonjour, ici {agent} du support Lumo. Un instant, je vous prie.'],
  toAgent: ['ok merci', "C'est pour la commande {order}", "J'ai déjà tout expliqué au robot..."],
  filler: [
    ['ok', 'Puis-je vous aider pour autre chose ?'],
    ['Ça prend combien de temps ?', 'En général 1 à 2 jours ouvrés. Vous recevrez un e-mail dès que c’est fait.'],
    ['Je vois', "N'hésitez pas si vous avez d'autres questions."],
  ],
  agentBye: ['Puis-je vous aider pour autre chose ? Bonne journée !', "C'est réglé. Merci de votre patience !"],
  thanks: ['Merci !', 'Super, merci beaucoup', 'ok merci', 'Parfait 👍'],
  botBye: ['Avec plaisir ! Bonne journée 😊', "Je vous en prie. N'hésitez pas à écrire ici si besoin."],
  nudge: ['Allô ?', '??', 'Il y a quelqu’un ?'],
  intents: {
    smalltalk: {
      open: [
        ['bonjour', 'Bonjour ! Je peux vous aider avec une commande, un appareil, un abonnement ou un retour.'],
        ['Bonjour, il y a quelqu’un ?', 'Oui, je suis là ! Je suis une assistante virtuelle. Que puis-je faire pour vous ?'],
      ],
      more: [
        ['Tu es un robot ?', 'Oui, je suis une assistante virtuelle, mais je peux faire appel à un conseiller à tout moment.'],
        ['Vous vendez des cartes cadeaux ?', 'Oui, des cartes cadeaux numériques de 25 à 500, envoyées par e-mail.'],
      ],
      agent: ['Je suis là. Que souhaitez-vous savoir ?'],
    },
    order: {
      open: [
        ['Où est ma commande {order} ?', 'Je vérifie. La commande {order} a été expédiée {day} et elle est en route : https://track.lumo-home.com/{ref}'],
        ["Ma commande {order} n'est toujours pas arrivée", 'Désolée pour l’attente ! La commande {order} est chez le transporteur et arrivera sous 2 jours ouvrés.'],
      ],
      more: [
        ["C'est marqué livré mais je n'ai rien reçu", "Il arrive qu'un colis soit marqué livré un peu tôt. S'il n'est pas là demain soir, nous ouvrirons une enquête."],
        ["Je peux changer l'adresse de livraison ?", "Le changement d'adresse est possible jusqu'à l'expédition. Je l'ai noté sur la commande."],
      ],
      agent: ["J'ai vu avec l'entrepôt : la commande {order} sera réexpédiée aujourd'hui sans frais.", "J'ai ouvert une enquête auprès du transporteur (référence {ref})."],
    },
    pricing: {
      open: [
        ['Quelle est la différence entre Plus et Pro ?', "Lumo Care Plus inclut 30 jours d'historique vidéo ; Pro ajoute la télésurveillance."],
        ['Combien coûte le {product} ?', 'Le {product} coûte {amount} TTC, livraison offerte.'],
      ],
      more: [
        ['Je peux résilier quand je veux ?', "Oui, vous pouvez résilier à tout moment dans l'application, rubrique Réglages → Abonnement."],
        ['Vous livrez à {city} ?', 'Oui, nous livrons à {city} en 2 à 4 jours ouvrés.'],
      ],
      agent: ['Je peux vous proposer 20 % sur la première année de {plan}.'],
    },
    refund: {
      open: [
        ['Je veux retourner mon {product}', "Pas de souci. Vous pouvez retourner tout article sous 30 jours. L'étiquette de retour vous est envoyée par e-mail."],
        ['Le {product} est arrivé cassé', 'Désolée ! Envoyez-nous une photo des dégâts et nous vous remboursons ou vous envoyons un remplacement.'],
      ],
      more: [
        ["Je n'ai plus le carton d'origine", "Pas de souci, n'importe quel carton solide fera l'affaire."],
        ['Quand serai-je remboursé ?', 'Sous 5 à 10 jours ouvrés après réception de l’article.'],
      ],
      agent: ["J'ai lancé le remboursement de {amount} ; vous le verrez sous 5 à 10 jours ouvrés."],
    },
    hours: {
      open: [
        ["Quels sont vos horaires d'ouverture ?", 'Notre service client répond du lundi au vendredi de 8 h à 20 h et le samedi de 9 h à 17 h.'],
        ['Le magasin de {city} est ouvert le dimanche ?', 'Le magasin de {city} est ouvert du lundi au samedi de 10 h à 19 h, fermé le dimanche.'],
      ],
      more: [
        ['Et les jours fériés ?', 'Les jours fériés, les magasins ferment à 16 h.'],
        ['Je peux prendre rendez-vous ?', 'Oui, ici : https://lumo-home.com/fr/stores/book'],
      ],
      agent: ['Je vous ai réservé un créneau au magasin de {city} {day} à 11 h.'],
    },
    tech: {
      open: [
        ['Mon {product} ne se connecte pas au wifi', 'Débranchez le {product} 10 secondes puis rebranchez-le. Le voyant devient-il bleu ?'],
        ["L'appli plante quand j'ouvre la caméra", "Désolée ! Mettez l'application à jour puis réessayez."],
      ],
      more: [
        ['Ça ne marche toujours pas', "Maintenez le bouton reset 5 secondes jusqu'à ce que le voyant clignote en blanc, puis ajoutez l'appareil à nouveau."],
        ['Ma box est neuve', "L'appareil a encore l'ancien wifi en mémoire. Le guide vous aide pas à pas : https://help.lumo-home.com/fr/setup"],
      ],
      agent: ["J'ai transmis à l'équipe technique (ticket {ref}).", "L'appareil semble défectueux : je vous envoie un nouveau {product} gratuitement."],
    },
  },
};

const ES: Lines<string> = {
  greeting: ['¡Hola! Soy {bot}, la asistente virtual de Lumo. ¿En qué puedo ayudarte?', 'Hola 👋 Soy {bot}. Pregúntame por tus pedidos, dispositivos o tu plan.'],
  handoffAsk: ['¿Puedo hablar con una persona?', 'Quiero hablar con un agente', 'agente por favor'],
  handoffBot: ['Claro, te paso con nuestro equipo. La espera suele ser de menos de 5 minutos.'],
  agentHello: ['Hola {first}, soy {agent} del soporte de Lumo. Ya leí la conversación, lo reviso ahora.', '¡Hola {first}! Soy {agent}, gracias por esperar.'],
  agentHelloAnon: ['Hola, soy {agent} del soporte de Lumo. Un momento, por favor.'],
  toAgent: ['ok gracias', 'Es por el pedido {order}', 'Ya le expliqué todo al bot...'],
  filler: [
    ['ok', '¿Te puedo ayudar con algo más?'],
    ['¿Cuánto tarda?', 'Normalmente 1 a 2 días hábiles. Te llegará un correo en cuanto esté listo.'],
    ['Entiendo', 'Si tienes otra pregunta, aquí estoy.'],
  ],
  agentBye: ['¿Te puedo ayudar con algo más? ¡Que tengas buen día!', 'Listo. ¡Gracias por tu paciencia!'],
  thanks: ['¡Gracias!', 'Genial, muchas gracias', 'ok gracias', 'Perfecto 👍'],
  botBye: ['¡De nada! Que tengas un buen día 😊', 'Con gusto. Si necesitas algo más, escríbeme aquí.'],
  nudge: ['¿Hola?', '??', '¿Sigues ahí?'],
  intents: {
    smalltalk: {
      open: [
        ['hola', '¡Hola! Puedo ayudarte con pedidos, dispositivos, planes o devoluciones.'],
        ['Hola, ¿hay alguien?', '¡Aquí estoy! Soy una asistente virtual. ¿Qué necesitas?'],
      ],
      more: [
        ['¿Eres un bot?', 'Sí, soy una asistente virtual, pero puedo pasarte con una persona cuando quieras.'],
        ['¿Venden tarjetas de regalo?', 'Sí, tarjetas de regalo digitales de 25 a 500, llegan por correo en minutos.'],
      ],
      agent: ['Ya estoy aquí. ¿Qué necesitas?'],
    },
    order: {
      open: [
        ['¿Dónde está mi pedido {order}?', 'Lo reviso. El pedido {order} salió el {day} y está en camino: https://track.lumo-home.com/{ref}'],
        ['Mi pedido {order} todavía no ha llegado', '¡Perdón por la espera! El pedido {order} está con la paquetería y llegará en 2 días hábiles.'],
      ],
      more: [
        ['Dice entregado pero no lo tengo', 'A veces la paquetería marca un paquete como entregado antes de tiempo. Si mañana por la tarde no ha llegado, abrimos una investigación.'],
        ['¿Puedo cambiar la dirección de entrega?', 'Puedes cambiarla hasta que se envíe. Ya lo anoté en tu pedido.'],
      ],
      agent: ['Hablé con el almacén: el pedido {order} se reenvía hoy sin costo.', 'Abrí una investigación con la paquetería (referencia {ref}).'],
    },
    pricing: {
      open: [
        ['¿Qué diferencia hay entre Plus y Pro?', 'Lumo Care Plus incluye 30 días de historial de video; Pro añade monitoreo profesional.'],
        ['¿Cuánto cuesta el {product}?', 'El {product} cuesta {amount} con impuestos incluidos y el envío es gratis.'],
      ],
      more: [
        ['¿Puedo cancelar cuando quiera?', 'Sí, puedes cancelar cuando quieras desde la app, en Ajustes → Plan.'],
        ['¿Envían a {city}?', 'Sí, enviamos a {city} en 2 a 4 días hábiles.'],
      ],
      agent: ['Te puedo ofrecer un 20 % de descuento en el primer año de {plan}.'],
    },
    refund: {
      open: [
        ['Quiero devolver mi {product}', 'Sin problema. Puedes devolver cualquier artículo en 30 días; te enviamos la etiqueta por correo.'],
        ['El {product} llegó roto', '¡Lo siento mucho! Envíanos una foto del daño y te reembolsamos o te mandamos uno nuevo.'],
      ],
      more: [
        ['Ya no tengo la caja original', 'No hay problema, cualquier caja resistente sirve.'],
        ['¿Cuándo me devuelven el dinero?', 'En 5 a 10 días hábiles después de recibir el artículo.'],
      ],
      agent: ['Ya emití el reembolso de {amount}; lo verás en 5 a 10 días hábiles.'],
    },
    hours: {
      open: [
        ['¿Cuál es su horario?', 'Nuestro soporte atiende de lunes a viernes de 8 a 20 h y los sábados de 9 a 17 h.'],
        ['¿La tienda de {city} abre el domingo?', 'La tienda de {city} abre de lunes a sábado de 10 a 19 h; los domingos está cerrada.'],
      ],
      more: [
        ['¿Y en días festivos?', 'En días festivos las tiendas cierran a las 16 h.'],
        ['¿Puedo reservar una cita?', 'Sí, aquí: https://lumo-home.com/es/stores/book'],
      ],
      agent: ['Te reservé una cita en la tienda de {city} el {day} a las 11 h.'],
    },
    tech: {
      open: [
        ['Mi {product} no se conecta al wifi', 'Desconecta el {product} 10 segundos y vuelve a conectarlo. ¿La luz se pone azul?'],
        ['La app se cierra cuando abro la cámara', '¡Lo siento! Actualiza la app a la última versión y prueba de nuevo.'],
      ],
      more: [
        ['Sigue sin funcionar', 'Mantén pulsado el botón de reinicio 5 segundos hasta que la luz parpadee en blanco y vuelve a añadir el dispositivo.'],
        ['Mi router es nuevo', 'Entonces el equipo aún tiene guardado el wifi anterior. La guía te ayuda paso a paso: https://help.lumo-home.com/es/setup'],
      ],
      agent: ['Lo pasé al equipo técnico (ticket {ref}).', 'Parece un equipo defectuoso: te envío un {product} nuevo sin costo.'],
    },
  },
};

const PT: Lines<string> = {
  greeting: ['Oi! Eu sou a {bot}, assistente virtual da Lumo. Como posso ajudar?', 'Olá 👋 Aqui é a {bot}. Pergunte sobre seus pedidos, dispositivos ou seu plano.'],
  handoffAsk: ['Posso falar com um atendente?', 'Quero falar com uma pessoa', 'atendente por favor'],
  handoffBot: ['Claro, estou transferindo você para nossa equipe. A espera costuma ser de menos de 5 minutos.'],
  agentHello: ['Oi {first}, aqui é {agent} do suporte da Lumo. Já li a conversa, vou verificar.', 'Olá {first}! {agent} aqui, obrigado por aguardar.'],
  agentHelloAnon: ['Olá, aqui é {agent} do suporte da Lumo. Um momento, por favor.'],
  toAgent: ['ok obrigado', 'É sobre o pedido {order}', 'Já expliquei tudo pro robô...'],
  filler: [
    ['ok', 'Posso ajudar em mais alguma coisa?'],
    ['Quanto tempo demora?', 'Normalmente 1 a 2 dias úteis. Você recebe um e-mail assim que estiver pronto.'],
    ['Entendi', 'Se tiver outra dúvida, é só chamar.'],
  ],
  agentBye: ['Posso ajudar em mais alguma coisa? Tenha um ótimo dia!', 'Tudo certo. Obrigado pela paciência!'],
  thanks: ['Obrigado!', 'Valeu!', 'ok obrigada', 'Perfeito 👍'],
  botBye: ['Por nada! Tenha um ótimo dia 😊', 'Disponha. Se precisar de algo, é só escrever aqui.'],
  nudge: ['Oi?', '??', 'Tem alguém aí?'],
  intents: {
    smalltalk: {
      open: [
        ['oi', 'Oi! Posso ajudar com pedidos, dispositivos, planos ou trocas.'],
        ['Oi, tem alguém aí?', 'Estou aqui! Sou uma assistente virtual. Como posso ajudar?'],
      ],
      more: [
        ['Você é um robô?', 'Sim, sou uma assistente virtual, mas posso chamar uma pessoa quando quiser.'],
        ['Vocês vendem vale-presente?', 'Sim, vales-presente digitais de 25 a 500, enviados por e-mail.'],
      ],
      agent: ['Estou aqui agora. Como posso ajudar?'],
    },
    order: {
      open: [
        ['Cadê meu pedido {order}?', 'Vou verificar. O pedido {order} foi enviado e está a caminho: https://track.lumo-home.com/{ref}'],
        ['Meu pedido {order} ainda não chegou', 'Desculpe a demora! O pedido {order} está com a transportadora e chega em 2 dias úteis.'],
      ],
      more: [
        ['Diz entregue mas não recebi', 'Às vezes a transportadora marca como entregue antes da hora. Se não chegar até amanhã à noite, abrimos uma investigação.'],
        ['Posso mudar o endereço de entrega?', 'Dá para mudar o endereço até o envio. Já anotei no pedido.'],
      ],
      agent: ['Falei com o estoque: o pedido {order} será reenviado hoje sem custo.', 'Abri uma investigação com a transportadora (referência {ref}).'],
    },
    pricing: {
      open: [
        ['Qual a diferença entre Plus e Pro?', 'O Lumo Care Plus inclui 30 dias de histórico de vídeo; o Pro adiciona monitoramento profissional.'],
        ['Quanto custa o {product}?', 'O {product} custa {amount} e o frete é grátis.'],
      ],
      more: [
        ['Posso cancelar quando quiser?', 'Sim, você cancela quando quiser pelo app, em Configurações → Plano.'],
        ['Vocês entregam em {city}?', 'Sim, entregamos em {city} em 2 a 4 dias úteis.'],
        ['Dá para parcelar?', 'Sim, em até 10x sem juros no cartão.'],
      ],
      agent: ['Consigo oferecer 20% de desconto no primeiro ano do {plan}.'],
    },
    refund: {
      open: [
        ['Quero devolver meu {product}', 'Sem problema! Você pode devolver qualquer item em até 30 dias; a etiqueta chega por e-mail.'],
        ['O {product} chegou quebrado', 'Sinto muito! Mande uma foto do defeito e fazemos o reembolso ou enviamos outro.'],
      ],
      more: [
        ['Não tenho mais a caixa original', 'Sem problema, qualquer caixa resistente serve.'],
        ['Quando recebo o dinheiro?', 'Em 5 a 10 dias úteis depois que recebermos o item.'],
      ],
      agent: ['Já fiz o reembolso de {amount}; aparece em 5 a 10 dias úteis.'],
    },
    hours: {
      open: [
        ['Qual o horário de atendimento?', 'Nosso suporte atende de segunda a sexta das 8h às 20h e aos sábados das 9h às 17h.'],
        ['A loja de {city} abre no domingo?', 'A loja de {city} abre de segunda a sábado das 10h às 19h; aos domingos fica fechada.'],
      ],
      more: [
        ['E nos feriados?', 'Nos feriados as lojas fecham às 16h.'],
        ['Posso agendar um horário?', 'Pode sim: https://lumo-home.com/pt/stores/book'],
      ],
      agent: ['Agendei para você na loja de {city}, {day} às 11h.'],
    },
    tech: {
      open: [
        ['Meu {product} não conecta no wifi', 'Tire o {product} da tomada por 10 segundos e ligue de novo. A luz fica azul?'],
        ['O app fecha quando abro a câmera', 'Sinto muito! Atualize o app para a versão mais recente e tente de novo.'],
      ],
      more: [
        ['Continua sem funcionar', 'Segure o botão de reset por 5 segundos até a luz piscar branco e adicione o aparelho de novo.'],
        ['Meu roteador é novo', 'Então o aparelho ainda tem o wifi antigo salvo. O guia ajuda passo a passo: https://help.lumo-home.com/pt/setup'],
      ],
      agent: ['Encaminhei para a equipe técnica (chamado {ref}).', 'Parece defeito: vou enviar um {product} novo sem custo.'],
    },
  },
};

const DAYS: Record<ChatLanguage, readonly string[]> = {
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  de: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
  fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  es: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
  pt: ['segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado'],
};

function compilePairs(pairs: ReadonlyArray<Pair<string>>): Array<Pair<Template>> {
  return pairs.map(([q, a]) => [compile(q), compile(a)] as const);
}

function compileLines(lines: Lines<string>, language: ChatLanguage): LanguageText {
  const intents = {} as Record<Intent, IntentLines<Template>>;
  for (const intent of INTENTS) {
    const l = lines.intents[intent];
    intents[intent] = { open: compilePairs(l.open), more: compilePairs(l.more), agent: compileAll(l.agent) };
  }
  return {
    greeting: compileAll(lines.greeting),
    handoffAsk: compileAll(lines.handoffAsk),
    handoffBot: compileAll(lines.handoffBot),
    agentHello: compileAll(lines.agentHello),
    agentHelloAnon: compileAll(lines.agentHelloAnon),
    toAgent: compileAll(lines.toAgent),
    filler: compilePairs(lines.filler),
    agentBye: compileAll(lines.agentBye),
    thanks: compileAll(lines.thanks),
    botBye: compileAll(lines.botBye),
    nudge: compileAll(lines.nudge),
    intents,
    days: DAYS[language],
  };
}

export const CHAT_TEXT: Record<ChatLanguage, LanguageText> = {
  en: compileLines(EN, 'en'),
  de: compileLines(DE, 'de'),
  fr: compileLines(FR, 'fr'),
  es: compileLines(ES, 'es'),
  pt: compileLines(PT, 'pt'),
};

/** Conversation summaries, written by the platform in English (general enough for every opening of the intent). */
export const SUMMARIES: Record<Intent, Template[]> = {
  smalltalk: compileAll(['Visitor greeted the bot and asked general questions.', 'Short chat with no specific request.']),
  order: compileAll(['Asked about order {order}; delivery status shared.', 'Delivery question about order {order}; carrier status checked.']),
  pricing: compileAll(['Pricing question; plans and prices explained.', 'Asked about prices and the Lumo Care plans.']),
  refund: compileAll(['Asked for a return or refund; return process explained.', 'Refund request; return instructions sent.']),
  hours: compileAll(['Asked about opening or support hours.', 'Opening hours question.']),
  tech: compileAll(['Technical issue reported; troubleshooting steps given.', 'Needed help with a device or the app; instructions sent.']),
};
export const SUMMARY_HANDOFF = compileAll([' Handed off to {agent}.', ' Escalated to {agent}, who took over.']);
export const SYSTEM_JOINED = compileAll(['{agent} joined the conversation', '{agent} was assigned to this conversation']);
