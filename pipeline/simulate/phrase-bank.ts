/**
 * The phrase bank: idiomatic empathic expressions, by the 10 sub-components of the taxonomy in
 * STUDY.md (4 categories), many variants each, built around the examples the paper gives
 * ("So sorry to hear this", "Tell me more", "What happened?", "I can understand how you're
 * feeling; it feels terrible when…", "That's how it feels when you work so hard", "I'm with
 * you", "Don't worry", "Never mind, life will give you many opportunities", "Why don't you talk
 * to HR?", "Be courageous"). Slots `{feeling}`, `{event}` and `{hard}` are filled from the
 * scenario (scenarios.ts); advice and self-oriented phrases also draw on the scenario's own
 * lists. Data only.
 */

/** The 10 sub-components of the taxonomy (STUDY.md); MEASURED_BY maps six of them to dimensions. */
export const SUB_COMPONENTS = [
  'validating',
  'availability',
  'sympathy',
  'understanding',
  'elaboration',
  'reassuring',
  'affirming',
  'advice',
  'dismissing',
  'self_oriented',
] as const;
export type SubComponent = (typeof SUB_COMPONENTS)[number];

export const CATEGORY: Readonly<Record<SubComponent, 'affective' | 'cognitive' | 'motivational' | 'misattuned'>> = {
  validating: 'affective',
  availability: 'affective',
  sympathy: 'affective',
  understanding: 'cognitive',
  elaboration: 'cognitive',
  reassuring: 'motivational',
  affirming: 'motivational',
  advice: 'misattuned',
  dismissing: 'misattuned',
  self_oriented: 'misattuned',
};

