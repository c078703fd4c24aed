"""The starter set every program begins with: short texts written for
Tandem, one or two per stage. A program admin edits or deletes them like
any other resource (``db.resources.seed`` gives each its id in the program)."""
from __future__ import annotations

STARTER = [
    {"key": "agenda", "order": 1, "stage": "first-meeting", "audience": "both",
     "title": "A first-meeting agenda",
     "text": "Plan an hour. 1) Ten minutes each on who you are and what brought you here. "
             "2) What the mentee wants from the next months, in her words. 3) What the "
             "mentor can offer, and what she cannot. 4) How you will work: how often you "
             "meet, where, how you reach each other between meetings, what stays between "
             "you. 5) One goal to draft before the next meeting. Note the date of the next "
             "meeting before you part."},
    {"key": "goals", "order": 2, "stage": "first-meeting", "audience": "both",
     "title": "Setting goals that can be measured",
     "text": "A goal you can measure says what will be different, by when, and how you "
             "will both know. \"Get better at presenting\" becomes \"Present our team's "
             "results at the March review and ask two colleagues for feedback\". Split it "
             "into milestones you can tick, keep two or three goals at a time, and revisit "
             "them every month: changing a goal is progress, not failure."},
    {"key": "listening", "order": 1, "stage": "first-month", "audience": "both",
     "title": "Active listening",
     "text": "Listen to understand, not to answer. Let silences run a little longer than "
             "is comfortable. Ask open questions (what, how, tell me more) before giving "
             "advice, and check what you heard: \"So what worries you most is…?\". Notice "
             "what is not said. Mentors: aim to talk less than half of the time."},
    {"key": "feedback", "order": 2, "stage": "first-month", "audience": "both",
     "title": "Giving and receiving feedback",
     "text": "Give feedback about something seen, soon after, in private: what happened, "
             "its effect, and what might work better next time. Ask before you give it. "
             "When you receive it, listen to the end, ask for an example, thank the giver "
             "and decide later what to do with it. Feedback is a gift, not a verdict."},
    {"key": "inclusion", "order": 1, "stage": "mid-point", "audience": "both",
     "title": "Unconscious bias and inclusion",
     "text": "Everyone has shortcuts in judgement shaped by background and habit: we warm "
             "to people like us and read the same behaviour differently in others. In "
             "mentoring this shows in whose ambitions we take seriously and which advice "
             "we give. Ask about your partner's experience instead of assuming it, notice "
             "when \"fit\" means \"like me\", and open doors you would open for yourself."},
    {"key": "closing", "order": 1, "stage": "closing", "audience": "both",
     "title": "Closing well",
     "text": "Plan the last meeting as carefully as the first. Look back at your goals: "
             "what was reached, what changed, what is next. Say what you learned from "
             "each other. Agree whether and how you stay in touch, then close the match "
             "on My mentoring and answer its short survey: it helps the next pairs."},
]
