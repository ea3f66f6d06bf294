/**
 * The four Lend an Ear scenarios (STUDY.md, Design) as data: what the seeker (the LLM playing a
 * person in trouble) says, and the scenario-specific words the supporter's phrases are filled
 * with. `{slot}` marks a word chosen per conversation (`fixed`) or per use (`slots`). Seeker lines speak of "my {relative}", supporter lines of
 * "your {relative}".
 */

export interface ScenarioSpec {
  readonly id: string;
  readonly label: string;
  /** Chosen once per conversation, e.g. who was diagnosed. */
  readonly fixed: Readonly<Record<string, readonly string[]>>;
  /** Chosen afresh at each use. */
  readonly slots: Readonly<Record<string, readonly string[]>>;
  /** The seeker's first message. */
  readonly openings: readonly string[];
  /** The seeker's later messages: more of the story, more of the feeling. */
  readonly details: readonly string[];
  /** Unsolicited advice that fits this trouble (the supporter's advice_giving). */
  readonly advice: readonly string[];
  /** The supporter turning to their own story (self_oriented). */
  readonly selfStories: readonly string[];
}

export const SCENARIOS: readonly ScenarioSpec[] = [
  {
    id: 'cancer_diagnosis',
    label: 'A family member diagnosed with cancer',
    fixed: {
      relative: ['mum', 'dad', 'sister', 'brother', 'grandmother', 'husband', 'wife', 'aunt', 'best friend'],
      cancer: ['breast cancer', 'lung cancer', 'colon cancer', 'pancreatic cancer', 'lymphoma', 'ovarian cancer', 'prostate cancer'],
    },
    slots: {
      feeling: ['scared', 'terrified', 'helpless', 'overwhelmed', 'numb', 'heartbroken', 'anxious', 'lost'],
      event: ["your {relative}'s diagnosis", 'this news', 'the diagnosis', "what's happening with your {relative}"],
      hard: ['waiting for results', 'watching someone you love go through this', 'not knowing what comes next', 'hearing the word cancer'],
    },
    openings: [
      'I just found out my {relative} has {cancer} and I honestly don\'t know how to process it.',
      'My {relative} was diagnosed with {cancer} last week. I keep thinking about it all day.',
      'I got a call yesterday. My {relative} has {cancer}. I feel like the ground disappeared under me.',
      "Sorry, I need to talk to someone. The doctors told us my {relative} has {cancer} and I can't stop shaking.",
      'My {relative} has been tired for months and now we know why. It\'s {cancer}.',
      "I don't even know where to start. My {relative} has {cancer} and everything feels unreal.",
    ],
    details: [
      'They want to start chemo in two weeks, and nobody can tell us yet how far it has spread.',
      'My {relative} is trying to stay positive, but I can see how frightened they are.',
      "I keep googling survival rates at night even though I know I shouldn't.",
      'I live three hours away, so I feel guilty that I can\'t be there for every appointment.',
      'We were supposed to go on a trip together this summer. Now everything is on hold.',
      'Honestly I feel {feeling} most of the time, and then I feel bad for making it about me.',
      'The worst part is the waiting. The scan results come back on Friday.',
      'My {relative} has always been the strong one in the family. Seeing them scared is hard.',
      "I haven't told my kids yet. I don't know what to say to them.",
      'Everyone keeps telling me to stay strong, but I just feel {feeling}.',
      'I cried in the car after the appointment and then had to go back to work like nothing happened.',
      "I'm scared of losing my {relative}. I don't think I could handle it.",
    ],
    advice: [
      'Why don\'t you ask the doctors for a second opinion?',
      'You should look into support groups for families dealing with cancer.',
      'Have you tried talking to the oncology nurse? They usually know a lot.',
      'Maybe take some time off work so you can be with your {relative}.',
      'You should stop reading survival statistics online, they only make it worse.',
      'Try to get a notebook and write down every question for the next appointment.',
      'You could set up a rota with your family so you are not doing everything alone.',
      'Look into the treatment options at a bigger hospital, they might have trials.',
    ],
    selfStories: [
      'My uncle had cancer a few years ago and it was the hardest time of my life.',
      'I went through the same thing with my grandfather, so I know exactly what this is like.',
      'When my mom was sick I barely slept for a year.',
      'I remember when my aunt was diagnosed, I was a mess for weeks.',
    ],
  },
  {
    id: 'job_loss',
    label: 'Losing a job',
    fixed: {
      years: ['three', 'five', 'seven', 'ten', 'twelve'],
      company: ['a logistics company', 'a marketing agency', 'a hospital billing office', 'a software startup', 'a retail chain', 'a bank'],
    },
    slots: {
      feeling: ['shocked', 'humiliated', 'worthless', 'anxious', 'angry', 'lost', 'ashamed', 'blindsided'],
      event: ['losing your job', 'being let go', 'what happened at work', 'the layoff'],
      hard: ['losing something you gave years to', 'not knowing how the bills will get paid', 'being let go without warning'],
    },
    openings: [
      'I was laid off today after {years} years at {company}. I\'m still in shock.',
      "I lost my job this morning. They called me into a meeting and it was over in ten minutes.",
      'After {years} years at {company} they told me my position was eliminated. I feel {feeling}.',
      "I don't know how to tell my family that I just got fired.",
      "My company did layoffs today and I was one of them. I can't believe it.",
      'I just got let go from {company}. I gave them {years} years and they walked me out with a box.',
    ],
    details: [
      'I have rent due in two weeks and I have no idea how I\'m going to pay it.',
      'They didn\'t even give a real reason, just "restructuring".',
      'I keep replaying the meeting in my head, wondering what I did wrong.',
      'Everyone on my team found out before I did, which makes it even worse.',
      'I was the one who trained half the people who are still there.',
      'I feel {feeling}. Like all that work meant nothing to them.',
      "I haven't applied for a job in {years} years. I don't even know where to start.",
      'My partner has been supportive, but I can tell they are worried too.',
      'I woke up at six out of habit and then remembered I have nowhere to go.',
      'I keep thinking people will judge me for being let go.',
      'The severance is only a month of pay. That is not a lot of time.',
    ],
    advice: [
      "Why don't you update your CV and start applying right away?",
      'You should file for unemployment benefits today.',
      'Have you tried reaching out to your old colleagues on LinkedIn?',
      'You could use this as a chance to change careers.',
      'Talk to HR about a better severance package.',
      'Make a budget now so you know how long your savings will last.',
      'You should look at temp agencies in the meantime.',
      'Maybe sign up for a course to build new skills while you look.',
    ],
    selfStories: [
      'I got laid off in 2020 and it took me eight months to find something.',
      'The same thing happened to me at my last job, they let go of half the office.',
      "I've been fired before too, so I know the feeling.",
      'My brother lost his job last year and he was fine in the end.',
    ],
  },
  {
    id: 'passed_over_promotion',
    label: 'Being passed over for a promotion',
    fixed: {
      role: ['team lead', 'senior analyst', 'product marketing manager', 'head nurse', 'store manager', 'senior engineer'],
      colleague: ['a colleague who joined a year after me', "my manager's friend", 'someone from another team', 'a newer colleague'],
    },
    slots: {
      feeling: ['discouraged', 'invisible', 'undervalued', 'frustrated', 'embarrassed', 'disappointed', 'bitter'],
      event: ['being passed over', 'not getting the promotion', "what your manager decided", 'this decision'],
      hard: ['working that hard and not being recognised', 'watching someone else get the role you earned', 'putting so much of yourself into your work'],
    },
    openings: [
      "I'm feeling so discouraged. I just got passed over for the {role} promotion I was working hard for.",
      'They gave the {role} role to {colleague}. I really thought it was going to be me.',
      'I found out today I didn\'t get the promotion to {role}. I feel {feeling}.',
      "I've been doing the {role} job unofficially for a year, and they just gave the title to {colleague}.",
      'I got passed over for promotion again. That is the second time in two years.',
    ],
    details: [
      'I stayed late almost every night and took on extra projects to show I was ready.',
      'My manager said I "wasn\'t quite there yet" but couldn\'t tell me what was missing.',
      "Now I have to congratulate {colleague} and pretend I'm happy for them.",
      'It just feels like a punch in the gut, you know?',
      "Honestly I'm not sure why they passed me over. I wonder if it's something I can't control.",
      'I feel {feeling}, like nobody notices what I do.',
      'I was already telling my family I would probably get it. Now I have to tell them I didn\'t.',
      'I used to love this job. Lately it\'s hard to stay motivated at all.',
      'Part of me wants to quit, but I don\'t know if that is just the anger talking.',
      'I keep wondering if I should have spoken up more in meetings.',
      'It felt like the natural next step, a way to see my hard work pay off.',
    ],
    advice: [
      'Why don\'t you ask your manager for concrete feedback on what you need to improve?',
      'You should start looking for a job at a company that values you.',
      'Talk to HR about how the decision was made.',
      'Ask for a raise instead, since you are already doing the work.',
      'You should document everything you do so next time they can\'t ignore it.',
      'Maybe find a mentor in a different department.',
      'Have you thought about asking for a development plan in writing?',
      'Just work even harder this year and they will have to notice.',
    ],
    selfStories: [
      'I was passed over for a promotion once and I ended up quitting.',
      'Same thing happened to me last year, my boss gave it to his friend.',
      'I know how that is, I have been waiting for a promotion for three years myself.',
      'At my old job I never got promoted either, it was so unfair.',
    ],
  },
  {
    id: 'detached_at_work',
    label: 'Feeling detached and undervalued at work',
    fixed: {
      job: ['my office job', 'my teaching job', 'my job at the clinic', 'my job in accounting', 'my customer service job'],
      since: ['a few months', 'since the reorganisation', 'since spring', 'for most of the year'],
    },
    slots: {
      feeling: ['detached', 'empty', 'invisible', 'unappreciated', 'drained', 'disconnected', 'stuck'],
      event: ['feeling this way', 'going through the motions', 'feeling unseen at work', 'this disconnection'],
      hard: ['feeling like your work does not matter', 'being on autopilot every day', 'not being seen for what you do'],
    },
    openings: [
      "I've been feeling so detached from everything at work lately, like I'm just going through the motions.",
      "I don't feel like anyone at {job} notices what I do anymore. It's been like this {since}.",
      'Lately I feel completely {feeling} at work. I used to care so much.',
      "I'm on autopilot at {job}. I show up, do the work, go home, and feel nothing.",
      'Nobody at work seems to value what I bring. I feel {feeling}.',
    ],
    details: [
      "It's like I'm stuck in a loop. I keep pushing forward, hoping things will change.",
      'My manager only talks to me when something goes wrong.',
      "I used to have ideas in meetings. Now I don't bother because nobody listens.",
      'I feel {feeling}, like I could disappear and nobody would notice.',
      'Sunday evenings are the worst. I dread Monday.',
      'My friends say I seem distant, and I think the job is bleeding into everything.',
      'I just wish someone could understand how heavy this feels.',
      "It's been going on {since}, and it is not getting better.",
      "I don't even know if I want a different job or if something is wrong with me.",
      'I used to be proud of my work. Now I just want the day to end.',
    ],
    advice: [
      "Why don't you talk to HR about how you feel?",
      'You should look for a new job, life is too short.',
      'Try taking a vacation, you probably just need a break.',
      'Maybe start a hobby outside of work so it matters less.',
      'Ask your manager for a one-on-one and tell them directly.',
      'You could try therapy, a lot of people feel this way.',
      'Have you tried setting small goals each day to feel more motivated?',
      'You should talk to your doctor, it might be burnout.',
    ],
    selfStories: [
      'I felt exactly like this at my last job and I just quit.',
      'Honestly I feel the same way at my job right now.',
      'Me too, my boss never notices anything I do either.',
      'I went through a phase like that a couple of years ago.',
    ],
  },
];

/** The scenario ids, in the order above. */
export const SCENARIO_IDS: readonly string[] = SCENARIOS.map((s) => s.id);