/** Generic phrases; advice and self_oriented add the scenario's own (scenarios.ts). */
export const PHRASES: Readonly<Record<SubComponent, readonly string[]>> = {
  sympathy: [
    'So sorry to hear this.',
    "I'm so sorry you're going through this.",
    "I'm really sorry.",
    'Oh no, I am so sorry.',
    "I'm sorry to hear about {event}.",
    "That's awful, I'm so sorry.",
    'My heart goes out to you.',
    'Oh, that is really tough. I am sorry.',
    "I'm so sorry, that's a lot to take in.",
    'Sorry you have to deal with {event}.',
    'That is so unfair, I am sorry.',
    'Ugh, I am really sorry that happened.',
  ],
  validating: [
    'It makes complete sense that you feel {feeling}.',
    "Anyone would feel {feeling} after {event}.",
    "That's how it feels when you work so hard and it isn't seen.",
    'Your feelings are completely valid.',
    "It's okay to feel {feeling} right now.",
    'Of course you are {feeling}, this is a big deal.',
    'Feeling {feeling} is a natural response to {event}.',
    "It's understandable to be {feeling}; {hard} is painful.",
    "You have every right to feel {feeling}.",
    "No wonder you feel {feeling}.",
    'It is normal to feel all over the place with {event}.',
    "That's a really hard thing to carry, and it's okay that it hurts.",
    'Feeling like this after {event} is completely understandable.',
  ],
  availability: [
    "I'm with you.",
    "I'm here for you.",
    "I'm here to listen for as long as you need.",
    "You don't have to go through this alone, I'm here.",
    'I am here if you want to keep talking.',
    "Take your time, I'm not going anywhere.",
    "I'm right here with you.",
    "Whenever you need to vent, I'm here.",
  ],
  understanding: [
    "I can understand how you're feeling; it feels terrible when {hard}.",
    'It sounds like {hard} has really worn you down.',
    "So what I'm hearing is that it isn't only {event}, it is also feeling alone with it.",
    'It sounds like you feel {feeling} and also a bit lost about what comes next.',
    'If I understand you right, the hardest part is {hard}.',
    "It sounds like you've been carrying this by yourself for a while.",
    'I get the sense that {event} has shaken how you see things.',
    'That sounds incredibly heavy, especially {hard}.',
    'It seems like part of you is {feeling} and part of you is still in shock.',
    "I can imagine how much {hard} weighs on you.",
    'It sounds like you put so much into this, and that makes it hurt more.',
    'I hear how much this matters to you.',
  ],
  elaboration: [
    'Tell me more.',
    'What happened?',
    'How are you feeling about it right now?',
    'Can you tell me more about what that has been like?',
    'What has been the hardest part for you?',
    'How are you holding up?',
    'Do you want to talk about it?',
    'What was going through your mind when you found out?',
    'How has {event} been affecting you day to day?',
    'Is there anyone around you who knows what you are going through?',
    'What do you think you need most right now?',
    'How did you find out?',
    "What's weighing on you the most?",
  ],
  reassuring: [
    "Things will get better, I'm sure of it.",
    'It will work out in the end.',
    "You'll get through this.",
    'This will pass, even if it does not feel like it now.',
    "I'm sure everything will be fine.",
    'Better days are ahead.',
    'It is going to be okay.',
    "You're going to come out of this stronger.",
  ],
  affirming: [
    'Be courageous.',
    "You're stronger than you think.",
    'You clearly care a lot, and that says a lot about you.',
    "You've handled hard things before.",
    'It takes courage to talk about this.',
    "You're doing the best you can, and that counts.",
    'Stay strong.',
    'You are clearly a hard worker.',
  ],
  advice: [
    'Have you thought about writing down how you feel?',
    'You should try to get some rest and eat something.',
    'Maybe go for a walk to clear your head.',
    'You need to focus on the positives.',
    "Why don't you talk to someone you trust about it?",
    'Try not to overthink it.',
  ],
  dismissing: [
    "Don't worry.",
    'Never mind, life will give you many opportunities.',
    "Don't be so hard on yourself, it's not a big deal.",
    "Look on the bright side, it could be worse.",
    "Try not to think about it too much.",
    "Everything happens for a reason.",
    "Don't let it get to you.",
    "At least it's not worse.",
    "Cheer up!",
    "It's really not the end of the world.",
    "You'll forget about it soon.",
    'Just stay positive and move on.',
  ],
  self_oriented: [
    'I know exactly how you feel, the same thing happened to me.',
    'That reminds me of something I went through.',
    'I have had a really rough week too.',
    'I always deal with things like this by keeping busy.',
    "Honestly, I'd be furious if I were you.",
  ],
};

/** Short supporter lines for a message that carries no tagged expression. */
export const NEUTRAL_SUPPORTER: readonly string[] = [
  'Okay.',
  'I see.',
  'Hmm, that is a lot.',
  'Right.',
  'Wow.',
  'Yeah.',
  'Oh.',
  'Okay, I get it.',
];

/**
 * How the seeker answers what the supporter just did, by the strongest tag of the supporter's
 * last message; followed by a detail of the story (scenarios.ts).
 */
export const SEEKER_REACTIONS: Readonly<Record<'elaboration' | 'understood' | 'advice' | 'dismissed' | 'self_oriented' | 'neutral', readonly string[]>> = {
  elaboration: ['Where do I start.', 'Honestly, it is hard to put into words.', 'Thanks for asking.', 'Okay, so.', ''],
  understood: ['Thank you, it really helps to hear that.', 'Yes, exactly.', 'That is it, yes.', 'Thanks for saying that.', 'It means a lot that you get it.'],
  advice: ["I've thought about that, but it's not that simple.", 'Maybe, I just am not there yet.', 'I know I should, I just feel stuck.', "I appreciate the suggestion, but that's not really what I need right now."],
  dismissed: ["I know you mean well, but it doesn't feel that way.", "It's hard not to worry.", "It's not that easy.", 'I wish I could just stop thinking about it.'],
  self_oriented: ["I'm sorry you went through that too.", 'Oh, that sounds hard as well.', 'I guess everyone has something.'],
  neutral: ['Yeah.', '', 'I just feel lost.', 'Anyway.'],
};
