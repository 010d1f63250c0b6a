"""How much of what people say mid-routine is understood, per phrase set, both ways:
the local matcher (what `back-routine chat` hears) and virtual-alexa over HTTP (an
independent client matching word for word against interaction_models/en-US.json).

The target is 90% (skill.tools.understanding.THRESHOLD). Each set has the floor it reaches
today, so a change to the samples that loses understanding fails here, naming the set:

- phrases.yaml: written with the samples, from the issue's examples;
- phrases_blind.yaml, phrases_blind2.yaml: written blind, then used to grow the samples;
- phrases_blind3.yaml: written blind (chatty, regional and run-on speech: "someone's at
  my desk, pause"), then used to grow the samples; the floor is under the target:
  virtual-alexa matches word for word and misses most run-on sentences;
- phrases_blind4.yaml: written blind (a typical user); its misses were read and the
  kinds of phrasing it missed (an "um" or "okay" before a longer question, "please"
  before a request, more ways of asking) grown into the samples, so it is no longer the
  honest measure;
- phrases_blind5.yaml: written blind by someone who saw neither the model nor the
  simulator, with every phrasing already in an earlier set left out (so it holds few
  of the short commonest commands and many longer, newer phrasings), never used to grow
  the samples and its misses never read. Measured 2026-12-02 before any change: local
  90.3%, virtual-alexa 60.0%; after that day's samples 90.6% and 63.8%; after sets
  23 and 24 (two days on): 92.8% and 68.1%; after 25 and 26: 93.4% and 68.4%;
- phrases_blind6.yaml: written blind (a typical user, the common phrasings included),
  measured once (local 89.0%, virtual-alexa 80.0%), then its misses were read and the
  samples grown from them: a development set now;
- phrases_blind7.yaml: written blind (ten typical users, the common phrasings included)
  and measured only: never used to grow the samples, its misses never read. The honest
  measure of a typical user. Measured 2026-12-02 when written: local 90.7%,
  virtual-alexa 77.7%; after that day's samples (grown from the other sets): 92.0% and
  80.3%. virtual-alexa matches word for word: a phrasing no sample has, word for word,
  is a miss, where Alexa's own language understanding generalises. (On 2026-12-02
  the first 37 lines of the file, setups and pain ratings, were seen by accident while
  copying its header; nothing was grown from them. At the end of that day: 94.3%, 83.0%; after the next
  day's sets 13 to 18: 95.0%, 83.3%; after sets 19 and 20: 95.0%, 84.3%; after 21 and 22: 95.3%, 85.0%;
  after 23 and 24: 95.3%, 86.0%; after 25 and 26: the same.)
- phrases_blind8.yaml, phrases_blind9.yaml: written blind (ten 45-75 year olds new to
  voice assistants; ten busy 20-45 year olds used to them), measured once (local 89.3%
  and 89.0%, virtual-alexa 78.0% and 77.7%), then their misses were read and the
  samples grown from them: development sets now;
- phrases_blind10.yaml: written blind (ten typical users of mixed ages) and measured
  only, like phrases_blind7.yaml: the second honest measure. Measured when written
  (2026-12-02, before the samples grown from sets 8 and 9): local 94.0%,
  virtual-alexa 85.7%; at the end of that day: 96.7% and 91.0%; after sets 13 to 18:
  97.3% and 91.7%; after sets 19 to 22: 97.7% and 91.7%; after sets 23 and 24 and after 25 and 26: the same;
  98.0% and 92.7% after sets 47 and 48 and a bare "skip" written as SkipExerciseIntent;
- phrases_blind11.yaml, phrases_blind12.yaml: written blind (ten people with ordinary
  low back pain; ten speakers of English as a second language or a regional English),
  measured once (local 90.7% and 87.7%, virtual-alexa 81.3% and 77.7%), then read and
  used: development sets;
- phrases_blind13.yaml, phrases_blind14.yaml, phrases_blind15.yaml: written blind
  (2026-12-02, from a new one-page list of the intents: ten people out of breath talking
  in fragments, "ok next", "hm how long again"; ten chatty, polite people talking in
  long sentences, "could you possibly tell me how many of these I'm meant to do"; ten
  newcomers who don't know the names, "the dog one", "the stretchy band"), measured once
  (local 90.3%, 42.7% and 72.7%; virtual-alexa 69.0%, 10.0% and 56.0%), then read and
  used: development sets. Sentences as long as set 14's are beyond a word-for-word
  client; its floors only guard what it reaches;
- phrases_blind16.yaml: written blind from the same list (ten typical users of mixed
  ages) and measured only, the third honest measure: local 92.0%, virtual-alexa 82.3%
  when written; 93.7% and 84.7% after the samples grown from sets 13 to 15, 17 and 18;
  93.7% and 85.3% after sets 19 and 20; 94.0% and 86.0% after 21 and 22; 94.3% and
  87.3% after 23 and 24; 95.0% and 87.7% after 25 and 26.
  (One of its misses, "what was that medical warning", was seen in a filtered print of
  its score; set 13 has the same phrase and that was grown from.)
- phrases_blind17.yaml, phrases_blind18.yaml: written blind from the same list (ten
  typical users of mixed ages; ten ordinary people in their second or third week), measured
  once (local 93.3% and 92.0%, virtual-alexa 81.7% and 77.3%), then read and used:
  development sets.
- phrases_blind19.yaml, phrases_blind20.yaml: written blind from the same list (ten
  typical users of mixed ages in their first weeks; ten everyday users a month in,
  talking casually), measured once (local 96.3% and 93.3%, virtual-alexa 85.0% and
  83.7%), then read and used: development sets.
- phrases_blind21.yaml, phrases_blind22.yaml: written blind from the same list (ten
  typical users of mixed ages and backgrounds; ten everyday voice-assistant users aged
  30 to 70), measured once after the samples grown from sets 19 and 20 (local 96.3% and
  97.7%, virtual-alexa 89.0% and 91.7%), then read and used: development sets.
- phrases_blind23.yaml, phrases_blind24.yaml: written blind from the same list, rewritten
  (ten typical users of mixed ages in their first two weeks, often starting with "okay",
  "um" or "alright"; ten everyday users from six English-speaking places, a month or two
  in), measured once after the samples grown from sets 21 and 22 (local 96.0% and 92.0%,
  virtual-alexa 83.0% and 82.3%), then read and used: development sets.
- phrases_blind25.yaml, phrases_blind26.yaml: written blind from the same list (ten people
  aged 55 to 80 new to voice assistants, polite and in full sentences; ten everyday users
  aged 20 to 45, quick and casual), measured once after the samples grown from sets 23 and
  24 (local 86.0% and 90.0%, virtual-alexa 62.3% and 74.3%), then read and used:
  development sets.
- phrases_blind27.yaml, phrases_blind28.yaml: written blind from the same list (ten office
  workers and parents aged 25 to 60, some terse, some starting with "um", "okay so" or
  "hey", two speaking English as a second language; ten people aged 35 to 75 in their
  first week after a back strain, some unsure of the exercises' names), measured once
  after the samples grown from sets 25 and 26 (local 91.3% and 86.0%, virtual-alexa 73.0%
  and 67.3%), then read and used: development sets.
- phrases_blind29.yaml, phrases_blind30.yaml: written blind from the same list (ten typical
  US users of mixed ages a few weeks in; ten people between tasks at work or at home from
  the UK, Australia, India, Canada and the US), measured once after the samples grown from
  sets 27 and 28 (local 92.7% and 94.0%, virtual-alexa 81.3% and 82.7%), then read and
  used: development sets.
- phrases_blind31.yaml, phrases_blind32.yaml: written blind from the same list (ten
  typical users aged 18 to 80 across the US and Canada, first day to two months in; ten
  people told by a physical therapist to do the routine daily, distracted by children,
  pets and phones), measured once after the samples grown from sets 29 and 30 (local
  97.0% and 91.7%, virtual-alexa 87.3% and 77.0%), then read and used: development sets.
- phrases_blind33.yaml, phrases_blind34.yaml: written blind from the same list (ten people
  of mixed ages and walks of life, each with their own way of talking, a week or two in;
  ten testers asked to talk as they really would on the floor, some hesitating or
  correcting themselves, some adding a reason), measured once after the samples grown
  from sets 31 and 32 (local 96.0% and 88.3%, virtual-alexa 83.3% and 70.0%), then read
  and used: development sets.
- phrases_blind35.yaml, phrases_blind36.yaml: written blind from the same list (twelve
  people aged 20 to 80 on a real morning, with fillers, polite forms and self-corrections;
  ten people new to voice assistants talking as to a physical therapist in the room),
  measured once after the samples grown from sets 33 and 34 (local 92.0% and 89.3%,
  virtual-alexa 70.3% and 72.0%), then read and used: development sets.
- phrases_blind37.yaml, phrases_blind38.yaml: written blind from the same list (people in
  a busy home speaking plainly and briefly; the most common ways of saying each thing),
  measured once after the samples grown from sets 35 and 36 (local 96.0% and 98.0%,
  virtual-alexa 86.7% and 92.3%), then read and used: development sets.
- phrases_blind39.yaml, phrases_blind40.yaml: written blind from the same list (what eight
  first-time users said, as a researcher beside them wrote it down; people in their fifties
  and sixties speaking in full, polite sentences), measured once after the samples grown
  from sets 37 and 38 (local 95.7% and 88.0%, virtual-alexa 77.7% and 49.3%), then read
  and used: development sets.
- phrases_blind41.yaml, phrases_blind42.yaml: written blind from the same list (ten adults a
  week in, one phrase in five starting with "okay", "so", "um" or "oh"; a QA engineer's
  quick list of natural mid-routine phrasings), measured once after the samples grown from
  sets 39 and 40 (local 98.3% and 97.0%, virtual-alexa 80.3% and 91.0%), then read and
  used: development sets.
- phrases_blind43.yaml: written blind from the same list (a QA engineer's second quick list
  of plain, varied mid-routine commands and questions), measured once after the samples
  grown from sets 41 and 42 (local 92.7%, virtual-alexa 82.7%), then read and used: a
  development set.
- phrases_blind44.yaml: written blind from the same list (ten typical US users of mixed
  ages, mid-routine) and measured only, the fourth honest measure: local 95.3%,
  virtual-alexa 83.3% when written (2026-12-03, after the samples grown from sets 41 and
  42); 95.7% and 83.7% after set 43's; 96.0% and 84.0% after sets 45 and 46, and
  after 47 and 48; 96.3% and 84.0% after 50 and 51.
- phrases_blind45.yaml, phrases_blind46.yaml: written blind from the same list (a product
  tester's notes of what a new user said mid-routine; ten people aged 30 to 70, a little
  out of breath, in short natural bursts), measured once after the samples grown from set
  43 (local 91.7% and 91.3%, virtual-alexa 78.7% and 73.3%), then read and used:
  development sets.
- phrases_blind47.yaml, phrases_blind48.yaml: written blind from the same list (a physical
  therapist's notes of what her patients, aged 40 to 80, said in their first week; office
  workers between meetings, quick and casual, a few non-native speakers), measured once
  after the samples grown from sets 45 and 46 (local 91.3% and 90.3%, virtual-alexa 79.3%
  and 77.7%), then read and used: development sets.
- phrases_blind49.yaml: written blind from a rewritten brief (the same intents, slots and
  moments; ten typical US users of mixed ages in their first week, mid-routine, short
  everyday phrasings) and measured only, the fifth honest measure: local 98.3%,
  virtual-alexa 95.0% when written (2026-12-03, after the samples grown from sets 47 and
  48); 99.0% and 95.7% after sets 50 and 51's. Its misses have not been read.
- phrases_blind52.yaml: written blind from that brief (ten typical US users of mixed ages,
  mid-routine, in their own words, at whatever length felt natural) after the samples
  grown from sets 50 and 51, and measured only, the sixth honest measure: local 96.0%,
  virtual-alexa 88.7% when written; 96.3% and 89.7% after the samples grown from sets 53,
  54, 56, 57, 59 and 60. Its misses have not been read.
- phrases_blind50.yaml, phrases_blind51.yaml: written blind from that brief (people
  mid-exercise, out of breath, in clipped bursts with hesitations; parents and retirees at
  home, casual and polite, some with a short reason after the request), measured once
  after the samples grown from sets 47 and 48 (local 95.3% and 88.0%, virtual-alexa 69.7%
  and 81.0%), then read and used: development sets.

- phrases_blind53.yaml, phrases_blind54.yaml: written blind from that brief (ten chatty
  adults who narrate and explain themselves, six to ten words a phrase, a reason or a
  softener around what they want: "how do you do the hamstring stretch, I always forget";
  ten English speakers from outside the US, each in their own everyday English: "hang on
  a tick", "I'll call it a day there"), measured once after the samples grown from sets 50
  and 51 (local 59.3% and 91.0%, virtual-alexa 10.7% and 72.7%), then read and used:
  development sets. Like set 14, set 53's floors are far under the target: a client that
  matches word for word cannot hold a sentence with a clause of its own around the
  request, and no sample is written for each such clause.
- phrases_blind55.yaml: written blind from that brief (ten typical US users of mixed ages,
  mid-routine, mostly short and direct) after the samples grown from sets 53 and 54, and
  measured only, the seventh honest measure: local 97.0%, virtual-alexa 89.3% when
  written (2026-12-04); 97.0% and 90.0% after the samples grown from sets 56 and 57; 97.3%
  and 90.3% after those from sets 59 and 60. Its misses have not been read.
- phrases_blind56.yaml, phrases_blind57.yaml: written blind from that brief (ten typical US
  users in their second or third week, mostly short, some starting with "okay", "um",
  "so" or "hey"; a usability researcher's notes of ten adults aged 25 to 75 trying the
  skill for the first time, false starts and "the breathing one" included), measured once
  after the samples grown from sets 53 and 54 (local 96.0% and 94.7%, virtual-alexa 85.0%
  and 79.7%), then read and used: development sets.
- phrases_blind59.yaml, phrases_blind60.yaml: written blind from that brief (adults aged 30
  to 60 on a lunch break, plain, some with a short tag or reason: "next, I'm short on
  time"; adults aged 60 to 85 new to smart speakers, plain and polite, some naming Alexa
  before or after: "just a minute, Alexa"), measured once after the samples grown from
  sets 56 and 57 (local 94.3% and 92.3%, virtual-alexa 85.0% and 73.3%), then read and
  used: development sets.
- phrases_blind58.yaml: written blind from that brief (ten typical US users of mixed ages,
  mid-routine, in their own words, at whatever length felt natural) and measured only
  after the samples grown from sets 59 and 60, the eighth honest measure: local 94.0%,
  virtual-alexa 82.3% (2026-12-04; 4.9 words a phrase, the longest of the honest sets).
  Its misses have not been read.
- phrases_blind61.yaml: written blind from that brief (ten typical users in the US and
  Canada aged 25 to 70, some on their first session and some a few weeks in, in their own
  words at their own length) and measured only, after "carry on" became next, the ninth
  honest measure: local 94.3%, virtual-alexa 84.7% when written (2026-12-04; 5.0 words a
  phrase); 94.3% and 85.7% after the samples grown from set 62. Its virtual-alexa misses
  were read on 2026-12-04 (see below).
- phrases_blind62.yaml: written blind from that brief (ten adults with everyday back pain
  from the US, the UK and Australia, in their first or second session, cautious, brisk or
  chatty, in their own words at their own length), measured once with set 61 (local 93.0%,
  virtual-alexa 78.7%), then read and used: a development set.
- phrases_blind63.yaml, phrases_blind64.yaml: written blind on 2026-12-04 from a brief
  written again on a new machine (each intent by its meaning, the names and slot ids, the
  same moments and counts; no phrasings): ten people aged 60 to 80 from the US and Canada,
  some hesitant, chatty or hard of hearing; ten office workers aged 25 to 45 from Ireland,
  India, New Zealand, Scotland and the US West Coast, casual, slangy, correcting
  themselves), measured once (local 86.7% and 86.7%, virtual-alexa 67.3% and 71.0%), then
  read and used: development sets.
- phrases_blind65.yaml: written blind with them from the same brief (ten adults with
  everyday back pain from the US, the UK, South Africa and Australia, first or second
  session, in their own words at their own length) and measured only, after the samples
  grown from sets 63 and 64: the tenth honest measure, local 95.0%, virtual-alexa 85.0%.
  Its misses have not been read.
- phrases_blind66.yaml, phrases_blind67.yaml: written blind the same day from the same
  brief (ten plain-spoken adults aged 30 to 70 from the US South and Midwest, tired in the
  evening, kids and dogs around; ten young adults aged 18 to 30 from the UK, Australia and
  the US, short, quick and casual), measured once after the samples grown from sets 63 and
  64 (local 88.3% and 94.7%, virtual-alexa 74.0% and 81.3%), then read and used:
  development sets.
- phrases_blind68.yaml: written blind with them (ten typical users aged 25 to 75 from the
  US, the UK, Canada and Australia in their first or second week, in their own words at
  their own length) and measured only, after the samples grown from sets 66 and 67: the
  eleventh honest measure, local 94.3%, virtual-alexa 81.0%. Its misses have not been read.
- phrases_blind69.yaml to phrases_blind72.yaml: written blind on 2026-12-04 (evening) from
  the same brief, kept in tests/virtual_alexa/brief/ (ten groggy US adults before work,
  mumbled, with "um", "uh", "okay so"; ten cautious adults from the US and the UK back
  from a flare-up, worried, asking before they move; ten adults from the US, Canada and
  India used to Siri and Google, talking as to a phone; ten gym-goers from the US and
  Australia, gym talk), measured once (local 94.7%, 90.3%, 97.7%, 86.7%; virtual-alexa
  71.3%, 67.0%, 91.0%, 71.0%), then read and used: development sets.
- phrases_blind73.yaml, phrases_blind74.yaml, phrases_blind75.yaml: written blind with
  them from the same brief (ten typical US adults of mixed ages, in their own words at
  their own length; ten adults aged 40 to 80 from the US and the UK in their first week;
  a mixed group of adult beginners, some terse, some chatty, some unsure of the names, the
  persona chosen by the helper itself) and measured only, before the samples grown from
  sets 69 to 72: the twelfth to fourteenth honest measures, local 95.0%, 93.7%, 97.7%,
  virtual-alexa 84.0%, 76.7%, 90.7%. Their misses have not been read. (The helpers wrote
  the exercise, routine and equipment slots as said, "resistance band"; a script mapped
  each to its id through the model's synonyms and the skill's own lookup, reading no
  phrase.)
- phrases_blind76.yaml to phrases_blind79.yaml: written blind the same evening from the
  same brief (ten busy parents from the US and the UK with children around, interrupted;
  ten polite, wordy US retirees aged 65 to 85 talking to the speaker as to a person; ten
  adults from Ireland, Scotland, Wales, New Zealand and South Africa in their own idioms;
  ten US adults working from home, between calls, half-mumbling), measured once after the
  samples grown from sets 69 to 72 (local 93.3%, 84.3%, 89.3%, 95.3%; virtual-alexa 83.7%,
  52.7%, 70.7%, 84.3%), then read and used: development sets.
- phrases_blind80.yaml, phrases_blind81.yaml: written blind with them (ten typical US
  adults of mixed ages, in their own words; ten typical adults from the US, the UK, Canada
  and Australia in their first two weeks, in their own words at their own length) and
  measured only, after the samples grown from sets 69 to 72: the fifteenth and sixteenth
  honest measures, local 94.7% and 95.7%, virtual-alexa 86.7% and 80.0%. Their misses
  have not been read.
- phrases_blind82.yaml to phrases_blind85.yaml: written blind on 2026-12-04 (late) from the
  same brief (ten typical US adults of mixed ages, some terse, some chatty, some unsure of
  the names; ten adults in the US and Canada whose first language is not English, fluent
  but sometimes more literal, "this one is paining"; ten typical adults from the UK,
  Australia and Canada in their first two weeks; ten US adults who often interrupt a set
  with the wake word), measured once after the wake word was left out as a device leaves
  it out (local 93.7%, 84.3%, 93.7%, 96.7%; virtual-alexa 78.0%, 48.7%, 87.0%, 89.0%),
  then read and used: development sets.
- phrases_blind86.yaml to phrases_blind89.yaml: written blind on 2026-12-04 (night) from the
  same brief (ten typical US adults aged 30 to 70 in their first week, some unsure of the
  names; ten older US adults aged 60 to 82, new to smart speakers, polite and a bit wordy;
  ten US adults aged 20 to 45, casual and terse, some slang; ten adults from six
  English-speaking countries after a month with the skill, plain and direct), measured once
  after eleven frames that matched one development phrase for each 1,500 characters or
  fewer went (local 93.0%, 84.7%, 93.7%, 98.0%; virtual-alexa 76.0%, 43.0%, 79.7%,
  91.3%), then read and used: development sets.
- phrases_blind90.yaml, phrases_blind91.yaml: written blind with them (ten typical US
  adults of mixed ages, in their own words at their own length; ten typical adults from
  the US, the UK, Canada and Australia in their first two weeks) and measured only, after
  the samples grown from sets 86 to 89: the seventeenth and eighteenth honest measures,
  local 92.3% and 95.7%, virtual-alexa 81.3% and 87.3%. Their misses have not been read.
- phrases_blind92.yaml to phrases_blind95.yaml: written blind on 2026-12-05 from the same
  brief (ten US adults aged 40 to 75 with chronic low back pain, a bit out of breath, in
  fragments; ten US adults aged 22 to 50 who use voice assistants every day, brisk and
  command-like; ten adults from the UK, Ireland, Australia, New Zealand, India and Canada
  in their first fortnight; ten US adults at home with family, pets or work around them,
  often adding a reason: "pause for a minute, someone's at the door"), measured once (local
  93.7%, 97.0%, 97.0%, 88.0%; virtual-alexa 82.7%, 85.7%, 86.7%, 70.3%), then read and
  used: development sets. (That morning, while the brief was being copied for them, about
  thirty lines of set 90 were printed by mistake: how-to questions, pain ratings and red
  flags. Its misses were not read, and no sample was written from those lines.)
- phrases_blind96.yaml to phrases_blind99.yaml: written blind on 2026-12-05 after the
  samples grown from sets 92 to 95 (ten US adults aged 18 to 35, casual, with "kinda",
  "lemme" and "like"; ten US adults aged 55 to 80, some hard of hearing, polite; ten adults
  in the US whose first language is Spanish, Mandarin, Hindi, Arabic or Russian, with
  simpler or more literal wording; ten US adults two weeks in, naming exercises by nickname
  or by the move), measured once (local 94.7%, 94.3%, 87.3%, 94.0%; virtual-alexa 71.7%,
  78.7%, 54.7%, 79.0%), then read and used: development sets.
- phrases_blind100.yaml, phrases_blind101.yaml: written blind after the samples grown from
  sets 96 to 99, from the briefs of sets 90 and 91 (ten typical US adults of mixed ages, in
  their own words at their own length; ten typical adults from the US, the UK, Canada and
  Australia in their first two weeks), and measured only, after everything: the nineteenth
  and twentieth honest measures, local 98.0% and 95.7%, virtual-alexa 89.0% and 90.0%.
  Their misses have not been read.
- phrases_blind102.yaml to phrases_blind105.yaml: written blind on 2026-12-05 after the
  samples grown from sets 96 to 99 (ten typical US adults on their first day, unsure what
  the skill can do; ten typical adults from the US, the UK, Canada and Australia a few
  sessions in, relaxed; ten typical US adults on the living-room floor, talking as to a
  friend coaching them; ten typical US adults at a desk or on the floor, asking about the
  exercises and their back), measured once (local 96.3%, 98.7%, 95.3%, 96.3%;
  virtual-alexa 83.3%, 87.7%, 84.0%, 86.3%), then read and used: development sets.
- phrases_blind108.yaml to phrases_blind111.yaml: written blind after the samples grown from
  sets 102 to 105 (ten typical US adults in their second week; ten typical adults from the
  UK, Ireland and Australia in their first week; ten typical US adults talking as to a
  coach in the room; ten typical US and Canadian adults doing the desk break at work or
  the floor routine at home), measured once (local 94.3%, 95.7%, 98.0%, 96.3%;
  virtual-alexa 89.0%, 84.7%, 86.3%, 88.0%), then read and used: development sets.
- phrases_blind106.yaml, phrases_blind107.yaml: written blind with sets 102 to 105, from the
  briefs of sets 90 and 91 (ten typical US adults of mixed ages, in their own words at their
  own length; ten typical adults aged 25 to 70 from the US, the UK, Canada and Australia in
  their first two weeks), kept unopened while sets 102 to 111 were grown into the samples,
  and measured only, after everything: the twenty-first and twenty-second honest measures,
  local 95.7% and 98.3%, virtual-alexa 87.3% and 90.3%. Their misses have not been read.
- phrases_blind112.yaml to phrases_blind115.yaml: written blind after the samples grown from
  sets 108 to 111 (ten typical US adults in their first week, a little impatient; ten
  typical adults from the US, the UK and Australia a month in, relaxed and brief; ten
  typical US adults aged 45 to 75 with a sore back, careful and polite; ten typical US
  adults at home with family, pets or noise around them), measured once (local 98.7%,
  98.0%, 96.3%, 95.3%; virtual-alexa 92.0%, 95.7%, 78.3%, 87.3%), then read and used:
  development sets.
- phrases_blind118.yaml to phrases_blind121.yaml: written blind after the samples grown from
  sets 112 to 115 (ten typical US adults a week or two in, some asking about the exercise
  they are on; ten typical adults from Canada, the UK, Ireland and Australia in their first
  week; ten typical US adults before bed or first thing in the morning, a little sleepy; ten
  typical US adults new to voice skills for exercise), measured once (local 96.7%, 96.0%,
  96.3%, 97.3%; virtual-alexa 85.7%, 84.3%, 89.0%, 86.0%), then read and used: development
  sets.
- phrases_blind122.yaml to phrases_blind125.yaml: written blind after the samples grown from
  sets 118 to 121 (ten typical US adults in their first two weeks; ten typical adults from
  the US, the UK, Canada and Australia a few weeks in; ten typical US adults with mild
  everyday back pain, some stiff or sore that day; ten typical US adults who talk to Alexa a
  lot at home, casual and quick), measured once (local 97.3%, 98.7%, 98.7%, 97.3%;
  virtual-alexa 91.0%, 91.0%, 89.0%, 93.0%), then read and used: development sets.
- phrases_blind126.yaml to phrases_blind129.yaml: written blind after the samples grown from
  sets 122 to 125 (ten typical US adults on a lunch break at work or at a desk; ten typical
  US adults, some older and slower to find words; ten typical US adults a month in, relaxed
  and chatty; ten typical US adults recovering from a sore back this week, careful and a
  little worried), measured once (local 94.0%, 97.0%, 96.7%, 96.3%; virtual-alexa 80.3%,
  89.7%, 86.7%, 85.3%), then read and used: development sets.
- phrases_blind132.yaml to phrases_blind135.yaml: written blind after the samples grown from
  sets 126 to 129 (ten typical US adults in their first week, on a yoga mat in the living
  room; ten typical adults from the US, the UK and Australia a couple of weeks in; ten typical
  US adults easily sidetracked, asking lots of questions; ten typical US adults in the
  evening after a long day, tired but keen), measured once (local 98.0%, 98.7%, 97.3%, 98.0%;
  virtual-alexa 88.7%, 87.7%, 80.7%, 92.7%), then read and used: development sets.
- phrases_blind136.yaml to phrases_blind139.yaml: written blind after the samples grown from
  sets 132 to 135 (ten typical US adults on their second or third day, still learning what to
  say; ten fit US adults a little impatient with slow instructions; ten typical US adults with
  a partner or a friend in the room; ten typical US and Canadian adults a few weeks in, most
  mornings), measured once (local 99.0%, 98.7%, 95.0%, 99.3%; virtual-alexa 91.3%, 92.0%,
  86.0%, 90.3%), then read and used: development sets.
- phrases_blind140.yaml to phrases_blind143.yaml: written blind after the samples grown from
  sets 136 to 139 (ten typical US adults after a long drive or a flight, stiff and a bit grumpy;
  ten typical adults from the UK, Canada and Australia in their first month; ten chatty, polite
  US adults talking to the skill like a person; ten typical US adults on an unhurried weekend
  morning), measured once (local 94.3%, 98.7%, 92.7%, 98.3%; virtual-alexa 86.3%, 89.7%,
  69.3%, 87.3%), then read and used: development sets.
- phrases_blind146.yaml to phrases_blind149.yaml: written blind while sets 140 to 143 were
  being grown into the samples (ten typical US adults on a break at work, a bit self-conscious
  and brief; ten typical adults from Ireland, Scotland, New Zealand and India a week or two in;
  ten cautious US adults with years of back pain, asking whether things are safe; ten typical
  US adults late at night before bed, relaxed and a bit sleepy), measured once (local 96.3%,
  96.0%, 94.0%, 97.3%; virtual-alexa 89.3%, 83.3%, 74.0%, 88.3%), then read and used:
  development sets.
- phrases_blind150.yaml to phrases_blind153.yaml: written blind after the samples grown from
  sets 140 to 149 (ten typical US adults with a bit of back pain after yard work or lifting
  something; ten typical adults from Canada, the UK and South Africa who talk to voice
  assistants every day; ten typical US adults not confident with technology, unsure what they
  may say; ten typical US adults with children or pets around, often interrupted), measured
  once (local 96.3%, 97.0%, 95.7%, 93.0%; virtual-alexa 89.7%, 91.7%, 84.0%, 83.7%), then read
  and used: development sets.
- phrases_blind156.yaml to phrases_blind159.yaml: written blind after the samples grown from
  sets 150 to 153 (ten typical US adults aged 60 to 80 at home a few weeks in, slow and polite,
  often in whole sentences; ten typical US adults at a standing desk or in a small office, short
  on time and often distracted; ten typical adults from Australia, New Zealand, the UK and
  Ireland a couple of weeks in, relaxed, in their own everyday expressions; ten typical US and
  Canadian adults whose back is playing up that day, a bit worried, asking about pain and
  safety), measured once (local 93.7%, 96.7%, 94.7%, 85.7%; virtual-alexa 64.7%, 85.3%, 76.7%,
  64.7%), then read and used: development sets.
- phrases_blind162.yaml to phrases_blind165.yaml: written blind after the samples grown from
  sets 156 to 159 (ten typical US adults in their first week on the floor, many starting with
  "um", "uh", "okay so" or "wait"; ten typical adults from India, Singapore, the Philippines,
  Nigeria and South Africa who use English every day; ten typical US adults doing the routine
  with a partner or a friend in the room, a bit playful, often saying "we"; ten typical US and
  Canadian adults back after a few weeks off, a bit rusty), measured once (local 98.3%, 87.3%,
  88.0%, 93.0%; virtual-alexa 70.0%, 61.7%, 57.7%, 75.3%), then read and used: development sets.
- phrases_blind116.yaml, phrases_blind117.yaml: written blind with sets 112 to 115 (ten
  typical US adults of mixed ages on the floor at home in their first week; ten typical
  adults of mixed ages from the US and the UK a few sessions in; both in their own words at
  their own length), kept unopened while sets 112 to 125 were grown into the samples, and
  measured only, after everything: the twenty-third and twenty-fourth honest measures,
  local 97.3% and 98.3%, virtual-alexa 89.0% and 88.3%. Their misses have not been read.
- phrases_blind130.yaml, phrases_blind131.yaml: written blind with sets 126 to 129 (ten
  typical US adults of mixed ages in their first two weeks; ten typical US adults of mixed ages
  who talk to Alexa every day; both in their own words at their own length), kept unopened
  while sets 126 to 139 were grown into the samples, and measured only, after everything: the
  twenty-fifth and twenty-sixth honest measures, local 97.7% and 97.7%, virtual-alexa 89.7% and
  94.7%. Their misses have not been read.
- phrases_blind144.yaml, phrases_blind145.yaml: written blind with sets 140 to 143 (ten
  typical US adults of mixed ages in their first two weeks; ten typical adults of mixed ages
  from the US and other English-speaking countries a few sessions in; both in their own words
  at their own length), kept unopened while sets 140 to 149 were grown into the samples, and
  measured only, after everything: the twenty-seventh and twenty-eighth honest measures, local
  98.3% and 98.7%, virtual-alexa 90.7% and 91.3%. Their misses have not been read.
- phrases_blind154.yaml, phrases_blind155.yaml: written blind with sets 150 to 153 (ten
  typical US adults of mixed ages in their first two weeks; ten typical adults of mixed ages
  from the US and other English-speaking countries a few sessions in; both in their own words
  at their own length), kept unopened while sets 150 to 153 were grown into the samples, and
  measured only, after everything: the twenty-ninth and thirtieth honest measures, local 97.7%
  and 97.3%, virtual-alexa 91.0% and 84.7%. Their misses have not been read.
- phrases_blind160.yaml, phrases_blind161.yaml: written blind with sets 156 to 159 (ten
  typical US adults of mixed ages at home on the floor or in a chair in their first two weeks;
  ten typical adults of mixed ages from the US and other English-speaking countries a few
  sessions in; both in their own words at their own length), kept unopened while sets 156 to
  159 were grown into the samples, and measured only, after everything: the thirty-first and
  thirty-second honest measures, local 97.7% and 97.3%, virtual-alexa 80.0% and 86.7%. Their
  misses have not been read.
- phrases_blind166.yaml, phrases_blind167.yaml: written blind with sets 162 to 165 (ten
  typical US adults of mixed ages in their first two weeks; ten typical adults of mixed ages
  from the US and other English-speaking countries a few sessions in; both in their own words
  at their own length), kept unopened while sets 162 to 165 were grown into the samples, and
  measured only, after everything: the thirty-third and thirty-fourth honest measures, local
  98.0% and 96.3%, virtual-alexa 85.3% and 80.7%. Their misses have not been read.

(On 2026-12-03, while looking for kinds of misses before sets 49 to 51 were written, the
virtual-alexa misses of the honest sets 5, 7, 10, 16 and 44 were printed and read. No
sample was written from them, but sets 50 and 51 share a few phrasings with them ("once
more", "how many band pull aparts"), so those sets' figures since then are not wholly
blind; phrases_blind49.yaml, phrases_blind52.yaml, phrases_blind55.yaml and
phrases_blind58.yaml, written after, are. On 2026-12-04, while checking the measuring tool
on a new machine before sets 63 and 64 were written, set 61's virtual-alexa misses were
printed and read; three of them match samples grown from sets 63 and 64 whose wording was
widened a step past the development phrase ("I got up too fast and now I'm dizzy", "I've
had a fever all day and my back is killing me", "my lower back is really sore doing
this"), so set 61 is no longer wholly blind: 86.7% through virtual-alexa since, 85.7%
without those three. phrases_blind65.yaml, phrases_blind68.yaml, sets 73 to 75 and sets 80 and 81 are blind.)

Through virtual-alexa each set takes about two minutes, so a plain test run measures
the twenty honest sets only; `UNDERSTANDING_ALL=1 pytest tests/sim/test_understanding.py`
measures every set. `python -m skill.tools.understanding --phrases <file>` prints every miss.
"""

