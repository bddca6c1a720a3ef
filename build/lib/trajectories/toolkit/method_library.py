"""The product's starting library of working methods (werkvormen), written for PARTNER trajectories.

Every organisation sees these methods; nobody edits them, but organisations can copy and adapt
them. They cover the four steps (1 Explore, 2 Client agenda, 3 Staff, 4 Dialogue and action plan),
the three groups (clients, staff, clients and staff together) and different kinds of participants.
``starting_library_sync`` in ``method_services`` puts them in the database; the trajectory
templates (``template_library``) refer to them by key, so a key never changes.

Texts are English msgids; the Dutch comes from the translation catalogue. ``how_to`` and
``materials`` hold one step or item per line. ``suits`` says for which clients a method works
especially well; staff methods leave it empty.
"""

# Marked for translation (so `make messages` finds them) but stored as written: shown through gettext.
from django.utils.translation import gettext_noop as _

# Each method: key (slug, stable forever), texts as English msgids (Dutch comes from the
# translation catalogue), and its structured facts.
STARTING_METHODS = [
    # ----------------------------------------------------------------- step 1: clients explore
    {
        "key": "life-stories",
        "name": _("Life stories"),
        "purpose": _(
            "Clients tell about their life: where they come from, what they did and what they find "
            "important. This shows what a good life means to them, here and now."
        ),
        "steps": [1],
        "group": "clients",
        "suits": ["dementia", "intellectual_disability", "low_literacy", "sight_or_hearing"],
        "duration_minutes": 60,
        "materials": _(
            "Photos or objects that clients bring from home\n"
            "A large sheet of paper or a timeline on the wall\n"
            "Markers and sticky notes\n"
            "Coffee or tea"
        ),
        "how_to": _(
            "Ask clients a week before to bring one photo or object that tells something about their life.\n"
            "Sit in a small circle of four to six people, in a quiet room.\n"
            "Start with a short story about yourself, to show how it works and that anything may be told.\n"
            "Let each client tell about their photo or object. Ask open questions: what was it like, "
            "what did you enjoy about it?\n"
            "Then link it to today: what of this do you miss here, and what do you still have?\n"
            "Write key words on the timeline or on sticky notes, in the client's own words.\n"
            "Look together for what comes back: values such as freedom, being useful, company or good food.\n"
            "Ask each client if their story may go into the trajectory, and how: with or without their name."
        ),
        "tips": _(
            "Do not push. Some memories hurt, and the client decides what to tell. Listen for the values "
            "behind the story, not only for the facts. Life stories often bring up topics such as being "
            "useful or being seen. These are good starting points for the client agenda."
        ),
        "accessibility": _(
            "For people with dementia: work one to one or in pairs, with a relative who knows the story. "
            "Use old photos, music or objects as a cue. For people who read little: write nothing they "
            "have to read, and say out loud what you wrote down. For people who see or hear poorly: sit "
            "close, face the person, choose a quiet room and use large photos. Keep it short and take a "
            "break after half an hour."
        ),
    },
    {
        "key": "photovoice",
        "name": _("Photos with captions (photovoice)"),
        "purpose": _(
            "Clients take photos of what they like in their daily life and of what they would change. "
            "Each photo gets a short caption. The photos are shown as a gallery, so others can look "
            "through the clients' eyes."
        ),
        "steps": [1, 2],
        "group": "clients",
        "suits": ["intellectual_disability", "low_literacy", "psychiatric_vulnerability"],
        "duration_minutes": 90,
        "materials": _(
            "Phones, tablets or simple cameras\n"
            "Prints of the photos, or the photos added to topics in PARTNER\n"
            "Cards for the captions\n"
            "A wall, a table or the projected screen for the gallery"
        ),
        "how_to": _(
            "Explain the task in one sentence: take photos of what you like here and of what you would change.\n"
            "Agree the rules: ask people before you take their picture, and leave faces out if they do not agree.\n"
            "Give clients one or two weeks to take photos, alone or with a buddy.\n"
            "In the next session, let each client choose at most three photos.\n"
            "Ask for each photo: what do we see, why did you take it, what does it say about living here? "
            "Write the caption in the client's own words.\n"
            "Show the photos with their captions as a gallery, on a wall or on the projected screen.\n"
            "Walk past the gallery together and ask what the photos have in common.\n"
            "Ask clients which photos may be shown to staff later, in the dialogue."
        ),
        "tips": _(
            "A photo of something small, such as a closed door or a cold cup of tea, often tells a big "
            "story. Never judge whether a photo is good or beautiful. Clients decide what staff get to "
            "see. Until then, the gallery stays in the clients' space."
        ),
        "accessibility": _(
            "Clients who cannot hold a camera can point, and a buddy or relative takes the photo. "
            "Captions may be spoken: you write them down and read them back. Give one task at a time. "
            "People with little energy can take photos during a short walk with you. For people with a "
            "psychiatric vulnerability, make clear that photos of their own room or of themselves are "
            "never needed."
        ),
    },
    {
        "key": "ideal-day-or-meal",
        "name": _("The ideal meal or the ideal day"),
        "purpose": _(
            "Clients picture what an ideal meal or an ideal day here would look like. This turns "
            "complaints into concrete proposals that staff can work with."
        ),
        "steps": [1, 2],
        "group": "clients",
        "suits": ["dementia", "intellectual_disability", "low_literacy", "little_energy"],
        "duration_minutes": 60,
        "materials": _(
            "A large sheet with a clock or a table setting drawn on it\n"
            "Pictures of food, drinks, places and activities\n"
            "A plate, cutlery and a menu, if you choose the meal\n"
            "Sticky notes and markers"
        ),
        "how_to": _(
            "Choose together: do we talk about the meal or about a whole day?\n"
            "Start with what bothers people. Listen, and write each complaint on a sticky note at the side "
            "of the sheet.\n"
            "Then ask: if you could decide, what would it look like? Who sits at the table, what do you eat, "
            "what do you hear, who helps?\n"
            "For the ideal day, go through the day hour by hour on the drawn clock.\n"
            "Let clients put pictures and notes on the sheet. Help them make it concrete: what, when and "
            "with whom.\n"
            "Take the complaints one by one and ask: which part of the ideal picture solves this?\n"
            "Read the ideal picture out loud and ask if anything is missing.\n"
            "Take a photo of the sheet for the trajectory."
        ),
        "tips": _(
            "When people only complain, keep asking: what would you like instead? Small wishes count: a "
            "tablecloth, your own seat, eating later. The ideal picture is a strong start for the client "
            "agenda in step 2. You can also eat together afterwards, to taste what works."
        ),
        "accessibility": _(
            "Use real things: a plate, a cup, a menu. People with dementia often answer more easily when "
            "they see or smell food. If the future is hard to imagine, ask about a good meal from the past. "
            "Use pictures instead of words for people who read little. For people with little energy, work "
            "in short rounds: one part of the day per session is enough."
        ),
    },
    {
        "key": "visit-another-location",
        "name": _("Visit to another location"),
        "purpose": _(
            "Clients visit another ward, location or organisation to see how things are done there. "
            "Seeing another way gives new ideas and makes it easier to say what you want."
        ),
        "steps": [1],
        "group": "clients",
        "suits": ["intellectual_disability", "low_literacy", "psychiatric_vulnerability"],
        "duration_minutes": 180,
        "materials": _(
            "Transport that everyone can use\n"
            "A short list of things to look at, with pictures\n"
            "A phone or camera for photos\n"
            "Money for coffee on the way"
        ),
        "how_to": _(
            "Choose a location together with clients that fits their topic, for example the meal or the "
            "daily activities.\n"
            "Call the other location. Ask if clients there want to show you around and tell about their "
            "experiences.\n"
            "Prepare with clients: what do we want to see and ask? Make a short list with pictures.\n"
            "Arrange transport, breaks and support for clients who need it.\n"
            "During the visit, let clients ask their own questions. Take photos only with permission.\n"
            "On the way back or the next day, ask: what did you like, and what would we want too?\n"
            "Write down the ideas in the clients' own words and take them to the client agenda."
        ),
        "tips": _(
            "Clients learn most from other clients, so ask for a tour by clients, not only by staff. Keep "
            "the group small: four to six clients. Thank the hosts and invite them for a return visit."
        ),
        "accessibility": _(
            "Check the building: lifts, toilets and a quiet room to rest. For people with little energy, "
            "plan a short visit or a place close by. Tell clients with a psychiatric vulnerability in "
            "advance exactly what will happen, and let them leave early if they want. A buddy, relative or "
            "volunteer can come along. Use the list with pictures for people who read little."
        ),
    },
    {
        "key": "conversation-cards",
        "name": _("Conversation cards with pictures"),
        "purpose": _(
            "Cards with a picture and a short question help clients talk about daily life. Clients choose "
            "a card themselves, so they decide what the conversation is about."
        ),
        "steps": [1],
        "group": "clients",
        "suits": ["dementia", "intellectual_disability", "low_literacy", "psychiatric_vulnerability"],
        "duration_minutes": 45,
        "materials": _(
            "A set of cards, each with a picture and one short question\n"
            "Cards on safety, how you are treated, contact with others, food, feeling at home and being heard\n"
            "A few empty cards\n"
            "A table that everyone can reach"
        ),
        "how_to": _(
            "Lay the cards face up on the table.\n"
            "Ask each client to choose a card that speaks to them, or that they have something to say about.\n"
            "Let each client show their card and tell why they chose it.\n"
            "Ask a follow-up question: can you give an example? What happened then?\n"
            "Invite the others to react: do you know this too? Is it different for you?\n"
            "Write down topics that come back, in the clients' own words.\n"
            "End with a round: which card matters most to you today?"
        ),
        "tips": _(
            "Make your own cards with photos of your own location; that feels closer to home. Keep the "
            "empty cards for topics you did not think of. A client may also pass. Listening counts as "
            "taking part too."
        ),
        "accessibility": _(
            "Use clear photos, not drawings with many details. Put one short question on each card and "
            "read every card out loud. For people with an intellectual disability or dementia, start with "
            "five or six cards only. For people with a psychiatric vulnerability, leave out cards that may "
            "feel threatening, and let them put a card aside without saying why."
        ),
    },
    {
        "key": "walk-along",
        "name": _("Walk-along conversation"),
        "purpose": _(
            "You walk with a client through the building or the neighbourhood. At places that mean "
            "something to the client, you talk about what happens there. The place helps the client to "
            "remember and to explain."
        ),
        "steps": [1],
        "group": "clients",
        "suits": ["dementia", "intellectual_disability", "low_literacy", "psychiatric_vulnerability"],
        "duration_minutes": 45,
        "materials": _(
            "A route that the client chooses\n"
            "A phone for photos and short voice notes\n"
            "A wheelchair or walker, if needed\n"
            "A small notebook"
        ),
        "how_to": _(
            "Ask the client to show you around: where do you like to be, and where not?\n"
            "Let the client choose the route and the pace. Walk next to the client, not in front.\n"
            "Stop at the places the client points out. Ask: what happens here? How does it feel to be here?\n"
            "Ask about people too: who do you meet here, and who helps you?\n"
            "Take a photo of each place that matters, with permission.\n"
            "Afterwards, sit down together and go through the photos. Write down what the client said about "
            "each place.\n"
            "Ask which places and stories the client wants to take to the group."
        ),
        "tips": _(
            "Walking side by side often feels easier than sitting face to face. Silence is fine. Look out "
            "for small things: a door that is always locked, a bench nobody uses, a noisy hallway."
        ),
        "accessibility": _(
            "For people with little energy, keep the walk short or use a wheelchair; one hallway can be "
            "enough. For people with dementia, the place itself is the cue: ask what they see, not what "
            "they remember. For people who see poorly, describe the place and let them touch things. A "
            "relative can walk along and help to explain."
        ),
    },
    {
        "key": "objects-music-memories",
        "name": _("Objects, music and memories"),
        "purpose": _(
            "For people with dementia. Familiar objects, smells and music bring back memories and "
            "feelings. From these you learn what helps someone feel at home and at ease now."
        ),
        "steps": [1],
        "group": "clients",
        "suits": ["dementia", "little_energy", "sight_or_hearing"],
        "duration_minutes": 30,
        "materials": _(
            "Objects from the past, such as a coffee grinder, linen, tools or a handbag\n"
            "Music from the clients' youth and a speaker\n"
            "Smells such as coffee, soap or fresh bread\n"
            "Photos from the life stories, if you have them"
        ),
        "how_to": _(
            "Sit with two to four clients in a calm, familiar room. Ask a relative or a familiar carer to join.\n"
            "Play one song or put one object on the table. Wait and watch.\n"
            "Follow what happens: a smile, a word, a hand that reaches out.\n"
            "Ask simple questions about the here and now: do you like this? Does this feel good?\n"
            "Listen for what it says about today: what gives calm, joy or a feeling of home?\n"
            "Write down what you saw and heard right after the session, including reactions without words.\n"
            "Check your notes with a relative or carer who knows the client well."
        ),
        "tips": _(
            "There are no wrong answers. A reaction without words is also a contribution. Do not test "
            "memory; ask about feelings. Repeat the session: what works on one day may not work the next."
        ),
        "accessibility": _(
            "Keep it short: 20 to 30 minutes is enough. Use objects people can hold, for people who see "
            "poorly. For people who hear poorly, play the music a bit louder and avoid other noise. Choose "
            "the best time of day for the clients, often the morning. Relatives can help choose objects and "
            "music that fit the person."
        ),
    },
    {
        "key": "conversation-in-own-room",
        "name": _("Short conversation in the client's own room"),
        "purpose": _(
            "For clients who cannot or do not want to join a group. You visit them for a short, personal "
            "conversation, so that their voice counts too."
        ),
        "steps": [1, 2],
        "group": "clients",
        "suits": ["dementia", "little_energy", "psychiatric_vulnerability", "sight_or_hearing"],
        "duration_minutes": 20,
        "materials": _(
            "Three to five picture cards or photos from the group sessions\n"
            "The list of topics so far, or the draft client agenda\n"
            "A notebook, or PARTNER on a tablet"
        ),
        "how_to": _(
            "Ask the client, or a carer, when a good moment is. Make an appointment.\n"
            "Say who you are and why you come, in one or two sentences.\n"
            "Show a few cards or photos and ask which one the client wants to talk about.\n"
            "Ask one question at a time and give plenty of time to answer.\n"
            "Sum up what you heard and ask: did I understand you well?\n"
            "Ask if and how you may take it to the group: with name, without name, or not at all.\n"
            "Enter the contribution in PARTNER on behalf of the client, as agreed."
        ),
        "tips": _(
            "Keep the visit short, even when it goes well. Rather come back another day than stay long. In "
            "step 2 you can take the draft client agenda along, so the client can still help choose."
        ),
        "accessibility": _(
            "Sit at eye level and close enough to be heard. Speak calmly and clearly, in short sentences. "
            "Use large pictures for people who see poorly. For people with a psychiatric vulnerability, "
            "keep the door open or agree where you will sit. Stop when the client shows signs of tiredness."
        ),
    },
    {
        "key": "what-i-hope-for",
        "name": _("What do I hope to get out of it?"),
        "purpose": _(
            "At the start, each participant says what they personally hope to gain from taking part. "
            "These own goals get attention next to the shared goals, and you look at them again at the end."
        ),
        "steps": [1],
        "group": "clients",
        "suits": ["intellectual_disability", "low_literacy", "psychiatric_vulnerability"],
        "duration_minutes": 30,
        "materials": _(
            "Picture cards with possible goals: meeting people, being heard, learning something, changing "
            "something, having a good time\n"
            "A few empty cards\n"
            "The goals page of the trajectory in PARTNER"
        ),
        "how_to": _(
            "Explain that everyone may have their own reasons to take part, and that every reason is fine.\n"
            "Lay out the picture cards. Ask each participant to choose one or two.\n"
            "Let each person say in a few words why they chose it.\n"
            "Also ask: what do you need from us to get there?\n"
            "Record each personal goal in PARTNER in the person's own words. Only that person and you can "
            "see it.\n"
            "Record the shared goals of the group as well.\n"
            "Tell participants that you will come back to their goals when you look back at the end."
        ),
        "tips": _(
            "Goals such as getting out of my room or feeling useful are as important as changing the care. "
            "Check the goals halfway. If someone's goal is not being met, talk about it with them."
        ),
        "accessibility": _(
            "Use a picture and only a few words on each card. For people with a psychiatric vulnerability: "
            "let them tell you their goal alone if the group does not feel safe. People may also say that "
            "they do not know yet, and come back to it later."
        ),
    },
    # -------------------------------------------------------------- step 2: the client agenda
    {
        "key": "sticker-vote",
        "name": _("Choosing with stickers"),
        "purpose": _(
            "Clients choose which topics go on the client agenda by putting coloured stickers on a large "
            "sheet. Everyone can see at once what the group finds most important."
        ),
        "steps": [2],
        "group": "clients",
        "suits": ["dementia", "intellectual_disability", "little_energy", "low_literacy"],
        "duration_minutes": 45,
        "materials": _(
            "A large sheet with the topics from step 1, each with a picture\n"
            "Round stickers in two colours\n"
            "Markers\n"
            "The voting screen in PARTNER, if you want to use it as well"
        ),
        "how_to": _(
            "Put all topics from step 1 on the sheet, each with a picture and a few words.\n"
            "Read each topic out loud and check that everyone understands it.\n"
            "Give each client three stickers of the same colour.\n"
            "Ask clients to put their stickers on the topics they find most important. Two stickers on one "
            "topic is allowed.\n"
            "Count the stickers together and circle the top three.\n"
            "Ask the group about each top topic: why is this important to you? Write down the reasons.\n"
            "Enter the result in PARTNER, so that it becomes the start of the client agenda."
        ),
        "tips": _(
            "Let everyone stick at the same time, so nobody just follows the first person. Use the second "
            "colour for: this is urgent. A topic with few stickers is not lost: ask if someone wants to "
            "keep it on the list for later."
        ),
        "accessibility": _(
            "Hang the sheet low enough for people in a wheelchair. Clients who cannot stick can point, and "
            "you put the sticker on. Use big pictures for people who read little. For people with dementia "
            "or little energy, show only three or four topics at a time. Clients who cannot come can choose "
            "beforehand, with you."
        ),
    },
    {
        "key": "complaint-to-wish",
        "name": _("From complaint to wish"),
        "purpose": _(
            "Clients turn what bothers them into a clear wish for change. This makes the client agenda "
            "positive and concrete, and easier for staff to act on."
        ),
        "steps": [2],
        "group": "clients",
        "suits": ["intellectual_disability", "low_literacy", "psychiatric_vulnerability"],
        "duration_minutes": 60,
        "materials": _(
            "A sheet with two columns: what bothers us, and what we want instead\n"
            "Sticky notes in two colours\n"
            "Markers\n"
            "The topics chosen in step 1"
        ),
        "how_to": _(
            "Draw two columns on the sheet: What bothers us, and What we want instead.\n"
            "Let clients say what bothers them. Write each complaint on a note in the left column, without "
            "discussing it yet.\n"
            "Take one complaint at a time. Ask: what would you like instead? What would a good day look like?\n"
            "Write the wish on a note of the other colour, next to the complaint.\n"
            "Make the wish concrete with three questions: what exactly, who can help, and how will we notice it?\n"
            "Ask why the wish matters and write the reason down too. Staff need it to understand.\n"
            "Read all wishes out loud and check: is this what you mean?"
        ),
        "tips": _(
            "Give the complaints room first: people need to feel heard before they can look ahead. Keep the "
            "clients' own words in the wish. A good wish starts with: we want, or: we would like. Wishes "
            "about how people are treated count as much as practical ones."
        ),
        "accessibility": _(
            "Write one sentence per note and read everything out loud. Use a thumbs-up picture above the "
            "wish column. For people with a psychiatric vulnerability: when a complaint becomes about one "
            "staff member by name, stop and talk about the situation instead. Clients may also hand in a "
            "complaint through you, without their name."
        ),
    },
    {
        "key": "preparing-our-voice",
        "name": _("Preparing to present our agenda"),
        "purpose": _(
            "Clients prepare how they will bring their agenda to the dialogue with staff. They decide who "
            "says what and practise once, so they feel strong when they meet staff."
        ),
        "steps": [2],
        "group": "clients",
        "suits": ["intellectual_disability", "low_literacy", "psychiatric_vulnerability"],
        "duration_minutes": 45,
        "materials": _(
            "The client agenda, with pictures\n"
            "Cards with the topics, one per card\n"
            "A phone to record a message, for clients who prefer that"
        ),
        "how_to": _(
            "Read the client agenda out loud and check that everyone still agrees with it.\n"
            "Ask who wants to present which topic. Allow pairs, so nobody stands alone.\n"
            "Let each speaker say in their own words what the topic is and why it matters.\n"
            "Practise once. Other clients play staff and ask a simple question.\n"
            "Agree what to do when staff say 'yes, but', or when someone gets nervous.\n"
            "Offer other ways to take part: a recorded message, a photo, or a card that you read out.\n"
            "Decide together what the group shares with staff before the dialogue, and what not."
        ),
        "tips": _(
            "Practising once makes a big difference to self-confidence. Remind clients that they are the "
            "experts on their own life. You support them, but you do not speak for them, unless they ask "
            "you to."
        ),
        "accessibility": _(
            "Keep the roles small: one sentence is enough. A client can point to a picture while you read "
            "the text. For people with a psychiatric vulnerability, agree on a sign for: I need a break. A "
            "relative or buddy can sit next to a speaker."
        ),
    },
    # --------------------------------------------------------------------- step 3: staff
    {
        "key": "mirror-conversation",
        "name": _("Mirror conversation: clients' words in the team"),
        "purpose": _(
            "Staff hear what clients said, in the clients' own words, and reflect on it together in a team "
            "meeting. It helps staff to listen first, before they explain or defend."
        ),
        "steps": [3],
        "group": "staff",
        "suits": [],
        "duration_minutes": 60,
        "materials": _(
            "Quotes from clients that the clients agreed to share\n"
            "The quotes printed on cards, without names\n"
            "A quiet room and time in the team meeting"
        ),
        "how_to": _(
            "Choose five to ten quotes that clients agreed to share. Remove names and details that show who "
            "said it.\n"
            "Let staff members read the quotes out loud, one at a time, slowly.\n"
            "After each quote, keep a short silence. Then ask: what do you hear? What touches you?\n"
            "Ask staff to say what they recognise, before anyone explains or defends.\n"
            "Ask: what would it be like to live with this yourself?\n"
            "Collect what the team wants to understand better, or wants to ask clients in the dialogue.\n"
            "Agree what the team will share with clients, and what stays in the staff space."
        ),
        "tips": _(
            "Clients' words read out loud by a colleague land harder than words on paper. Watch out for "
            "'yes, but': write it down and come back to it later. Let a team coach or someone from outside "
            "the team lead, so the team leader can take part as a colleague."
        ),
        "accessibility": _(
            "Plan it at a time when staff from all shifts can join, night shifts included. Give colleagues "
            "who find reading Dutch hard the quotes beforehand. Staff who cannot come can read the quotes "
            "and send you their reaction."
        ),
    },
    {
        "key": "own-routines",
        "name": _("Looking at our own routines"),
        "purpose": _(
            "Staff look at the fixed habits in their daily work and ask who they are for. This shows where "
            "clients could have more say."
        ),
        "steps": [3],
        "group": "staff",
        "suits": [],
        "duration_minutes": 60,
        "materials": _(
            "A large sheet with the timeline of a normal day\n"
            "Sticky notes in two colours\n"
            "The client agenda, if clients have shared it"
        ),
        "how_to": _(
            "Draw a normal day on the sheet, from getting up to going to bed.\n"
            "Let staff write their fixed routines on notes and put them on the timeline: washing, meals, "
            "medication, rounds, locking doors.\n"
            "Take each routine and ask: who decides this? Who is it for: the client or the organisation?\n"
            "Mark the routines that mainly suit the organisation with the other colour.\n"
            "Choose two or three routines and ask: what if the client decided here? What is the risk, and "
            "what would it bring?\n"
            "Compare with the client agenda: which routines touch what clients want?\n"
            "Write down what the team wants to try, or wants to discuss with clients in the dialogue."
        ),
        "tips": _(
            "Talk about routines, not about who is a good or bad colleague. Many routines have a good "
            "reason, and naming that reason is part of the work. Small changes, such as a later breakfast "
            "for one person, are a good start."
        ),
        "accessibility": _(
            "Use the team's own words and examples. Plan it in the normal team meeting, so nobody needs to "
            "come in extra. Start with a round in which everyone says something, so new and quiet "
            "colleagues are heard too."
        ),
    },
    {
        "key": "in-the-clients-shoes",
        "name": _("A day in the client's shoes"),
        "purpose": _(
            "Staff experience part of a day the way clients do: eating the same meal, waiting for help, "
            "sitting in a wheelchair. This helps them understand what clients put on their agenda."
        ),
        "steps": [3],
        "group": "staff",
        "suits": [],
        "duration_minutes": 120,
        "materials": _(
            "The client agenda, or the topics clients have shared\n"
            "A wheelchair, glasses that blur your sight or ear plugs, if they fit the topic\n"
            "The normal meal and daily programme\n"
            "A notebook"
        ),
        "how_to": _(
            "Choose with the team which part of the day fits the client agenda, for example a meal or the "
            "morning care.\n"
            "Let each staff member take a client's role for an hour or part of a day, while colleagues give "
            "care as usual.\n"
            "Ask them to follow the normal rules: wait until the call bell is answered, eat what is served, "
            "ask for help.\n"
            "Let them write down what they notice, feel and miss.\n"
            "Afterwards, talk in the team: what surprised you? What did you not see before?\n"
            "Link it to the client agenda: what do you understand better now?\n"
            "Write down what the team wants to bring into the dialogue."
        ),
        "tips": _(
            "This is a way to understand, not a game: take it seriously. Ask clients for permission when the "
            "exercise takes place in their home. Clients can advise on what staff should try."
        ),
        "accessibility": _(
            "Not everyone can take on every role. Let staff choose a role that is safe for them. Plan it so "
            "that care for the clients goes on as usual."
        ),
    },
    {
        "key": "staff-hopes-and-worries",
        "name": _("Hopes and worries before the dialogue"),
        "purpose": _(
            "Staff say openly what they hope for and what they worry about before they meet clients as "
            "equals. This makes it easier to listen in the dialogue instead of defending."
        ),
        "steps": [3],
        "group": "staff",
        "suits": [],
        "duration_minutes": 45,
        "materials": _(
            "Two large sheets: What I hope for, and What I worry about\n"
            "Sticky notes\n"
            "The client agenda, once clients have shared it"
        ),
        "how_to": _(
            "Ask each staff member to write one hope and one worry on sticky notes, alone and in silence.\n"
            "Put the notes on the two sheets and read them out loud, without names.\n"
            "Talk about the worries first. Ask: what would help you with this?\n"
            "Then look at the hopes: what do we want clients to notice about us in the dialogue?\n"
            "Agree how the team will act in the dialogue, for example: listen first, no 'yes, but', no "
            "promises you cannot keep.\n"
            "Name what the team can change itself, and what needs a manager or someone else.\n"
            "Decide who from the team joins the dialogue, and make sure they have time for it."
        ),
        "tips": _(
            "Worries are normal: fear of criticism, of extra work, of promises that cannot be kept. Once "
            "they are named, they get less in the way. Invite a manager if the dialogue may need decisions "
            "that the team cannot take alone."
        ),
        "accessibility": _(
            "Write in silence first, so quiet colleagues are heard too. Make sure staff from all shifts and "
            "temporary staff can join."
        ),
    },
    # --------------------------------------------------- step 4: dialogue, action plan, follow-up
    {
        "key": "kitchen-table-dialogue",
        "name": _("Dialogue at the kitchen table"),
        "purpose": _(
            "Clients and staff eat together and talk as equals about the client agenda. The meal makes the "
            "meeting informal and makes it easier to speak up."
        ),
        "steps": [4],
        "group": "joint",
        "suits": ["dementia", "intellectual_disability", "low_literacy", "psychiatric_vulnerability"],
        "duration_minutes": 90,
        "materials": _(
            "A set table with a simple meal, or coffee and cake\n"
            "The client agenda, printed large and with pictures\n"
            "Name cards with first names only\n"
            "A talking object, for example a wooden spoon"
        ),
        "how_to": _(
            "Set the table together with clients. Mix clients and staff; nobody sits at the head of the table.\n"
            "Start by eating, and let people chat about anything first.\n"
            "Let clients present their agenda themselves, one topic at a time. Help only when they ask.\n"
            "Ask staff to listen and ask questions first, before they react.\n"
            "Use the talking object: whoever holds it speaks, the others listen.\n"
            "For each topic, ask together: what could we do? Write the ideas on the agenda.\n"
            "End with a round: what do you take home from today?"
        ),
        "tips": _(
            "If possible, staff come without uniform and without phones. Everyone uses first names. Keep an "
            "eye on the balance: when staff talk more than clients, pause and turn to the clients."
        ),
        "accessibility": _(
            "Keep the group small: at most ten people at one table. Choose a quiet room without background "
            "music. For people with dementia, use the familiar dining room and a familiar meal. For people "
            "with a psychiatric vulnerability, agree the rules beforehand: no interrupting, and you may "
            "leave the table for a moment. A relative or support person can sit next to a client who needs "
            "help."
        ),
    },
    {
        "key": "pictogram-action-plan",
        "name": _("Action plan on a large sheet with pictograms"),
        "purpose": _(
            "Clients and staff write the agreed actions on one large sheet, with a pictogram for each "
            "action. Everyone can see what will happen, who does it and when."
        ),
        "steps": [4],
        "group": "joint",
        "suits": ["dementia", "intellectual_disability", "low_literacy", "sight_or_hearing"],
        "duration_minutes": 60,
        "materials": _(
            "A large sheet with four columns: what, who, when, and how do we notice it\n"
            "Pictograms for the topics and for days and months\n"
            "Photos of the people who will do the actions, if they agree\n"
            "Thick markers and tape"
        ),
        "how_to": _(
            "Draw four columns: What do we do? Who does it? When is it done? How do we notice it?\n"
            "Take the ideas from the dialogue and choose together at most five actions for the first period.\n"
            "Write each action in one short sentence and stick a pictogram next to it.\n"
            "Fill in who does it: always at least one client and one staff member together.\n"
            "Choose a date that everyone can picture, such as before the summer, and add a pictogram.\n"
            "Read the whole plan out loud and ask everyone: do you agree?\n"
            "Hang the sheet where clients and staff pass every day. Enter the plan in PARTNER, so that it "
            "can be followed up."
        ),
        "tips": _(
            "A few actions that really happen are better than a long list. Also plan the date for looking "
            "back, for example with thumbs and faces. Use pictograms from one fixed set, so people recognise "
            "the same topic later."
        ),
        "accessibility": _(
            "Use large letters and strong contrast for people who see poorly. Say each action out loud for "
            "people who cannot read. For people who hear poorly, point to the pictogram while you talk. Use "
            "photos of people instead of names for people with an intellectual disability. Give clients a "
            "small copy of the sheet for their own room."
        ),
    },
    {
        "key": "thumbs-evaluation",
        "name": _("Looking back with thumbs and faces"),
        "purpose": _(
            "Some months after the dialogue, clients and staff look back at the action plan. With thumbs "
            "or faces, everyone can show whether an action worked, also without words."
        ),
        "steps": [4],
        "group": "joint",
        "suits": ["dementia", "intellectual_disability", "little_energy", "low_literacy"],
        "duration_minutes": 45,
        "materials": _(
            "The sheet with the action plan\n"
            "Cards with a thumb up, sideways and down, or with a happy, neutral and sad face\n"
            "Stickers, or the voting screen in PARTNER\n"
            "The personal goals that participants named at the start"
        ),
        "how_to": _(
            "Hang up the action plan and read each action out loud.\n"
            "Ask about each action: did it happen? Let the people who did it say briefly what they did.\n"
            "Ask everyone to hold up a card: did it make things better for you? Thumb up, sideways or down.\n"
            "Count the cards and ask a few people why they chose their card. Start with the clients.\n"
            "Decide for each action: keep it, change it or stop it.\n"
            "Look back at what participants hoped to get out of taking part. Ask: did you get it?\n"
            "Write down new actions and a new date to look back."
        ),
        "tips": _(
            "A thumb down is useful information, not a failure. Let clients speak before staff. Plan this "
            "moment already when you make the action plan, for example after three months."
        ),
        "accessibility": _(
            "Use large, clear cards. Clients who cannot lift a card can point or nod. For people with "
            "dementia, first bring back the action with a photo or an object, such as the new coffee "
            "corner. For people with little energy, keep it short: two or three actions per round is enough."
        ),
    },
]