from __future__ import annotations

import os

import pytest

from skill.tools.understanding import (
    THRESHOLD,
    VIRTUAL_ALEXA_DIR,
    load_phrases,
    measure_matcher,
    measure_virtual_alexa,
    phrase_problems,
    virtual_alexa_unavailable,
)

pytestmark = pytest.mark.integration

# phrase set: (local matcher floor, virtual-alexa floor), in percent
FLOORS = {
    "phrases.yaml": (99.5, 97.5),
    "phrases_blind.yaml": (99.5, 99.5),
    "phrases_blind2.yaml": (99.0, 95.5),
    "phrases_blind3.yaml": (96.0, 87.5),
    "phrases_blind4.yaml": (98.5, 97.0),
    "phrases_blind5.yaml": (96.5, 75.0),
    "phrases_blind6.yaml": (99.0, 97.0),
    "phrases_blind7.yaml": (96.0, 88.0),
    "phrases_blind8.yaml": (99.0, 96.0),
    "phrases_blind9.yaml": (97.5, 96.0),
    "phrases_blind10.yaml": (98.0, 94.0),
    "phrases_blind11.yaml": (99.0, 97.5),
    "phrases_blind12.yaml": (98.0, 97.0),
    "phrases_blind13.yaml": (99.0, 93.0),
    "phrases_blind14.yaml": (62.0, 15.0),
    "phrases_blind15.yaml": (93.0, 83.0),
    "phrases_blind16.yaml": (97.0, 93.0),
    "phrases_blind17.yaml": (98.0, 98.0),
    "phrases_blind18.yaml": (99.0, 97.5),
    "phrases_blind19.yaml": (99.5, 97.5),
    "phrases_blind20.yaml": (99.0, 97.5),
    "phrases_blind21.yaml": (99.0, 97.5),
    "phrases_blind22.yaml": (99.0, 98.0),
    "phrases_blind23.yaml": (100.0, 99.0),
    "phrases_blind24.yaml": (99.5, 98.5),
    "phrases_blind25.yaml": (100.0, 98.0),
    "phrases_blind26.yaml": (100.0, 99.0),
    "phrases_blind27.yaml": (100.0, 94.5),
    "phrases_blind28.yaml": (98.5, 95.5),
    "phrases_blind29.yaml": (99.0, 99.0),
    "phrases_blind30.yaml": (99.0, 99.0),
    "phrases_blind31.yaml": (99.0, 99.0),
    "phrases_blind32.yaml": (99.5, 99.0),
    "phrases_blind33.yaml": (99.0, 98.5),
    "phrases_blind34.yaml": (98.0, 95.0),
    "phrases_blind35.yaml": (99.0, 98.5),
    "phrases_blind36.yaml": (99.0, 98.0),
    "phrases_blind37.yaml": (100.0, 99.0),
    "phrases_blind38.yaml": (98.5, 98.0),
    "phrases_blind39.yaml": (99.5, 99.0),
    "phrases_blind40.yaml": (99.0, 98.0),
    "phrases_blind41.yaml": (100.0, 98.5),
    "phrases_blind42.yaml": (99.0, 97.5),
    "phrases_blind43.yaml": (99.0, 97.0),
    "phrases_blind44.yaml": (98.5, 88.0),
    "phrases_blind45.yaml": (98.5, 97.5),
    "phrases_blind46.yaml": (99.5, 98.5),
    "phrases_blind47.yaml": (99.0, 96.0),
    "phrases_blind48.yaml": (99.0, 97.0),
    "phrases_blind49.yaml": (99.0, 96.5),
    "phrases_blind50.yaml": (98.0, 95.0),
    "phrases_blind51.yaml": (95.0, 93.5),
    "phrases_blind52.yaml": (98.5, 93.0),
    "phrases_blind53.yaml": (78.0, 14.0),
    "phrases_blind54.yaml": (97.0, 91.0),
    "phrases_blind55.yaml": (98.0, 91.5),
    "phrases_blind56.yaml": (99.0, 94.0),
    "phrases_blind57.yaml": (99.5, 92.5),
    "phrases_blind58.yaml": (96.5, 88.0),
    "phrases_blind59.yaml": (99.0, 98.0),
    "phrases_blind60.yaml": (100.0, 96.5),
    "phrases_blind61.yaml": (97.0, 91.0),
    "phrases_blind62.yaml": (98.0, 95.0),
    "phrases_blind63.yaml": (95.5, 91.0),
    "phrases_blind64.yaml": (93.5, 87.0),
    "phrases_blind65.yaml": (98.0, 89.5),
    "phrases_blind66.yaml": (97.5, 96.5),
    "phrases_blind67.yaml": (98.5, 98.0),
    "phrases_blind68.yaml": (97.0, 85.0),
    "phrases_blind69.yaml": (99.0, 98.5),
    "phrases_blind70.yaml": (99.5, 99.0),
    "phrases_blind71.yaml": (100.0, 99.0),
    "phrases_blind72.yaml": (99.0, 98.0),
    "phrases_blind73.yaml": (98.5, 88.5),
    "phrases_blind74.yaml": (96.5, 82.5),
    "phrases_blind75.yaml": (99.0, 94.5),
    "phrases_blind76.yaml": (98.5, 97.0),
    "phrases_blind77.yaml": (98.5, 92.0),
    "phrases_blind78.yaml": (99.0, 97.0),
    "phrases_blind79.yaml": (99.0, 96.5),
    "phrases_blind80.yaml": (97.5, 90.0),
    "phrases_blind81.yaml": (97.0, 85.5),
    "phrases_blind82.yaml": (99.0, 98.0),
    "phrases_blind83.yaml": (99.0, 99.0),
    "phrases_blind84.yaml": (99.0, 99.0),
    "phrases_blind85.yaml": (99.0, 98.0),
    "phrases_blind86.yaml": (98.0, 97.0),
    "phrases_blind87.yaml": (96.0, 83.0),
    "phrases_blind88.yaml": (99.5, 99.0),
    "phrases_blind89.yaml": (99.5, 99.0),
    "phrases_blind90.yaml": (95.0, 86.5),
    "phrases_blind91.yaml": (97.0, 89.0),
    "phrases_blind92.yaml": (98.0, 96.0),
    "phrases_blind93.yaml": (99.5, 98.0),
    "phrases_blind94.yaml": (99.5, 98.5),
    "phrases_blind95.yaml": (94.0, 88.0),
    "phrases_blind96.yaml": (99.0, 97.0),
    "phrases_blind97.yaml": (99.0, 98.0),
    "phrases_blind98.yaml": (98.5, 97.5),
    "phrases_blind99.yaml": (99.5, 98.0),
    "phrases_blind100.yaml": (99.0, 93.5),
    "phrases_blind101.yaml": (97.0, 91.5),
    "phrases_blind102.yaml": (99.5, 98.5),
    "phrases_blind103.yaml": (99.0, 98.0),
    "phrases_blind104.yaml": (99.0, 98.0),
    "phrases_blind106.yaml": (96.0, 88.0),
    "phrases_blind107.yaml": (98.5, 91.0),
    "phrases_blind105.yaml": (99.5, 99.0),
    "phrases_blind108.yaml": (99.0, 98.0),
    "phrases_blind109.yaml": (99.0, 98.0),
    "phrases_blind110.yaml": (99.5, 99.0),
    "phrases_blind111.yaml": (99.0, 98.0),
    "phrases_blind112.yaml": (99.5, 99.0),
    "phrases_blind113.yaml": (99.0, 99.0),
    "phrases_blind114.yaml": (99.5, 99.0),
    "phrases_blind115.yaml": (99.0, 98.5),
    "phrases_blind118.yaml": (99.5, 99.0),
    "phrases_blind119.yaml": (98.0, 98.0),
    "phrases_blind120.yaml": (99.0, 98.5),
    "phrases_blind121.yaml": (99.5, 98.5),
    "phrases_blind122.yaml": (99.5, 99.0),
    "phrases_blind123.yaml": (99.0, 98.5),
    "phrases_blind124.yaml": (99.0, 98.5),
    "phrases_blind125.yaml": (99.0, 99.0),
    "phrases_blind126.yaml": (98.0, 97.0),
    "phrases_blind127.yaml": (99.0, 97.0),
    "phrases_blind128.yaml": (99.0, 97.5),
    "phrases_blind129.yaml": (99.0, 98.5),
    "phrases_blind132.yaml": (99.0, 97.5),
    "phrases_blind133.yaml": (99.0, 97.5),
    "phrases_blind134.yaml": (98.0, 94.0),
    "phrases_blind135.yaml": (99.0, 98.0),
    "phrases_blind136.yaml": (99.0, 93.0),
    "phrases_blind137.yaml": (99.0, 93.0),
    "phrases_blind138.yaml": (95.5, 86.5),
    "phrases_blind139.yaml": (99.5, 91.0),
    "phrases_blind140.yaml": (97.5, 96.0),
    "phrases_blind141.yaml": (99.0, 97.0),
    "phrases_blind142.yaml": (98.0, 96.5),
    "phrases_blind143.yaml": (99.0, 98.0),
    "phrases_blind146.yaml": (98.5, 96.5),
    "phrases_blind147.yaml": (98.0, 96.0),
    "phrases_blind148.yaml": (99.0, 98.0),
    "phrases_blind149.yaml": (99.0, 97.0),
    "phrases_blind150.yaml": (98.5, 98.0),
    "phrases_blind151.yaml": (98.0, 97.0),
    "phrases_blind152.yaml": (98.0, 97.5),
    "phrases_blind153.yaml": (96.0, 95.0),
    "phrases_blind116.yaml": (97.0, 89.0),
    "phrases_blind117.yaml": (98.0, 89.0),
    "phrases_blind130.yaml": (97.5, 90.0),
    "phrases_blind131.yaml": (98.0, 95.5),
    "phrases_blind144.yaml": (98.0, 91.0),
    "phrases_blind145.yaml": (98.5, 91.0),
    "phrases_blind154.yaml": (97.5, 91.0),
    "phrases_blind155.yaml": (97.0, 84.5),
    "phrases_blind156.yaml": (96.0, 86.0),
    "phrases_blind157.yaml": (97.0, 92.0),
    "phrases_blind158.yaml": (96.5, 90.0),
    "phrases_blind159.yaml": (88.0, 78.0),
    "phrases_blind160.yaml": (97.5, 80.0),
    "phrases_blind161.yaml": (97.0, 86.5),
    "phrases_blind162.yaml": (98.0, 76.5),
    "phrases_blind163.yaml": (88.0, 71.5),
    "phrases_blind164.yaml": (88.0, 72.0),
    "phrases_blind165.yaml": (93.0, 82.5),
    "phrases_blind166.yaml": (98.0, 85.0),
    "phrases_blind167.yaml": (96.0, 80.5),
}
UNAVAILABLE = virtual_alexa_unavailable()
HONEST = ("phrases_blind7.yaml", "phrases_blind10.yaml", "phrases_blind16.yaml", "phrases_blind44.yaml",
          "phrases_blind49.yaml", "phrases_blind52.yaml", "phrases_blind55.yaml",
          "phrases_blind58.yaml", "phrases_blind61.yaml", "phrases_blind65.yaml",
          "phrases_blind68.yaml", "phrases_blind73.yaml", "phrases_blind74.yaml",
          "phrases_blind75.yaml", "phrases_blind80.yaml", "phrases_blind81.yaml",
          "phrases_blind90.yaml", "phrases_blind91.yaml", "phrases_blind100.yaml", "phrases_blind101.yaml",
          "phrases_blind106.yaml", "phrases_blind107.yaml", "phrases_blind116.yaml", "phrases_blind117.yaml",
          "phrases_blind130.yaml", "phrases_blind131.yaml",
          "phrases_blind144.yaml", "phrases_blind145.yaml", "phrases_blind154.yaml",
          "phrases_blind155.yaml", "phrases_blind160.yaml", "phrases_blind161.yaml",
          "phrases_blind166.yaml", "phrases_blind167.yaml")
THROUGH_VIRTUAL_ALEXA = sorted(FLOORS) if os.environ.get("UNDERSTANDING_ALL") else list(HONEST)


def test_every_phrase_set_has_a_floor_and_the_honest_ones_meet_the_target_locally():
    assert set(FLOORS) == {p.name for p in VIRTUAL_ALEXA_DIR.glob("phrases*.yaml")}
    assert all(FLOORS[name][0] >= THRESHOLD for name in HONEST)
    for name in FLOORS:  # every label names an intent the skill has, and only its slots
        assert phrase_problems(load_phrases(VIRTUAL_ALEXA_DIR / name)) == [], name


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_the_local_matcher_understands(name):
    score = measure_matcher(load_phrases(VIRTUAL_ALEXA_DIR / name))
    assert score.percent >= FLOORS[name][0], _misses(score)


@pytest.mark.skipif(UNAVAILABLE is not None, reason=f"virtual-alexa cannot run: {UNAVAILABLE}")
@pytest.mark.parametrize("name", THROUGH_VIRTUAL_ALEXA)
def test_virtual_alexa_understands(name):
    score = measure_virtual_alexa(load_phrases(VIRTUAL_ALEXA_DIR / name))
    assert score.percent >= FLOORS[name][1], _misses(score)


def _misses(score) -> str:
    lines = [f"{score.name}: {score.hits}/{score.total} ({score.percent:.1f}%)"]
    lines += [f"  {phrase.say!r}: expected {phrase.intent}, got {heard.describe()}"
              for phrase, heard in score.misses[:40]]
    return "\n".join(lines)
